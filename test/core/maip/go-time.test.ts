import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GO_ZERO_TIME, isZeroGoTime, parseGoTime, toUnixNanos } from '../../../src/core/maip/go-time.ts';

describe('parseGoTime', () => {
  it.each([
    // Go's RFC3339Nano: trailing fractional zeros trimmed, the fraction dropped when zero.
    ['2026-11-26T03:24:14.075151019Z', '2026-11-26T03:24:14.075151019Z'],
    ['2031-11-25T03:24:14.07344841Z', '2031-11-25T03:24:14.07344841Z'],
    ['2031-11-25T03:24:14.073448410Z', '2031-11-25T03:24:14.07344841Z'],
    ['2026-11-26T03:24:14.000Z', '2026-11-26T03:24:14Z'],
    ['2026-11-26T03:24:14.5Z', '2026-11-26T03:24:14.5Z'],
    // A zero offset is written Z; any other offset is kept with the wall-clock fields.
    ['2026-11-26T03:24:14+00:00', '2026-11-26T03:24:14Z'],
    ['2026-11-26T03:24:14-00:00', '2026-11-26T03:24:14Z'],
    ['2026-11-26T05:24:14.100+02:00', '2026-11-26T05:24:14.1+02:00'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z'],
  ])('reads %s and re-emits it as Go writes it: %s', (given, normal) => {
    expect(parseGoTime(given).text).toBe(normal);
  });

  it('keeps nanoseconds (no Date rounding) and applies the offset to the instant', () => {
    expect(parseGoTime('1970-01-01T00:00:00.000000001Z').unixNanos).toBe(1n);
    expect(parseGoTime('1969-12-31T23:59:59.999999999Z').unixNanos).toBe(-1n);
    expect(parseGoTime('2026-11-26T05:24:14.075151019+02:00').unixNanos).toBe(
      parseGoTime('2026-11-26T03:24:14.075151019Z').unixNanos,
    );
    expect(parseGoTime('2026-11-25T23:54:14-03:30').unixNanos).toBe(parseGoTime('2026-11-26T03:24:14Z').unixNanos);
  });

  it('agrees with Date.parse at millisecond precision (naive reference)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (date) => {
        const text = date.toISOString();
        expect(parseGoTime(text).unixNanos).toBe(BigInt(date.getTime()) * 1_000_000n);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts 29 February only in leap years (year 0 is one, as in Go)', () => {
    expect(parseGoTime('2024-02-29T00:00:00Z').text).toBe('2024-02-29T00:00:00Z');
    expect(parseGoTime('2000-02-29T00:00:00Z').text).toBe('2000-02-29T00:00:00Z');
    expect(parseGoTime('0000-02-29T00:00:00Z').text).toBe('0000-02-29T00:00:00Z');
    expect(() => parseGoTime('2026-02-29T00:00:00Z')).toThrowWithCode('MAIP_MALFORMED');
    expect(() => parseGoTime('1900-02-29T00:00:00Z')).toThrowWithCode('MAIP_MALFORMED');
  });

  describe('when the text is not strict RFC 3339', () => {
    it.each([
      ['', 'empty'],
      ['2026-11-26', 'date only'],
      ['2026-11-26 03:24:14Z', 'space separator'],
      ['2026-11-26t03:24:14Z', 'lowercase t'],
      ['2026-11-26T03:24:14z', 'lowercase z'],
      ['2026-11-26T03:24:14', 'no zone'],
      ['2026-11-26T3:24:14Z', 'one-digit hour (Go accepts)'],
      ['2026-11-26T03:24:14,5Z', 'comma fraction (Go accepts)'],
      ['2026-11-26T03:24:14.0751510190Z', 'ten fraction digits (Go truncates)'],
      ['2026-11-26T03:24:14.Z', 'empty fraction'],
      ['2026-13-01T00:00:00Z', 'month 13'],
      ['2026-00-01T00:00:00Z', 'month 0'],
      ['2026-04-31T00:00:00Z', '31 April'],
      ['2026-11-26T24:00:00Z', 'hour 24'],
      ['2026-11-26T23:60:00Z', 'minute 60'],
      ['2026-12-31T23:59:60Z', 'leap second'],
      ['2026-11-26T03:24:14+24:00', 'offset hour 24'],
      ['2026-11-26T03:24:14+0200', 'offset without colon'],
      ['+2026-11-26T03:24:14Z', 'signed year'],
      ['12026-11-26T03:24:14Z', 'five-digit year'],
      ['2026-11-26T03:24:14Z\n', 'trailing newline'],
      ['２０２６-11-26T03:24:14Z', 'non-ASCII digits'],
    ])('throws MAIP_MALFORMED for %j (%s)', (text) => {
      expect(() => parseGoTime(text)).toThrowWithCode('MAIP_MALFORMED');
    });

    it('throws MAIP_MALFORMED for a non-string', () => {
      expect(() => parseGoTime(20261126 as unknown as string)).toThrowWithCode('MAIP_MALFORMED');
    });
  });
});

describe('isZeroGoTime', () => {
  it('is true for the zero instant in any zone, false otherwise', () => {
    expect(isZeroGoTime(GO_ZERO_TIME)).toBe(true);
    expect(isZeroGoTime(parseGoTime('0001-01-01T00:00:00Z'))).toBe(true);
    expect(isZeroGoTime(parseGoTime('0001-01-01T01:00:00+01:00'))).toBe(true);
    expect(isZeroGoTime(parseGoTime('0001-01-01T00:00:00.000000001Z'))).toBe(false);
  });
});

describe('toUnixNanos', () => {
  it('takes a Date (milliseconds) or a bigint of nanoseconds', () => {
    expect(toUnixNanos(new Date('2026-11-26T12:00:00.123Z'))).toBe(1_795_694_400_123_000_000n);
    expect(toUnixNanos(5n)).toBe(5n);
  });

  it('throws INVALID_ARGUMENT for an invalid Date or another type', () => {
    expect(() => toUnixNanos(new Date(Number.NaN))).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => toUnixNanos(5 as unknown as bigint)).toThrowWithCode('INVALID_ARGUMENT');
  });
});
