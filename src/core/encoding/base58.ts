import { ProtocolError } from '../errors.ts';

/**
 * base58btc (the Bitcoin alphabet; multibase prefix `z`, draft-msporny-base58 §3). Policy:
 * - only the 58 alphabet characters (no 0, O, I, l, no whitespace, no `z` multibase prefix here);
 * - each leading '1' is one leading zero byte, and back; every byte string has exactly one
 *   encoding and every accepted string decodes to exactly one byte string;
 * - the conversion is quadratic in the length, so decoding refuses inputs longer than
 *   `maxLength` characters (default `BASE58_DEFAULT_MAX_LENGTH`) before doing any work.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DECODE = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Enough for keys, hashes and signatures (a 64-byte value is at most 88 characters). */
export const BASE58_DEFAULT_MAX_LENGTH = 128;

export interface Base58DecodeOptions {
  /** Longest accepted input, in characters. Default `BASE58_DEFAULT_MAX_LENGTH`. */
  maxLength?: number;
  /** If given, the decoded size must be exactly this (ENCODING_BAD_LENGTH otherwise). */
  expectedLength?: number;
}

/** base58btc of `bytes` (no multibase prefix). Quadratic: meant for keys and hashes, not bulk data. */
export function bytesToBase58btc(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // Little-endian base-58 digits of the big-endian number in bytes[zeros..].
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i] as number;
    for (let k = 0; k < digits.length; k++) {
      carry += (digits[k] as number) << 8;
      digits[k] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '1'.repeat(zeros);
  for (let k = digits.length - 1; k >= 0; k--) out += ALPHABET[digits[k] as number];
  return out;
}

/**
 * Strict base58btc decoding of attacker-controlled `text` (no multibase prefix). Throws
 * ENCODING_INVALID_BASE58 (not a string, or a character outside the alphabet), INPUT_TOO_LARGE (longer
 * than `maxLength`), ENCODING_BAD_LENGTH (decoded size ≠ `expectedLength`), INVALID_ARGUMENT (bad
 * `maxLength`).
 */
export function base58btcToBytes(text: string, options: Base58DecodeOptions = {}): Uint8Array {
  const maxLength = options.maxLength ?? BASE58_DEFAULT_MAX_LENGTH;
  if (!Number.isSafeInteger(maxLength) || maxLength < 0) {
    throw new ProtocolError('INVALID_ARGUMENT', 'maxLength must be a non-negative integer');
  }
  if (typeof text !== 'string') throw new ProtocolError('ENCODING_INVALID_BASE58', 'base58 value must be a string');
  if (text.length > maxLength) {
    throw new ProtocolError('INPUT_TOO_LARGE', `base58 value longer than ${maxLength} characters`, {
      details: { length: text.length, maxLength },
    });
  }
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 0x31 /* '1' */) zeros++;
  // Little-endian bytes of the number written by text[zeros..].
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const value = c < 128 ? (DECODE[c] as number) : -1;
    if (value < 0) {
      throw new ProtocolError('ENCODING_INVALID_BASE58', `invalid base58 character at offset ${i}`, { details: { offset: i } });
    }
    let carry = value;
    for (let k = 0; k < bytes.length; k++) {
      carry += (bytes[k] as number) * 58;
      bytes[k] = carry & 0xff;
      carry >>>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let k = 0; k < bytes.length; k++) out[out.length - 1 - k] = bytes[k] as number;
  if (options.expectedLength !== undefined && out.length !== options.expectedLength) {
    throw new ProtocolError('ENCODING_BAD_LENGTH', `expected ${options.expectedLength} bytes, got ${out.length}`);
  }
  return out;
}
