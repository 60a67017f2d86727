/**
 * The fingerprint of a log key that a person compares with the one the registry's operator
 * publishes before pinning it: "SHA256:" and the unpadded base64 of SHA-256(type || public key),
 * the shape of OpenSSH fingerprints. It names the key material only, so the same key gives the same
 * fingerprint whatever the vkey's name.
 */
import { createHash } from 'node:crypto';
import { parseVerifierKey, type VerifierKey } from '../../core/note/vkey.ts';

/** Throws VKEY_MALFORMED (ProtocolError) for a bad vkey. */
export function logKeyFingerprint(key: VerifierKey | string): string {
  const parsed = typeof key === 'string' ? parseVerifierKey(key) : key;
  const digest = createHash('sha256').update(Uint8Array.of(parsed.type)).update(parsed.publicKey).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
