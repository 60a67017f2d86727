import { useId, useState } from 'react';
import type { ApiResult } from '../../../core/api/contract.ts';
import type { PinnedKey } from '../../../core/api/schemas/replicas.ts';
import { call } from '../../api.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { onEnter } from '../on-enter.ts';
import { KeyConfirmation } from './KeyConfirmation.tsx';
import { useAction } from './use-action.ts';

type Inspected = ApiResult<'bundle.inspect'>;

const fingerprintOf = (vkey: string) => call('keys.fingerprint', { vkey });

/**
 * A bundle whose log is not pinned yet: the person pastes the log's verifier key (a C2SP vkey, from
 * the registry's operator, never from the bundle), sees its name and fingerprint, and confirms.
 */
export function BundleKeyStep({ inspected, busy, onConfirm, onCancel }: {
  inspected: Inspected;
  busy: boolean;
  onConfirm: (key: PinnedKey) => void;
  onCancel: () => void;
}) {
  const [vkey, setVkey] = useState('');
  const [key, setKey] = useState<PinnedKey | null>(null);
  const [emptyError, setEmptyError] = useState(false);
  const checking = useAction(fingerprintOf);
  const fieldId = useId();
  const hintId = useId();
  const errorId = useId();

  const submit = async () => {
    const text = vkey.trim();
    setKey(null);
    if (text === '') {
      setEmptyError(true);
      return;
    }
    setEmptyError(false);
    const result = await checking.run(text);
    if (result !== undefined) setKey(result);
  };

  const nameMismatch = key !== null && key.name !== inspected.signerName;
  return (
    <div className="flow-step">
      <div role="group" aria-label="Log verifier key">
        <div className="form-field">
          <label htmlFor={fieldId}>Log verifier key</label>
          <input
            id={fieldId}
            className="input input-mono"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={vkey}
            onChange={(event) => {
              setVkey(event.target.value);
              setKey(null);
            }}
            onKeyDown={onEnter(() => void submit())}
            aria-invalid={emptyError}
            aria-describedby={emptyError ? `${errorId} ${hintId}` : hintId}
            placeholder={`${inspected.signerName}+${inspected.signerKeyHashHex}+…`}
          />
          <p id={hintId} className="hint">
            This log is not pinned here yet. Paste its verifier key (a C2SP vkey, <code>name+hash+key</code>) as published by the
            registry’s operator. A bundle never supplies its own key.
          </p>
          {emptyError && (
            <p id={errorId} className="field-error">
              Paste the log’s verifier key first.
            </p>
          )}
        </div>
        <div className="actions">
          <button type="button" className="button" disabled={checking.status === 'running'} onClick={() => void submit()}>
            {checking.status === 'running' ? 'Reading the key…' : 'Show fingerprint'}
          </button>
        </div>
      </div>
      {checking.error !== null && <ErrorPanel error={checking.error} />}
      {nameMismatch && (
        <p className="notice notice-danger">
          This key is named <strong>{key.name}</strong>, but the bundle’s checkpoints are signed by{' '}
          <strong>{inspected.signerName}</strong>. The import will fail unless this is the right key.
        </p>
      )}
      {key !== null && (
        <KeyConfirmation claimedKey={key} confirmLabel="Pin this key and import" busy={busy} onConfirm={() => onConfirm(key)} onCancel={onCancel} />
      )}
    </div>
  );
}
