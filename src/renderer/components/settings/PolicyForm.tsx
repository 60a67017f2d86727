import { useEffect, useId, useRef, useState } from 'react';
import { DEFAULT_POLICY_SETTINGS, type PolicySettings } from '../../../core/api/schemas/settings.ts';
import { toShownError, type ShownError } from '../../api.ts';
import { sessionSelectors } from '../../store/session-selectors.ts';
import { useSessionStore } from '../../store/session-store.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { onEnter } from '../on-enter.ts';
import { Panel } from '../Panel.tsx';
import { POLICY_FIELDS, policyToForm, validatePolicyForm, type PolicyFormErrors, type PolicyFormValues } from './policy-form.ts';

/** The limits the policy findings and coverage gaps use, validated here and by the services. */
export function PolicyForm({ policy }: { policy: PolicySettings }) {
  const updateSettings = useSessionStore(sessionSelectors.updateSettings);
  const [values, setValues] = useState<PolicyFormValues>(() => policyToForm(policy));
  const [errors, setErrors] = useState<PolicyFormErrors>({});
  const [saveError, setSaveError] = useState<ShownError | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const formId = useId();
  const refs = useRef<Partial<Record<string, HTMLInputElement | null>>>({});

  useEffect(() => setValues(policyToForm(policy)), [policy]);

  const save = async () => {
    const result = validatePolicyForm(values);
    setSaveError(null);
    if (result.errors !== null) {
      setErrors(result.errors);
      setStatus('idle');
      // Focus the first field in error, so its message is read.
      const first = POLICY_FIELDS.find((spec) => result.errors[spec.field] !== undefined);
      if (first !== undefined) refs.current[first.field]?.focus();
      return;
    }
    setErrors({});
    setStatus('saving');
    try {
      await updateSettings({ policy: result.policy });
      setStatus('saved');
    } catch (failure) {
      setSaveError(toShownError(failure));
      setStatus('idle');
    }
  };

  return (
    <Panel title="Policy limits">
      <div className="policy-form" role="group" aria-label="Policy limits">
        {POLICY_FIELDS.map((spec) => {
          const id = `${formId}-${spec.field}`;
          const error = errors[spec.field];
          return (
            <div className="form-field" key={spec.field}>
              <label htmlFor={id}>
                {spec.label} ({spec.unit})
              </label>
              <input
                ref={(element) => {
                  refs.current[spec.field] = element;
                }}
                id={id}
                className="input input-number"
                type="text"
                inputMode="numeric"
                value={values[spec.field]}
                onChange={(event) => {
                  setValues({ ...values, [spec.field]: event.target.value });
                  setStatus('idle');
                }}
                onKeyDown={onEnter(() => void save())}
                aria-invalid={error !== undefined}
                aria-describedby={error !== undefined ? `${id}-error ${id}-hint` : `${id}-hint`}
              />
              <p id={`${id}-hint`} className="hint">
                {spec.hint} Default {DEFAULT_POLICY_SETTINGS[spec.field]}, allowed {spec.min}–{spec.max.toLocaleString('en-GB')}.
              </p>
              {error !== undefined && (
                <p id={`${id}-error`} className="field-error">
                  {error}
                </p>
              )}
            </div>
          );
        })}
        <div className="actions">
          <button type="button" className="button" disabled={status === 'saving'} onClick={() => void save()}>
            {status === 'saving' ? 'Saving…' : 'Save limits'}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setValues(policyToForm(DEFAULT_POLICY_SETTINGS))}>
            Use defaults
          </button>
          <span role="status" className="save-status">
            {status === 'saved' ? 'Saved. The next verification uses these limits.' : ''}
          </span>
        </div>
      </div>
      {saveError !== null && <ErrorPanel error={saveError} />}
    </Panel>
  );
}
