import { ProtocolError } from '../errors.ts';

/**
 * Strict UTF-8 both ways. Policy: a string with a lone surrogate has no UTF-8 form, so encoding it
 * throws instead of silently writing U+FFFD (which would give '\uD800' and '\uFFFD' the same bytes, and
 * so the same hash and signature); decoding never substitutes U+FFFD either.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// In a `u` regex a surrogate pair is one code point above U+FFFF, so this class matches only lone ones.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
type WellFormedCheck = { isWellFormed(): boolean };
const HAS_IS_WELL_FORMED = typeof (String.prototype as Partial<WellFormedCheck>).isWellFormed === 'function';

/** True when `text` has no lone surrogate (every UTF-16 string that has a UTF-8 form). */
export function isWellFormedUtf16(text: string): boolean {
  return HAS_IS_WELL_FORMED ? (text as unknown as WellFormedCheck).isWellFormed() : !LONE_SURROGATE.test(text);
}

/** UTF-8 bytes of `text`. Throws ENCODING_INVALID_UTF8 if `text` holds a lone surrogate. */
export function utf8ToBytes(text: string): Uint8Array {
  if (typeof text !== 'string') throw new ProtocolError('INVALID_ARGUMENT', 'utf8ToBytes expects a string');
  if (!isWellFormedUtf16(text)) throw new ProtocolError('ENCODING_INVALID_UTF8', 'string holds a lone surrogate');
  return encoder.encode(text);
}

/** Strict UTF-8 decoding: invalid sequences throw ENCODING_INVALID_UTF8 (never U+FFFD). A BOM is kept as U+FEFF. */
export function bytesToUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw new ProtocolError('ENCODING_INVALID_UTF8', 'invalid UTF-8', { cause: error });
  }
}
