/** SHA-256 through node:crypto (OpenSSL, SHA-NI where the CPU has it), for bulk hashing. */
import * as nodeCrypto from 'node:crypto';
import { ProtocolError } from '../../core/errors.ts';
import type { Sha256Backend } from '../../core/crypto/backend.ts';

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Buffer;

// crypto.hash (Node >= 21.7, one call, no Hash object) where present; createHash otherwise.
const oneShot = (nodeCrypto as { hash?: unknown }).hash;
const digest: (data: Uint8Array) => Buffer =
  typeof oneShot === 'function'
    ? (data) => (oneShot as OneShotHash)('sha256', data, 'buffer')
    : (data) => nodeCrypto.createHash('sha256').update(data).digest();

/**
 * SHA-256 of `data` as a Uint8Array view of OpenSSL's output (no copy). Throws INVALID_ARGUMENT if
 * `data` is not a Uint8Array.
 */
export function nativeSha256(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new ProtocolError('INVALID_ARGUMENT', 'data must be a Uint8Array');
  const out = digest(data);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The native SHA-256 backend. */
export const nativeSha256Backend: Sha256Backend = Object.freeze({ name: 'native', sha256: nativeSha256 });
