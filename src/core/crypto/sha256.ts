/** SHA-256 (FIPS 180-4) for the protocol core, portable (@noble/hashes). */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { ProtocolError } from '../errors.ts';
import type { Sha256Backend } from './backend.ts';

/**
 * SHA-256 of `data` (portable implementation; `src/node/crypto` has a native one for bulk work).
 * Throws INVALID_ARGUMENT if `data` is not a Uint8Array.
 */
export function sha256(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new ProtocolError('INVALID_ARGUMENT', 'data must be a Uint8Array');
  return nobleSha256(data);
}

/** The portable SHA-256 backend. */
export const nobleSha256Backend: Sha256Backend = Object.freeze({ name: 'noble', sha256 });
