import type { ReplicaSummary } from '../../../core/api/schemas/replicas.ts';
import { formatCount } from '../../format.ts';

/**
 * What needs attention before anything else on the Overview: fork or rollback evidence (the log
 * showed two histories), the last sync's failure, and a sync in progress.
 */
export function ReplicaAlerts({ replica }: { replica: ReplicaSummary }) {
  return (
    <>
      {replica.forkEvidence > 0 && (
        <section className="notice notice-danger" aria-label="Fork evidence">
          <p>
            <strong>
              This log showed two histories that cannot both be true ({formatCount(replica.forkEvidence)} piece
              {replica.forkEvidence === 1 ? '' : 's'} of evidence kept).
            </strong>{' '}
            Agent Warden refused the conflicting checkpoint and kept both signed statements as evidence. Do not rely on new data
            from this registry; send the evidence to its operator and your auditors.
          </p>
        </section>
      )}
      {replica.lastError !== null && replica.forkEvidence === 0 && (
        <section className="notice notice-warning" aria-label="Last sync failed">
          <p>
            <strong>The last sync failed:</strong> {replica.lastError}. The figures below are from the last verified state. Use
            Sync now to try again.
          </p>
        </section>
      )}
      {replica.busy && (
        <p className="notice" role="status">
          A sync or import of this replica is running. The figures update when it finishes.
        </p>
      )}
    </>
  );
}
