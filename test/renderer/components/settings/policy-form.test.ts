import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_SETTINGS } from '../../../../src/core/api/schemas/settings.ts';
import { POLICY_FIELDS, policyToForm, validatePolicyForm } from '../../../../src/renderer/components/settings/policy-form.ts';

const defaults = policyToForm(DEFAULT_POLICY_SETTINGS);

describe('POLICY_FIELDS', () => {
  it('takes its ranges from the contract', () => {
    expect(POLICY_FIELDS.map((f) => [f.field, f.min, f.max])).toEqual([
      ['dormantDays', 1, 3650],
      ['checkpointMaxAgeHours', 1, 8760],
      ['revocationMaxSeconds', 1, 86_400],
      ['trustDropPoints', 1, 100],
    ]);
  });
});

describe('validatePolicyForm', () => {
  it('round-trips the defaults', () => {
    expect(validatePolicyForm(defaults)).toEqual({ policy: DEFAULT_POLICY_SETTINGS, errors: null });
  });

  it('accepts the bounds and surrounding spaces', () => {
    expect(validatePolicyForm({ ...defaults, dormantDays: ' 3650 ', trustDropPoints: '1' }).policy).toMatchObject({ dormantDays: 3650, trustDropPoints: 1 });
  });

  describe('when a value is not acceptable', () => {
    it.each([
      ['', 'Enter a number of days.'],
      ['1.5', 'Enter a whole number of days, without decimals or signs.'],
      ['-1', 'Enter a whole number of days, without decimals or signs.'],
      ['1e3', 'Enter a whole number of days, without decimals or signs.'],
      ['0', 'Enter between 1 and 3,650 days.'],
      ['3651', 'Enter between 1 and 3,650 days.'],
      ['99999999999999999999', 'Enter between 1 and 3,650 days.'],
    ])('refuses dormantDays %j with %j', (value, message) => {
      expect(validatePolicyForm({ ...defaults, dormantDays: value })).toEqual({ policy: null, errors: { dormantDays: message } });
    });

    it('reports every field in error at once', () => {
      const result = validatePolicyForm({ dormantDays: 'x', checkpointMaxAgeHours: '0', revocationMaxSeconds: '86401', trustDropPoints: '101' });
      expect(Object.keys(result.errors ?? {})).toEqual(['dormantDays', 'checkpointMaxAgeHours', 'revocationMaxSeconds', 'trustDropPoints']);
    });
  });
});
