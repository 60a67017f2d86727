import type { AgentDetail } from '../../core/api/schemas/agents.ts';
import { formatCount } from '../format.ts';
import { routeToHash } from '../router.ts';
import { InclusionProof } from '../log/InclusionProof.tsx';
import { LocalTime } from '../components/LocalTime.tsx';

/** The verifier's findings about this agent, each linked to its entry. */
export function FindingsPanel({ findings }: { findings: AgentDetail['findings'] }) {
  return (
    <section className="panel" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings</h2>
      {findings.length === 0 ? (
        <p className="ok">No verification finding about this agent.</p>
      ) : (
        <ul className="finding-list">
          {findings.map((f, i) => (
            <li key={i} className={`finding sev-border-${f.severity}`}>
              <span className={`badge sev-${f.severity}`}>{f.severity}</span> <code>{f.code}</code> {f.message}
              {f.index !== null && (
                <>
                  {' '}
                  <a href={routeToHash({ screen: 'log', index: f.index })}>Entry {formatCount(f.index)}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const ACTION_WORDS: Readonly<Record<string, string>> = { revoke: 'Revoked', suspend: 'Suspended', reinstate: 'Reinstated' };

/** The revocation (or latest suspension) of the agent, with the receipt's inclusion proof. */
export function RevocationPanel({ revocation }: { revocation: AgentDetail['revocation'] }) {
  if (revocation === null) {
    return (
      <section className="panel" aria-labelledby="revocation-title">
        <h2 id="revocation-title">Revocation</h2>
        <p>This agent has not been revoked or suspended.</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="revocation-title">
      <h2 id="revocation-title">Revocation</h2>
      <p>
        {ACTION_WORDS[revocation.action] ?? revocation.action} at <a href={routeToHash({ screen: 'log', index: revocation.index })}>entry {formatCount(revocation.index)}</a>,{' '}
        <LocalTime value={revocation.time} />. Reason: {revocation.reason}
      </p>
      <InclusionProof proof={revocation.proof} title="Revocation inclusion proof" />
    </section>
  );
}
