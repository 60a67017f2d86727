import { ProtocolError } from '../errors.ts';

/**
 * Go `time.Time` as MAIP's Go reference writes and reads it in JSON (maip-formats §2, §7.1).
 *
 * Policy (stricter than Go's decoder): a timestamp is accepted only in the exact RFC 3339 form
 * `YYYY-MM-DDTHH:MM:SS[.1–9 digits](Z|±HH:MM)` with calendar-valid fields (no leap second, no hour 24,
 * day within its month). Go also accepts one-digit hours, a comma before the fraction and more than
 * nine fraction digits (truncated); we reject those as MAIP_MALFORMED. Timestamps stay strings and are
 * never routed through JS `Date` (millisecond precision): the instant is kept in nanoseconds.
 *
 * Signing re-marshals the parsed time.Time, so the signed text is Go's normal form of the value, not
 * the given text: fraction trimmed of trailing zeros (dropped when zero), a zero offset written `Z`,
 * any other offset kept as `±HH:MM` with the wall-clock fields unchanged.
 */

export interface GoTime {
  /** The timestamp as Go's `Time.MarshalJSON` writes it (without the quotes). */
  readonly text: string;
  /** Nanoseconds since 1970-01-01T00:00:00Z. */
  readonly unixNanos: bigint;
}

const NANOS_PER_SECOND = 1_000_000_000n;

/** Go's zero `time.Time` ("permanent" for a receipt's expires_at). */
export const GO_ZERO_TIME: GoTime = Object.freeze({
  text: '0001-01-01T00:00:00Z',
  unixNanos: -62_135_596_800n * NANOS_PER_SECOND,
});

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an attacker-controlled RFC 3339 timestamp under the policy above. Throws MAIP_MALFORMED
 * (with the offending text in `details.value`) for anything else.
 */
export function parseGoTime(text: string): GoTime {
  const match = typeof text === 'string' ? RFC3339.exec(text) : null;
  if (match === null) throw malformed(text, 'not an RFC 3339 timestamp');
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '', fraction, zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw malformed(text, 'date out of range');
  if (hour > 23 || minute > 59 || second > 59) throw malformed(text, 'time of day out of range');
  let offsetSeconds = 0;
  if (zone !== 'Z') {
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMinutes = Number(zone.slice(4, 6));
    if (offsetHours > 23 || offsetMinutes > 59) throw malformed(text, 'zone offset out of range');
    offsetSeconds = (zone[0] === '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  }
  const nanos = fraction === undefined ? 0 : Number(fraction.padEnd(9, '0'));
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  const normalZone = offsetSeconds === 0 ? 'Z' : zone;
  return Object.freeze({
    text: `${y}-${mo}-${d}T${h}:${mi}:${s}${trimmed === '' ? '' : `.${trimmed}`}${normalZone}`,
    unixNanos: BigInt(seconds) * NANOS_PER_SECOND + BigInt(nanos),
  });
}

/** Go's `time.Time.IsZero`: the instant 0001-01-01T00:00:00Z, whatever zone it is written in. */
export function isZeroGoTime(time: GoTime): boolean {
  return time.unixNanos === GO_ZERO_TIME.unixNanos;
}

/**
 * An evaluation time as nanoseconds since the Unix epoch: a `Date` (millisecond precision) or a
 * bigint of nanoseconds. Throws INVALID_ARGUMENT for an invalid Date or any other value.
 */
export function toUnixNanos(now: Date | bigint): bigint {
  if (typeof now === 'bigint') return now;
  if (now instanceof Date && Number.isFinite(now.getTime())) return BigInt(now.getTime()) * 1_000_000n;
  throw new ProtocolError('INVALID_ARGUMENT', 'the evaluation time must be a valid Date or a bigint of nanoseconds');
}

function malformed(value: unknown, why: string): ProtocolError {
  // Attacker-controlled and possibly huge: quote a bounded prefix only.
  const shown = JSON.stringify(String(value).slice(0, 64));
  return new ProtocolError('MAIP_MALFORMED', `timestamp ${shown}: ${why}`, { details: { value: String(value).slice(0, 64) } });
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to the proleptic Gregorian date (year 0 is a leap year, as in Go). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
