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
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// 1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z
const MAX_TIME_MS = 253_402_300_799_999;

/** Whether `value` is a timestamp in the one accepted form (see the policy above). Never throws. */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== TIMESTAMP_LENGTH || !TIMESTAMP_PATTERN.test(value)) return false;
  const ms = Date.parse(value);
  // Date.parse rolls invalid dates over or returns NaN; the round trip refuses both.
  return Number.isFinite(ms) && ms >= 0 && new Date(ms).toISOString() === value;
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
