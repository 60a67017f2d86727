import { ed25519 } from '@noble/curves/ed25519.js';

/** Ed25519 verification with the portable backend (strict RFC 8032 decoding). */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** Signs `message` with the 32-byte Ed25519 seed `secretKey`. */
export function signEd25519(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, secretKey);
}

/** The 32-byte public key of a 32-byte seed. */
export function publicKeyFromSeed(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

/** A fresh random 32-byte seed (Web Crypto's CSPRNG, available in Node, workers and the renderer). */
export function generateSeed(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}
