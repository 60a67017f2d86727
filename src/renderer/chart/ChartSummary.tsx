import type { SeriesSummary } from '../../core/chart/series-summary.ts';
import { formatCount, formatLocalTime } from '../format.ts';
import { LocalTime } from '../components/LocalTime.tsx';
import type { TrustSeries } from './trust-series.ts';

const MAX_LISTED_ANOMALIES = 20;

/** One sentence that names the chart's content (its accessible name). */
export function summarySentence(s: SeriesSummary): string {
  if (s.points === 0 || s.firstX === null || s.latestX === null) return 'Trust score history: no scores recorded.';
  return (
    `Trust score history: ${formatCount(s.points)} scores from ${formatLocalTime(s.firstX, true)} to ${formatLocalTime(s.latestX, true)}; ` +
    `latest ${s.latest}, lowest ${s.min}, highest ${s.max}; ${formatCount(s.anomalies)} ${s.anomalies === 1 ? 'anomaly' : 'anomalies'}.`
  );
}

/**
 * The chart's text alternative (visually hidden, read by screen readers): the summary as a table
 * and the most recent anomalies.
 */
export function ChartSummary({ summary, series }: { summary: SeriesSummary; series: TrustSeries }) {
  const recent = series.anomalyDetails.slice(-MAX_LISTED_ANOMALIES).reverse();
  return (
    <div className="visually-hidden">
      <table>
        <caption>Trust score summary</caption>
        <tbody>
          <tr>
            <th scope="row">Scores recorded</th>
            <td>{formatCount(summary.points)}</td>
          </tr>
          <tr>
            <th scope="row">Latest score</th>
            <td>
              {summary.latest ?? '—'} {summary.latestX !== null && <LocalTime value={summary.latestX} />}
            </td>
          </tr>
          <tr>
            <th scope="row">Lowest score</th>
            <td>{summary.min ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">Highest score</th>
            <td>{summary.max ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">Anomalies</th>
            <td>{formatCount(summary.anomalies)}</td>
          </tr>
        </tbody>
      </table>
      {recent.length > 0 && (
        <table>
          <caption>Most recent anomalies</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Score</th>
              <th scope="col">Kind</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((a, i) => (
              <tr key={i}>
                <td>
                  <LocalTime value={a.timeMs} />
                </td>
                <td>{a.score}</td>
                <td>{a.kind}</td>
                <td>{a.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
