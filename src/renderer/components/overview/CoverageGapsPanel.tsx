import type { Overview } from '../../../core/api/schemas/replicas.ts';
import { formatCount } from '../../format.ts';
import { Panel } from '../Panel.tsx';

/** What this replica cannot vouch for (agents without a score or owner, rejected or unverified entries…). */
export function CoverageGapsPanel({ gaps }: { gaps: Overview['coverageGaps'] }) {
  return (
    <Panel title="Coverage gaps" className="panel-wide">
      {gaps.length === 0 ? (
        <p>No coverage gaps: every agent has an owner and a current score, and every entry is verified.</p>
      ) : (
        <ul className="gap-list">
          {gaps.map((gap) => (
            <li key={gap.code} className="gap">
              <span className="gap-count">{formatCount(gap.count)}</span>
              <span className="gap-text">
                {gap.description} <code className="muted">{gap.code}</code>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
