import { ProtocolError } from '../errors.ts';

/**
 * Timestamps in statements (docs/protocol.md §2.3).
 *
 * Policy: a timestamp is a string in exactly one form, RFC 3339 UTC with millisecond precision,
 * `YYYY-MM-DDTHH:MM:SS.sssZ` (24 characters; what `Date.prototype.toISOString` prints for years
 * 1970–9999). No offsets other than `Z`, no lower-case `t`/`z`, no other fraction lengths, no leap
 * second (`:60`), and the date must exist (2026-02-30 is refused). Why a string and not integer
 * milliseconds: auditors read the log, MAIP uses RFC 3339 strings, and with one fixed width the
 * lexicographic order of two timestamps is their chronological order. One form per instant means
 * one canonical byte string per statement.
 */

export const TIMESTAMP_LENGTH = 24;
// 1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z
const MAX_TIME_MS = 253_402_300_799_999;

/** Whether `value` is a timestamp in the one accepted form (see the policy above). Never throws. */
export function isTimestamp(value: unknown): value is string {
  // A character scan and calendar arithmetic: the verifier checks several timestamps per entry of
  // logs of millions, and this accepts exactly what the pattern plus a Date round trip accept
  // (years 1970–9999, months 01–12, days that exist, hours 00–23, minutes and seconds 00–59).
  if (typeof value !== 'string' || value.length !== TIMESTAMP_LENGTH) return false;
  if (
    value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d || value.charCodeAt(10) !== 0x54 || value.charCodeAt(13) !== 0x3a ||
    value.charCodeAt(16) !== 0x3a || value.charCodeAt(19) !== 0x2e || value.charCodeAt(23) !== 0x5a
  ) {
    return false;
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return false;
  }
  if (digits(value, 20, 3) < 0) return false;
  return day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal value of `count` ASCII digits of `text` from `start`, or -1 if one is not a digit. */
function digits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] as number;
}

/** Milliseconds since the Unix epoch of a valid timestamp. Throws INVALID_ARGUMENT otherwise. */
export function timestampMs(value: string): number {
  if (!isTimestamp(value)) throw new ProtocolError('INVALID_ARGUMENT', `not a protocol timestamp: ${String(value).slice(0, 40)}`);
  return Date.parse(value);
}

/** The timestamp of `ms` milliseconds since the epoch. Throws INVALID_ARGUMENT outside 1970–9999. */
export function formatTimestamp(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_TIME_MS) {
    throw new ProtocolError('INVALID_ARGUMENT', 'timestamp milliseconds must be an integer in 1970–9999');
  }
  return new Date(ms).toISOString();
}
