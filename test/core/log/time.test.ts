import { describe, expect, it } from 'vitest';
import { formatTimestamp, isTimestamp, timestampMs } from '../../../src/core/log/time.ts';

describe('isTimestamp', () => {
  it.each(['2026-01-05T09:00:00.000Z', '1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2028-02-29T12:00:00.000Z'])(
    'accepts %s',
    (value) => {
      expect(isTimestamp(value)).toBe(true);
    },
  );
  describe('when the form or the date is not the one accepted', () => {
    it.each([
      '2026-01-05T09:00:00Z',
      '2026-01-05T09:00:00.0Z',
      '2026-01-05T09:00:00.0000Z',
      '2026-01-05t09:00:00.000Z',
      '2026-01-05T09:00:00.000z',
      '2026-01-05T09:00:00.000+00:00',
      '2026-01-05 09:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2027-02-29T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-05T24:00:00.000Z',
      '2026-12-31T23:59:60.000Z',
      '1969-12-31T23:59:59.999Z',
      '+02026-01-05T09:00:00.000Z',
      ' 2026-01-05T09:00:00.000Z',
      '',
    ])('refuses %j', (value) => {
      expect(isTimestamp(value)).toBe(false);
    });
    it('refuses non-strings', () => {
      expect(isTimestamp(1_700_000_000_000)).toBe(false);
      expect(isTimestamp(null)).toBe(false);
    });
  });
});

describe('timestampMs', () => {
  it('round-trips with formatTimestamp', () => {
    for (const ms of [0, 1, 1_767_603_600_123, 253_402_300_799_999]) expect(timestampMs(formatTimestamp(ms))).toBe(ms);
  });
  it('throws INVALID_ARGUMENT for a bad timestamp', () => {
    expect(() => timestampMs('2026-02-30T00:00:00.000Z')).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('formatTimestamp', () => {
  it.each([-1, 1.5, Number.NaN, 253_402_300_800_000])('throws INVALID_ARGUMENT for %s', (ms) => {
    expect(() => formatTimestamp(ms)).toThrowWithCode('INVALID_ARGUMENT');
  });
  it('orders lexicographically as it orders in time', () => {
    const a = formatTimestamp(999);
    const b = formatTimestamp(1_000);
    const c = formatTimestamp(86_400_000);
    expect([c, b, a].sort()).toEqual([a, b, c]);
  });
});
