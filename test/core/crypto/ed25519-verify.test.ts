import { describe, expect, it } from 'vitest';
import type { Ed25519Backend } from '../../../src/core/crypto/backend.ts';
import { checkEd25519Signature, nobleEd25519Backend, publicKeyFromSeed, signEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { checkEd25519SignatureWith, verifyEd25519With } from '../../../src/core/crypto/ed25519-verify.ts';

const seed = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 3);
const publicKey = publicKeyFromSeed(seed);
const message = Uint8Array.of(1, 2, 3);
const signature = signEd25519(seed, message);

/** A backend that records its calls and answers `answer` (or throws). */
function recordingBackend(answer: boolean | 'throw'): Ed25519Backend & { calls: number } {
  const backend = {
    name: 'native' as const,
    calls: 0,
    verifyRaw(): boolean {
      backend.calls += 1;
      if (answer === 'throw') throw new Error('hostile bytes');
      return answer;
    },
  };
  return backend;
}

describe('checkEd25519SignatureWith', () => {
  it('gives the same verdict as checkEd25519Signature with the same backend', () => {
    const nonCanonicalS = signature.slice();
    nonCanonicalS[63] = 0xff;
    const flipped = signature.slice();
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    for (const [key, sig] of [
      [publicKey, signature],
      [publicKey, nonCanonicalS],
      [publicKey, flipped],
      [new Uint8Array(32), signature],
      [publicKey, signature.subarray(0, 63)],
    ] as const) {
      expect(checkEd25519SignatureWith(nobleEd25519Backend, key, message, sig)).toBe(checkEd25519Signature(key, message, sig));
    }
    expect(checkEd25519SignatureWith(nobleEd25519Backend, publicKey, message, signature)).toBe('valid');
  });

  describe('when the policy rejects', () => {
    it('answers the policy reason without calling the backend', () => {
      const backend = recordingBackend(true);
      expect(checkEd25519SignatureWith(backend, new Uint8Array(32), message, signature)).toBe('small-order-a');
      expect(verifyEd25519With(backend, publicKey, message, new Uint8Array(64).fill(0xff))).toBe(false);
      expect(backend.calls).toBe(0);
    });
  });

  describe('when the backend throws', () => {
    it('answers bad-signature', () => {
      const backend = recordingBackend('throw');
      expect(checkEd25519SignatureWith(backend, publicKey, message, signature)).toBe('bad-signature');
      expect(backend.calls).toBe(1);
    });
  });

  describe('when an argument is not a Uint8Array', () => {
    it('throws INVALID_ARGUMENT', () => {
      const backend = recordingBackend(true);
      expect(() => checkEd25519SignatureWith(backend, publicKey, 'm' as unknown as Uint8Array, signature)).toThrowWithCode('INVALID_ARGUMENT');
      expect(() => verifyEd25519With(backend, [1] as unknown as Uint8Array, message, signature)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});
