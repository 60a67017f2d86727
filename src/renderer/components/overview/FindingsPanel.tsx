import { useState } from 'react';
import type { Overview } from '../../../core/api/schemas/replicas.ts';
import { formatAge, formatCount } from '../../format.ts';
import { routeToHash } from '../../router.ts';
import type { ShownError } from '../../api.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { LocalTime } from '../LocalTime.tsx';
import { Panel } from '../Panel.tsx';
import { startReplicaJob } from './start-job.ts';

const SEVERITIES = [
  { key: 'error', label: 'Errors', tone: 'danger' },
  { key: 'warning', label: 'Warnings', tone: 'warning' },
  { key: 'info', label: 'Notes', tone: 'muted' },
] as const;

/** Findings by severity from the last verification, or "Not verified yet" with Verify now. */
export function FindingsPanel({ overview, now, busy }: { overview: Overview; now: number; busy: boolean }) {
  const [error, setError] = useState<ShownError | null>(null);
  const [starting, setStarting] = useState(false);
  const verification = overview.lastVerification;
  const verify = async () => {
    setStarting(true);
    setError(await startReplicaJob('verify.start', overview.replica.originId));
    setStarting(false);
  };
  const verifyButton = (
    <button type="button" className="button" onClick={() => void verify()} disabled={starting || busy}>
      {starting ? 'Starting…' : verification === null ? 'Verify now' : 'Verify again'}
    </button>
  );
  return (
    <Panel title="Findings" actions={<a className="link" href={routeToHash({ screen: 'verification' })}>Open Verification</a>}>
      {verification === null ? (
        <div>
          <p>
            <strong>Not verified yet.</strong> Run the independent verifier to check every entry, signature and proof of this
            replica against the pinned keys.
          </p>
          {verifyButton}
        </div>
      ) : (
        <>
          <p className={`overview-verdict overview-verdict-${verification.verdict}`}>
            {verification.verdict === 'verified' ? 'Verified' : 'Verification failed'}
            <span className="muted">
              {' '}
              · {formatAge(verification.atMs, now)} (<LocalTime value={verification.atMs} />)
              {verification.treeSize !== null ? ` · ${formatCount(verification.treeSize)} entries` : ''}
            </span>
          </p>
          <dl className="stat-list">
            {SEVERITIES.map((severity) => (
              <div key={severity.key} className={`stat stat-${severity.tone}`}>
                <dt>{severity.label}</dt>
                <dd>{formatCount(verification.findings[severity.key] ?? 0)}</dd>
              </div>
            ))}
          </dl>
          {verifyButton}
        </>
      )}
      {error !== null && <ErrorPanel error={error} />}
    </Panel>
  );
}
