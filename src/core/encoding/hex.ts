import { ProtocolError } from '../errors.ts';

/** Lowercase hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

/**
 * Strict hex decoding: even length, only [0-9a-fA-F]. With `expectedLength`, the decoded size must
 * match. Throws ENCODING_INVALID_HEX / ENCODING_BAD_LENGTH (attacker-controlled input).
 */
export function hexToBytes(text: string, expectedLength?: number): Uint8Array {
  if (typeof text !== 'string' || text.length % 2 !== 0) {
    throw new ProtocolError('ENCODING_INVALID_HEX', 'hex string must have an even number of digits');
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(text.charCodeAt(2 * i));
    const lo = nibble(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new ProtocolError('ENCODING_INVALID_HEX', `invalid hex digit near offset ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new ProtocolError('ENCODING_BAD_LENGTH', `expected ${expectedLength} bytes, got ${out.length}`);
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
