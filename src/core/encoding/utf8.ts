import { ProtocolError } from '../errors.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8ToBytes(text: string): Uint8Array {
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
