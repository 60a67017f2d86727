/**
 * Ed25519 (RFC 8032) for the protocol core: signing, key derivation and verification under the one
 * acceptance policy of `ed25519-policy.ts`, with the portable @noble backend by default. The native
 * backend (node:crypto) lives in `src/node/crypto` and is passed in where bulk work needs it.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { ProtocolError } from '../errors.ts';
import type { Ed25519Backend } from './backend.ts';
import { assertBytes, checkEd25519SignatureWith, type Ed25519Verdict } from './ed25519-verify.ts';

export type { Ed25519Verdict } from './ed25519-verify.ts';

const { Point } = ed25519;
const { Fn } = Point;

function equalBytes32(a: Uint8Array, b: Uint8Array): boolean {
  let diff = 0;
  for (let i = 0; i < 32; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * RFC 8032 §5.1.7 step 3 with the cofactorless equation, computed like ref10 and OpenSSL:
 * R' = [S]B - [k]A, valid iff encode(R') == R byte for byte. noble's own `ed25519.verify` checks
 * the cofactored equation ([8][S]B = [8]R + [8][k]A), which accepts CCTV `low_order_residue`
 * signatures that OpenSSL rejects, so it is not used.
 */
function verifyCofactorless(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    // RFC 8032 §5.1.3 decoding (strict: y < p, no x = -0); throws if A is not on the curve.
    const a = Point.fromBytes(publicKey, false);
    const r = signature.subarray(0, 32);
    const s = bytesToNumberLE(signature.subarray(32, 64));
    if (!Fn.isValid(s)) return false; // S >= L (the policy has already said so)
    const hashInput = new Uint8Array(64 + message.length);
    hashInput.set(r, 0);
    hashInput.set(publicKey, 32);
    hashInput.set(message, 64);
    const k = Fn.create(bytesToNumberLE(sha512(hashInput)));
    const rCheck = Point.BASE.multiplyUnsafe(s).subtract(a.multiplyUnsafe(k));
    return equalBytes32(rCheck.toBytes(), r);
  } catch {
    return false;
  }
}

/** The portable backend (@noble/curves), cofactorless like OpenSSL. */
export const nobleEd25519Backend: Ed25519Backend = Object.freeze({
  name: 'noble',
  verifyRaw: verifyCofactorless,
});

/**
 * Verifies `signature` (R || S) by `publicKey` on `message` under the acceptance policy of
 * `ed25519-policy.ts`, then the backend's cofactorless equation (`checkEd25519SignatureWith` in
 * `ed25519-verify.ts`, default backend @noble). All three arguments are attacker-controlled.
 * Returns 'valid' or why not. Throws INVALID_ARGUMENT only if an argument is not a Uint8Array; bad
 * bytes of any kind give a verdict, never an exception.
 */
export function checkEd25519Signature(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  backend: Ed25519Backend = nobleEd25519Backend,
): Ed25519Verdict {
  return checkEd25519SignatureWith(backend, publicKey, message, signature);
}

/**
 * True iff `signature` by `publicKey` on `message` is valid under the policy (see
 * `checkEd25519Signature`). Never throws for bad bytes (returns false); throws INVALID_ARGUMENT if an
 * argument is not a Uint8Array.
 */
export function verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  backend: Ed25519Backend = nobleEd25519Backend,
): boolean {
  return checkEd25519Signature(publicKey, message, signature, backend) === 'valid';
}

function assertSeed(seed: Uint8Array): void {
  assertBytes(seed, 'seed', 'ED25519_BAD_PRIVATE_KEY');
  if (seed.length !== 32) {
    throw new ProtocolError('ED25519_BAD_PRIVATE_KEY', `an Ed25519 seed is 32 bytes, got ${seed.length}`);
  }
}

/**
 * Signs `message` with the 32-byte Ed25519 seed (RFC 8032 §5.1.6; deterministic). Returns R || S.
 * Throws ED25519_BAD_PRIVATE_KEY if the seed is not 32 bytes, INVALID_ARGUMENT if `message` is not
 * a Uint8Array.
 */
export function signEd25519(seed: Uint8Array, message: Uint8Array): Uint8Array {
  assertSeed(seed);
  assertBytes(message, 'message');
  return ed25519.sign(message, seed);
}

/** The 32-byte public key A of a 32-byte seed (RFC 8032 §5.1.5). Throws ED25519_BAD_PRIVATE_KEY. */
export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  assertSeed(seed);
  return ed25519.getPublicKey(seed);
}

/** A fresh random 32-byte seed (Web Crypto's CSPRNG, available in Node, workers and the renderer). */
export function generateSeed(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}
