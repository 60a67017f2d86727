import type { Overview } from '../../../core/api/schemas/replicas.ts';
import { formatCount } from '../../format.ts';
import { Panel } from '../Panel.tsx';
import { histogramBars } from './trust-histogram.ts';

/**
 * The trust-score distribution as a table drawn as bars: each row has its range and count in text,
 * so the chart reads the same without colour or sight. Band colours follow DESIGN §3.
 */
export function TrustPanel({ overview }: { overview: Overview }) {
  const bars = histogramBars(overview.trust.histogram);
  const unscored = Math.max(0, overview.agents.total - overview.trust.scored);
  return (
    <Panel title="Trust scores">
      <p className="muted">
        {formatCount(overview.trust.scored)} agents with a current score{unscored > 0 ? `, ${formatCount(unscored)} without` : ''}.
      </p>
      <table className="bar-chart">
        <caption className="visually-hidden">Agents per trust-score range</caption>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Score range</th>
            <th scope="col">Agents</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row" className="bar-label">
                {bar.label}
                <span className="visually-hidden"> ({bar.bandLabel})</span>
              </th>
              <td className="bar-cell">
                <span className={`bar bar-${bar.band}`} style={{ width: `${bar.percent}%` }} />
                <span className="bar-value">{formatCount(bar.count)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="legend muted">Bands: 90–100 full autonomy · 70–89 normal · 50–69 alert · 30–49 human approval · 0–29 suspension.</p>
    </Panel>
  );
}
