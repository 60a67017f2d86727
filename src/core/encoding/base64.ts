import { ProtocolError } from '../errors.ts';

/**
 * Strict base64 codecs (RFC 4648). Policy, unlike Node's lenient `Buffer.from`:
 * - standard base64 (§4) must be padded to a multiple of 4 with the right number of `=`;
 * - base64url (§5) must be unpadded (as MAIP and our statements use it);
 * - no whitespace, no characters outside the alphabet, and the unused low bits of the final
 *   character must be zero (so every byte string has exactly one accepted encoding).
 * Violations throw ENCODING_INVALID_BASE64 / ENCODING_INVALID_BASE64URL; a decoded size other than
 * `expectedLength` throws ENCODING_BAD_LENGTH.
 */

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_DECODE = decodeTable(STD);
const URL_DECODE = decodeTable(URL);

export function bytesToBase64(bytes: Uint8Array): string {
  return encode(bytes, STD, true);
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL, false);
}

export function base64ToBytes(text: string, expectedLength?: number): Uint8Array {
  if (typeof text !== 'string' || text.length % 4 !== 0) {
    throw new ProtocolError('ENCODING_INVALID_BASE64', 'base64 length must be a multiple of 4 (padded)');
  }
  let body = text;
  if (body.endsWith('==')) body = body.slice(0, -2);
  else if (body.endsWith('=')) body = body.slice(0, -1);
  return checkLength(decode(body, STD_DECODE, 'ENCODING_INVALID_BASE64'), expectedLength);
}

export function base64UrlToBytes(text: string, expectedLength?: number): Uint8Array {
  if (typeof text !== 'string') throw new ProtocolError('ENCODING_INVALID_BASE64URL', 'base64url value must be a string');
  return checkLength(decode(text, URL_DECODE, 'ENCODING_INVALID_BASE64URL'), expectedLength);
}

function checkLength(bytes: Uint8Array, expectedLength: number | undefined): Uint8Array {
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new ProtocolError('ENCODING_BAD_LENGTH', `expected ${expectedLength} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

/** Decodes unpadded base64 `body` with `table`; rejects foreign characters and non-zero trailing bits. */
function decode(
  body: string,
  table: Int16Array,
  code: 'ENCODING_INVALID_BASE64' | 'ENCODING_INVALID_BASE64URL',
): Uint8Array {
  const rest = body.length % 4;
  if (rest === 1) throw new ProtocolError(code, 'impossible base64 length');
  const out = new Uint8Array(Math.floor(body.length / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  const value = (k: number): number => {
    const c = body.charCodeAt(k);
    const v = c < 128 ? (table[c] as number) : -1;
    if (v < 0) throw new ProtocolError(code, `invalid character at offset ${k}`);
    return v;
  };
  for (; i + 3 < body.length; i += 4) {
    const n = (value(i) << 18) | (value(i + 1) << 12) | (value(i + 2) << 6) | value(i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest === 2) {
    const n = (value(i) << 18) | (value(i + 1) << 12);
    if ((n & 0xffff) !== 0) throw new ProtocolError(code, 'non-zero trailing bits');
    out[o] = n >>> 16;
  } else if (rest === 3) {
    const n = (value(i) << 18) | (value(i + 1) << 12) | (value(i + 2) << 6);
    if ((n & 0xff) !== 0) throw new ProtocolError(code, 'non-zero trailing bits');
    out[o] = n >>> 16;
    out[o + 1] = (n >>> 8) & 255;
  }
  return out;
}

function decodeTable(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
