/**
 * Standard base64 with padding (RFC 4648 §4), the encoding `files.chunk` carries. Pure and
 * allocation-light so that a 512 KiB chunk encodes in a few milliseconds in the renderer and in Node.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `bytes` as standard base64 with `=` padding. */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Build the string in slices: one huge concatenation per byte triple would be slow, one giant
  // String.fromCharCode call would overflow the argument limit.
  const SLICE = 3 * 4096;
  for (let start = 0; start < bytes.length; start += SLICE) {
    const end = Math.min(bytes.length, start + SLICE);
    let out = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
    }
    const rest = end - i;
    if (rest === 1) {
      const n = bytes[i]! << 16;
      out += `${ALPHABET[n >>> 18]!}${ALPHABET[(n >>> 12) & 63]!}==`;
    } else if (rest === 2) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
      out += `${ALPHABET[n >>> 18]!}${ALPHABET[(n >>> 12) & 63]!}${ALPHABET[(n >>> 6) & 63]!}=`;
    }
    parts.push(out);
  }
  return parts.join('');
}
