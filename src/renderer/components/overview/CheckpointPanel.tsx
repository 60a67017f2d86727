import type { ReplicaSummary } from '../../../core/api/schemas/replicas.ts';
import { formatAge, formatCount, shortHex } from '../../format.ts';
import { CopyButton } from '../CopyButton.tsx';
import { LocalTime } from '../LocalTime.tsx';
import { Panel } from '../Panel.tsx';

/**
 * The last verified checkpoint: size, root (short, full on hover and copy), age, and who cosigned
 * it. Older than the policy's limit (Settings) it is marked stale, in words.
 */
export function CheckpointPanel({ replica, now, maxAgeHours }: { replica: ReplicaSummary; now: number; maxAgeHours: number }) {
  const checkpoint = replica.verifiedCheckpoint;
  const stale = checkpoint !== null && now - checkpoint.firstSeenMs > maxAgeHours * 3_600_000;
  return (
    <Panel title="Last verified checkpoint">
      {checkpoint === null ? (
        <p>No checkpoint of this log has been verified yet. Sync the replica, or import a bundle, to verify one.</p>
      ) : (
        <dl className="facts">
          <div>
            <dt>Tree size</dt>
            <dd>{formatCount(checkpoint.size)} entries</dd>
          </div>
          <div>
            <dt>Root hash</dt>
            <dd>
              <code title={checkpoint.rootHex}>{shortHex(checkpoint.rootHex)}</code>
              <CopyButton value={checkpoint.rootHex} label="Copy root hash" />
            </dd>
          </div>
          <div>
            <dt>Age</dt>
            <dd>
              <span>{formatAge(checkpoint.firstSeenMs, now)}</span>
              {stale && <span className="tag tag-warning">Stale: older than {maxAgeHours} h</span>}
              <span className="muted">
                (first seen <LocalTime value={checkpoint.firstSeenMs} />)
              </span>
            </dd>
          </div>
          <div>
            <dt>Entries verified</dt>
            <dd>{checkpoint.verifiedMs === null ? 'Not yet' : <LocalTime value={checkpoint.verifiedMs} />}</dd>
          </div>
          <div>
            <dt>Cosigned by</dt>
            <dd>{checkpoint.cosigners.length === 0 ? 'No witness (only the log’s own signature)' : checkpoint.cosigners.join(', ')}</dd>
          </div>
        </dl>
      )}
    </Panel>
  );
}
