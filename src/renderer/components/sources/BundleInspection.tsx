import type { ApiResult } from '../../../core/api/contract.ts';
import type { PinnedKey } from '../../../core/api/schemas/replicas.ts';
import { formatBytes, formatCount } from '../../format.ts';
import { Fingerprint } from '../Fingerprint.tsx';
import { LocalTime } from '../LocalTime.tsx';
import { BundleKeyStep } from './BundleKeyStep.tsx';

type Inspected = ApiResult<'bundle.inspect'>;

interface BundleInspectionProps {
  inspected: Inspected;
  busy: boolean;
  /** Import with this key (null: the origin is pinned already and its key is used). */
  onImport: (key: PinnedKey | null) => void;
  onCancel: () => void;
}

/**
 * What an inspected bundle says about itself (file, origin, size, signer, checkpoints), then the
 * log key: the pinned one when the origin is known here, or one the person pastes and confirms.
 */
export function BundleInspection({ inspected, busy, onImport, onCancel }: BundleInspectionProps) {
  const facts = (
    <>
      <div>
        <dt>File</dt>
        <dd className="break">
          {inspected.file.name} ({formatBytes(inspected.file.size)})
        </dd>
      </div>
      <div>
        <dt>Origin</dt>
        <dd>{inspected.origin}</dd>
      </div>
      <div>
        <dt>Entries in the log</dt>
        <dd>{formatCount(inspected.treeSize)}</dd>
      </div>
      <div>
        <dt>Signed by</dt>
        <dd>
          {inspected.signerName} <code>{inspected.signerKeyHashHex}</code>
        </dd>
      </div>
      <div>
        <dt>Checkpoints</dt>
        <dd>{formatCount(inspected.checkpoints)}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <LocalTime value={inspected.createdMs} />
          {inspected.tool !== null ? ` by ${inspected.tool}` : ''}
        </dd>
      </div>
    </>
  );
  if (inspected.pinned === null) {
    return (
      <section className="flow-step" aria-label="What the bundle contains">
        <dl className="facts">{facts}</dl>
        <BundleKeyStep inspected={inspected} busy={busy} onConfirm={onImport} onCancel={onCancel} />
      </section>
    );
  }
  return (
    <section className="flow-step" aria-label="What the bundle contains">
      <dl className="facts">{facts}</dl>
      <div className="notice">
        <p>
          This log is already pinned here. The import checks every entry against the pinned key, <strong>{inspected.pinned.logKey.name}</strong>:
        </p>
        <Fingerprint value={inspected.pinned.logKey.fingerprint} />
      </div>
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => onImport(null)}>
          {busy ? 'Starting…' : 'Import the bundle'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </section>
  );
}
