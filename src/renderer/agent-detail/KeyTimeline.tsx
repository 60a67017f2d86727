import type { AgentDetail } from '../../core/api/schemas/agents.ts';
import { LocalTime } from '../components/LocalTime.tsx';
import { formatCount, shortHex } from '../format.ts';
import { routeToHash } from '../router.ts';
import { keyState, keysUsedAfterCompromise } from './key-timeline.ts';

const STATE_LABELS = { current: 'Current', retired: 'Retired', compromised: 'Compromised' } as const;

/** The agent's keys in order: added, retired (rotation), reported compromised, and any use after compromise flagged. */
export function KeyTimeline({ keys }: { keys: AgentDetail['keys'] }) {
  const misused = keysUsedAfterCompromise(keys);
  return (
    <section className="panel" aria-labelledby="keys-title">
      <h2 id="keys-title">Key timeline</h2>
      {misused > 0 && (
        <p className="callout callout-bad" role="note">
          {misused} {misused === 1 ? 'key was' : 'keys were'} used after being reported compromised.
        </p>
      )}
      <ol className="timeline">
        {keys.map((key) => {
          const state = keyState(key);
          return (
            <li key={key.position} className={`timeline-item key-${state}`}>
              <p className="timeline-head">
                <strong>Key {key.position + 1}</strong> <span className={`badge badge-key-${state}`}>{STATE_LABELS[state]}</span>{' '}
                <code className="hash" title={key.did}>
                  {shortHex(key.did, 16)}
                </code>
              </p>
              <ul className="timeline-events">
                <li>
                  Added at <a href={routeToHash({ screen: 'log', index: key.addedIndex })}>entry {formatCount(key.addedIndex)}</a>,{' '}
                  <LocalTime value={key.addedTime} />
                </li>
                {key.retiredIndex !== null && (
                  <li>
                    Rotated out at <a href={routeToHash({ screen: 'log', index: key.retiredIndex })}>entry {formatCount(key.retiredIndex)}</a>,{' '}
                    <LocalTime value={key.retiredTime} />
                  </li>
                )}
                {key.compromisedAt !== null && (
                  <li className="bad">
                    Compromised from <LocalTime value={key.compromisedAt} />
                    {key.reportedIndex !== null && (
                      <>
                        , reported at <a href={routeToHash({ screen: 'log', index: key.reportedIndex })}>entry {formatCount(key.reportedIndex)}</a>
                      </>
                    )}
                  </li>
                )}
                {key.usedAfterCompromise > 0 && (
                  <li className="bad">
                    <strong>Used {formatCount(key.usedAfterCompromise)} times after the compromise</strong>
                  </li>
                )}
                <li>
                  Last used <LocalTime value={key.lastUsedTime} />
                </li>
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
