/**
 * Ed25519 signing through node:crypto (OpenSSL): RFC 8032 pure Ed25519, deterministic, so it gives
 * the same bytes as the portable signer of src/core/crypto/ed25519.ts (tested), several times
 * faster. The registry signs its own statements (trust scores, suspensions, tenants, co-signatures)
 * with it.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { didKeyFromPublicKey } from '../../core/identity/did-key.ts';
import { publicKeyFromSeed } from '../../core/crypto/ed25519.ts';
import type { SignerRole, StatementSigner } from '../../core/log/signature.ts';

// RFC 8410 §7 PrivateKeyInfo for id-Ed25519: this fixed 16-byte header, then the 32-byte seed.
const PKCS8_ED25519_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);

/** The OpenSSL private key for a 32-byte seed. Throws RangeError for another length. */
export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const der = new Uint8Array(48);
  der.set(PKCS8_ED25519_PREFIX, 0);
  der.set(seed, 16);
  return createPrivateKey({ key: Buffer.from(der.buffer), format: 'der', type: 'pkcs8' });
}

/** Signs `message` with `key` (64-byte Ed25519 signature). */
export function signWithKey(key: KeyObject, message: Uint8Array): Uint8Array {
  const signature = sign(null, message, key);
  return new Uint8Array(signature.buffer, signature.byteOffset, signature.length);
}

const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_MAX = 4096;

/**
 * `(seed, message) → signature` with a bounded cache of private keys by seed: the drop-in fast
 * `sign` for LogWriter and seedSigner (src/core/log). The cache lives in this process only.
 */
export function nativeSignEd25519(seed: Uint8Array, message: Uint8Array): Uint8Array {
  const id = Buffer.from(seed.buffer, seed.byteOffset, seed.length).toString('latin1');
  let key = keyCache.get(id);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    key = privateKeyFromSeed(seed);
    keyCache.set(id, key);
  }
  return signWithKey(key, message);
}

/** A StatementSigner in `role` for `seed`, signing natively with one cached key object. */
export function nativeStatementSigner(role: SignerRole, seed: Uint8Array): StatementSigner {
  const key = privateKeyFromSeed(seed);
  const did = didKeyFromPublicKey(publicKeyFromSeed(seed));
  return { role, key: did, sign: (message) => signWithKey(key, message) };
}
