import { policySettingsSchema, type PolicySettings } from '../../../core/api/schemas/settings.ts';

/**
 * The policy limits form: its fields, their words, and validation with messages a person can act
 * on. The ranges come from the contract's schema (settings.ts), so the form and the services agree.
 */
export type PolicyField = keyof PolicySettings;

export interface PolicyFieldSpec {
  readonly field: PolicyField;
  readonly label: string;
  readonly unit: string;
  readonly hint: string;
  readonly min: number;
  readonly max: number;
}

function range(field: PolicyField): { min: number; max: number } {
  const schema = policySettingsSchema.shape[field];
  return { min: schema.minValue ?? 1, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

export const POLICY_FIELDS: readonly PolicyFieldSpec[] = [
  { field: 'dormantDays', label: 'Dormant after', unit: 'days', hint: 'An agent with no session for this long is reported as dormant.', ...range('dormantDays') },
  {
    field: 'checkpointMaxAgeHours',
    label: 'Checkpoint is stale after',
    unit: 'hours',
    hint: 'A newest verified checkpoint older than this is a finding (the log may have stopped or be hiding entries).',
    ...range('checkpointMaxAgeHours'),
  },
  {
    field: 'revocationMaxSeconds',
    label: 'Revocation must reach the log within',
    unit: 'seconds',
    hint: 'A revocation logged later than this after its command is a finding.',
    ...range('revocationMaxSeconds'),
  },
  {
    field: 'trustDropPoints',
    label: 'Trust-score drop that is an anomaly',
    unit: 'points',
    hint: 'A fall of at least this many points between two recorded scores is flagged.',
    ...range('trustDropPoints'),
  },
];

export type PolicyFormValues = Readonly<Record<PolicyField, string>>;
export type PolicyFormErrors = Partial<Record<PolicyField, string>>;

/** The form's text values for `policy`. */
export function policyToForm(policy: PolicySettings): PolicyFormValues {
  return {
    dormantDays: String(policy.dormantDays),
    checkpointMaxAgeHours: String(policy.checkpointMaxAgeHours),
    revocationMaxSeconds: String(policy.revocationMaxSeconds),
    trustDropPoints: String(policy.trustDropPoints),
  };
}

/** Reads the form: either the policy to save, or a message per field that is not a whole number in range. */
export function validatePolicyForm(values: PolicyFormValues): { policy: PolicySettings; errors: null } | { policy: null; errors: PolicyFormErrors } {
  const errors: PolicyFormErrors = {};
  const policy: Partial<Record<PolicyField, number>> = {};
  for (const spec of POLICY_FIELDS) {
    const text = (values[spec.field] ?? '').trim();
    if (text === '') {
      errors[spec.field] = `Enter a number of ${spec.unit}.`;
      continue;
    }
    if (!/^\d+$/.test(text)) {
      errors[spec.field] = `Enter a whole number of ${spec.unit}, without decimals or signs.`;
      continue;
    }
    const value = Number(text);
    if (value < spec.min || value > spec.max) {
      errors[spec.field] = `Enter between ${spec.min} and ${spec.max.toLocaleString('en-GB')} ${spec.unit}.`;
      continue;
    }
    policy[spec.field] = value;
  }
  if (Object.keys(errors).length > 0) return { policy: null, errors };
  return { policy: policy as PolicySettings, errors: null };
}
