import { useId, useState, type ReactNode } from 'react';
import type { PinnedKey } from '../../../core/api/schemas/replicas.ts';
import { Fingerprint } from '../Fingerprint.tsx';

interface KeyConfirmationProps {
  /** The key to pin, as the source claims it. */
  claimedKey: PinnedKey;
  /** Facts about the source shown with the key (origin, size…), as <div><dt/><dd/></div> rows. */
  facts?: ReactNode;
  /** Why this key is being shown (the demo explains itself differently from a real registry). */
  explanation?: ReactNode;
  /** The confirm button's text ("Pin this key and connect"). */
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The one place a log key gets pinned (DESIGN §3: keys are never trusted from a source). Shows the
 * claimed key's name and fingerprint, says to compare it with one obtained out of band, and needs an
 * explicit confirmation before the button acts.
 */
export function KeyConfirmation({ claimedKey, facts, explanation, confirmLabel, busy, onConfirm, onCancel }: KeyConfirmationProps) {
  const [confirmed, setConfirmed] = useState(false);
  const checkboxId = useId();
  const explanationId = useId();
  return (
    <div className="key-confirmation">
      <dl className="facts">
        {facts}
        <div>
          <dt>Key name</dt>
          <dd>{claimedKey.name}</dd>
        </div>
      </dl>
      <div className="fingerprint-box">
        <p className="fingerprint-caption">Log key fingerprint</p>
        <Fingerprint value={claimedKey.fingerprint} />
      </div>
      <div id={explanationId} className="notice notice-warning">
        <p>
          <strong>Check this fingerprint before you continue.</strong> Compare it, character by character, with a fingerprint you
          obtained out of band: from the registry’s operator, a signed document or a call, never from this screen or from the
          registry itself. If they differ, stop: someone may be impersonating the registry.
        </p>
        {explanation}
      </div>
      <p className="checkbox-row">
        <input
          id={checkboxId}
          type="checkbox"
          checked={confirmed}
          onChange={(event) => setConfirmed(event.target.checked)}
          aria-describedby={explanationId}
          disabled={busy}
        />
        <label htmlFor={checkboxId}>I compared the fingerprint with one obtained out of band, and they match</label>
      </p>
      <div className="actions">
        <button type="button" className="button" disabled={!confirmed || busy} onClick={onConfirm}>
          {busy ? 'Pinning…' : confirmLabel}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
