import { CopyButton } from '../components/CopyButton.tsx';
import type { LogEntryView } from '../../core/api/schemas/log.ts';
import { formatCount } from '../format.ts';

type Proof = NonNullable<LogEntryView['proof']>;

/**
 * An inclusion proof (RFC 9162 §2.1.3) as the services recomputed it: verified or not against the
 * latest verified checkpoint, the tree size, root, leaf hash and the audit path. Hashes are shown
 * whole (an auditor compares them), in a monospace face that wraps.
 */
export function InclusionProof({ proof, title = 'Inclusion proof' }: { proof: Proof | null; title?: string }) {
  if (proof === null) {
    return (
      <section className="panel" aria-label={title}>
        <h2>{title}</h2>
        <p>No proof yet: this entry is beyond the latest verified checkpoint. Sync and verify the replica to prove it.</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      <p className={proof.verified ? 'verdict-line ok' : 'verdict-line bad'}>
        <span aria-hidden="true">{proof.verified ? '✓' : '✗'}</span>{' '}
        {proof.verified
          ? `Verified: entry ${formatCount(proof.index)} is in the verified tree of ${formatCount(proof.treeSize)} entries.`
          : `Not verified: the proof for entry ${formatCount(proof.index)} does not lead to the verified root.`}
      </p>
      <dl className="facts facts-wide">
        <div>
          <dt>Tree size</dt>
          <dd>{formatCount(proof.treeSize)}</dd>
        </div>
        <div>
          <dt>Root hash</dt>
          <dd className="hash">
            {proof.rootHex} <CopyButton value={proof.rootHex} label="Copy root hash" />
          </dd>
        </div>
        <div>
          <dt>Leaf hash</dt>
          <dd className="hash">{proof.leafHashHex}</dd>
        </div>
      </dl>
      <h3>Audit path ({proof.hashes.length} {proof.hashes.length === 1 ? 'hash' : 'hashes'})</h3>
      {proof.hashes.length === 0 ? (
        <p className="muted">None: the tree holds this entry alone.</p>
      ) : (
        <ol className="hash-list">
          {proof.hashes.map((hash, i) => (
            <li key={i} className="hash">
              {hash}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
