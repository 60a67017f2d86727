import { useState } from 'react';
import type { RevocationSummary } from '../../../core/api/schemas/replicas.ts';
import { formatCount } from '../../format.ts';
import { routeToHash } from '../../router.ts';
import { LocalTime } from '../LocalTime.tsx';
import { Panel } from '../Panel.tsx';

const ACTION_LABELS: Readonly<Record<RevocationSummary['action'], string>> = { revoke: 'Revoked', suspend: 'Suspended', reinstate: 'Reinstated' };
const TONES: Readonly<Record<RevocationSummary['action'], string>> = { revoke: 'danger', suspend: 'warning', reinstate: 'ok' };
/** Targets listed by name; the rest are counted. */
const MAX_TARGETS = 5;

/** Shown before "Show all". */
const FIRST_SHOWN = 6;

/** Recent revocations, suspensions and reinstatements, each linking to its agents and its log entry. */
export function RecentActionsPanel({ actions }: { actions: readonly RevocationSummary[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? actions : actions.slice(0, FIRST_SHOWN);
  return (
    <Panel title="Recent revocations and suspensions" className="panel-span-2">
      {actions.length === 0 ? (
        <p>No agent has been revoked, suspended or reinstated in this log.</p>
      ) : (
        <ol className="event-list">
          {shown.map((action) => (
            <li key={action.index} className="event">
              <p className="event-head">
                <span className={`tag tag-${TONES[action.action]}`}>{ACTION_LABELS[action.action]}</span>
                <LocalTime value={action.time} />
                <a className="link" href={routeToHash({ screen: 'log', index: action.index })}>
                  Entry #{formatCount(action.index)}
                </a>
                <span className="muted">
                  by {action.by} · tenant{' '}
                  <span className={action.tenantName === null ? 'mono' : undefined} title={action.tenant}>
                    {action.tenantName ?? action.tenant}
                  </span>
                  {action.affected > action.targets.length ? ` · ${formatCount(action.affected)} agents affected` : ''}
                </span>
              </p>
              <p className="event-targets">
                {action.targets.slice(0, MAX_TARGETS).map((target, i) => (
                  <span key={target}>
                    {i > 0 && ', '}
                    <a className="link break" href={routeToHash({ screen: 'agent', agentId: target })}>
                      {target}
                    </a>
                  </span>
                ))}
                {action.targets.length > MAX_TARGETS && <span className="muted"> and {formatCount(action.targets.length - MAX_TARGETS)} more</span>}
              </p>
              {action.reason !== '' && <p className="event-reason">Reason: {action.reason}</p>}
            </li>
          ))}
        </ol>
      )}
      {actions.length > FIRST_SHOWN && (
        <p className="actions">
          <button type="button" className="button button-quiet button-small" aria-expanded={all} onClick={() => setAll(!all)}>
            {all ? `Show the first ${FIRST_SHOWN}` : `Show all ${actions.length}`}
          </button>
        </p>
      )}
    </Panel>
  );
}
