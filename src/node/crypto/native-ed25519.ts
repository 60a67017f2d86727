/**
 * The native Ed25519 backend: node:crypto (OpenSSL), for bulk verification in the main process and
 * the verify pool's workers. It computes only the cofactorless equation (OpenSSL's
 * `ossl_ed25519_verify`: encode([S]B - [k]A) == R); what is acceptable at all is decided before it
 * is called, by the policy of `src/core/crypto/ed25519-policy.ts` (`verifyEd25519With` enforces it).
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { Ed25519Backend } from '../../core/crypto/backend.ts';
// ed25519-verify.ts, not ed25519.ts: the verify pool's workers load this module and must not pull
// in @noble (issue 4: worker memory).
import { checkEd25519SignatureWith, verifyEd25519With, type Ed25519Verdict } from '../../core/crypto/ed25519-verify.ts';

// RFC 8410 §4 SubjectPublicKeyInfo for id-Ed25519 (1.3.101.112): the DER is this fixed 12-byte
// header followed by the 32 raw key bytes.
const SPKI_ED25519_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

/** How many KeyObjects the default backend keeps (log entries reuse a few signer keys heavily). */
export const DEFAULT_KEY_CACHE_SIZE = 4096;

export interface NativeEd25519BackendOptions {
  /** Least-recently-used KeyObjects kept, default DEFAULT_KEY_CACHE_SIZE; 0 disables the cache. */
  readonly keyCacheSize?: number;
}

/** Builds the KeyObject for 32 raw public-key bytes; null if OpenSSL refuses them. */
function importPublicKey(publicKey: Uint8Array): KeyObject | null {
  const der = new Uint8Array(44);
  der.set(SPKI_ED25519_PREFIX, 0);
  der.set(publicKey, 12);
  try {
    return createPublicKey({ key: Buffer.from(der.buffer), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/**
 * A native backend with its own KeyObject cache (a small LRU keyed by the key bytes). Each worker
 * thread makes its own: KeyObjects are per-thread handles.
 */
export function createNativeEd25519Backend(options: NativeEd25519BackendOptions = {}): Ed25519Backend {
  const capacity = options.keyCacheSize ?? DEFAULT_KEY_CACHE_SIZE;
  const cache = new Map<string, KeyObject>();

  function keyObjectFor(publicKey: Uint8Array): KeyObject | null {
    if (capacity <= 0) return importPublicKey(publicKey);
    const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, 32).toString('latin1');
    const hit = cache.get(id);
    if (hit !== undefined) {
      // Map iteration order is insertion order: re-inserting marks the key most recently used.
      cache.delete(id);
      cache.set(id, hit);
      return hit;
    }
    const created = importPublicKey(publicKey);
    if (created === null) return null;
    if (cache.size >= capacity) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(id, created);
    return created;
  }

  return Object.freeze({
    name: 'native' as const,
    verifyRaw(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
      if (publicKey.length !== 32 || signature.length !== 64) return false;
      const key = keyObjectFor(publicKey);
      if (key === null) return false;
      try {
        return cryptoVerify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  });
}

/** The process-wide native backend (main thread). */
export const nativeEd25519Backend: Ed25519Backend = createNativeEd25519Backend();

/**
 * `verifyEd25519With` (policy pre-check, then the equation) with the native backend. Never throws for
 * bad bytes; throws INVALID_ARGUMENT if an argument is not a Uint8Array.
 */
export function verifyEd25519Native(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  return verifyEd25519With(nativeEd25519Backend, publicKey, message, signature);
}

/** `checkEd25519SignatureWith` the native backend: 'valid' or the reason it is not. */
export function checkEd25519SignatureNative(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Ed25519Verdict {
  return checkEd25519SignatureWith(nativeEd25519Backend, publicKey, message, signature);
}
