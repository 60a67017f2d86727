import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import type { Ed25519Backend } from '../../../src/core/crypto/backend.ts';
import {
  checkEd25519Signature,
  generateSeed,
  nobleEd25519Backend,
  publicKeyFromSeed,
  signEd25519,
  verifyEd25519,
} from '../../../src/core/crypto/ed25519.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

const seed = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const publicKey = publicKeyFromSeed(seed);
const message = utf8ToBytes('{"type":"agent.register","seq":1}');
const signature = signEd25519(seed, message);

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] = (out[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return out;
}

describe('signEd25519', () => {
  it('produces a signature that verifies, and is deterministic (RFC 8032 §5.1.6)', () => {
    expect(signature).toHaveLength(64);
    expect(verifyEd25519(publicKey, message, signature)).toBe(true);
    expect(signEd25519(seed, message)).toEqual(signature);
  });
  describe('when the seed is not 32 bytes', () => {
    it.each([0, 31, 33, 64])('throws ED25519_BAD_PRIVATE_KEY for %i bytes', (length) => {
      expect(() => signEd25519(new Uint8Array(length), message)).toThrowWithCode('ED25519_BAD_PRIVATE_KEY');
    });
  });
  describe('when an argument is not a Uint8Array', () => {
    it('throws ED25519_BAD_PRIVATE_KEY for a seed given as an array', () => {
      expect(() => signEd25519([1, 2] as unknown as Uint8Array, message)).toThrowWithCode('ED25519_BAD_PRIVATE_KEY');
    });
    it('throws INVALID_ARGUMENT for a message given as a string', () => {
      expect(() => signEd25519(seed, 'hi' as unknown as Uint8Array)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});

describe('publicKeyFromSeed', () => {
  it('returns 32 bytes equal to noble getPublicKey', () => {
    expect(publicKey).toEqual(ed25519.getPublicKey(seed));
  });
  it('throws ED25519_BAD_PRIVATE_KEY for a 16-byte seed', () => {
    expect(() => publicKeyFromSeed(new Uint8Array(16))).toThrowWithCode('ED25519_BAD_PRIVATE_KEY');
  });
});

describe('generateSeed', () => {
  it('returns 32 fresh bytes usable as a seed', () => {
    const a = generateSeed();
    const b = generateSeed();
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(b);
    expect(verifyEd25519(publicKeyFromSeed(a), message, signEd25519(a, message))).toBe(true);
  });
});

describe('verifyEd25519', () => {
  it('accepts subarray views of larger buffers', () => {
    const backing = new Uint8Array(32 + 64 + message.length + 7);
    backing.set(publicKey, 3);
    backing.set(signature, 35);
    backing.set(message, 99);
    expect(
      verifyEd25519(backing.subarray(3, 35), backing.subarray(99, 99 + message.length), backing.subarray(35, 99)),
    ).toBe(true);
  });

  describe('when one bit is flipped (mutation)', () => {
    it('rejects every single-bit flip of the signature', () => {
      const accepted = Array.from({ length: 512 }, (_, bit) => bit).filter((bit) =>
        verifyEd25519(publicKey, message, flipBit(signature, bit)),
      );
      expect(accepted).toEqual([]);
    });
    it('rejects every single-bit flip of the public key', () => {
      const accepted = Array.from({ length: 256 }, (_, bit) => bit).filter((bit) =>
        verifyEd25519(flipBit(publicKey, bit), message, signature),
      );
      expect(accepted).toEqual([]);
    });
    it('rejects every single-bit flip of the message', () => {
      const accepted = Array.from({ length: message.length * 8 }, (_, bit) => bit).filter((bit) =>
        verifyEd25519(publicKey, flipBit(message, bit), signature),
      );
      expect(accepted).toEqual([]);
    });
  });

  describe('when the message is truncated or extended', () => {
    it('rejects both', () => {
      expect(verifyEd25519(publicKey, message.subarray(0, message.length - 1), signature)).toBe(false);
      expect(verifyEd25519(publicKey, Uint8Array.of(...message, 0), signature)).toBe(false);
    });
  });

  describe('when S is replaced by S + L (malleability, RFC 8032 §8.4)', () => {
    it('rejects it with the reason non-canonical-s', () => {
      const malleated = signature.slice();
      malleated.set(numberToBytesLE(bytesToNumberLE(signature.subarray(32)) + L, 32), 32);
      expect(verifyEd25519(publicKey, message, malleated)).toBe(false);
      expect(checkEd25519Signature(publicKey, message, malleated)).toBe('non-canonical-s');
    });
  });

  describe('when the key is not on the curve', () => {
    it('returns false without throwing', () => {
      // y = 2 is canonical and not small-order, and (y^2 - 1)/(d y^2 + 1) is not a square mod p
      const notOnCurve = numberToBytesLE(2n, 32);
      expect(() => ed25519.Point.fromBytes(notOnCurve)).toThrow();
      expect(checkEd25519Signature(notOnCurve, message, signature)).toBe('bad-signature');
    });
  });

  describe('when the lengths are wrong', () => {
    it('returns false for a 63-byte signature and a 31-byte key', () => {
      expect(verifyEd25519(publicKey, message, signature.subarray(0, 63))).toBe(false);
      expect(verifyEd25519(publicKey.subarray(1), message, signature)).toBe(false);
    });
  });

  describe('when an argument is not a Uint8Array', () => {
    it.each([
      ['publicKey', () => verifyEd25519('00' as unknown as Uint8Array, message, signature)],
      ['message', () => verifyEd25519(publicKey, null as unknown as Uint8Array, signature)],
      ['signature', () => verifyEd25519(publicKey, message, [1] as unknown as Uint8Array)],
    ])('throws INVALID_ARGUMENT for %s', (_name, call) => {
      expect(call).toThrowWithCode('INVALID_ARGUMENT');
    });
  });

  describe('when the backend is given', () => {
    it('does not call the backend for an input the policy rejects', () => {
      let calls = 0;
      const spy: Ed25519Backend = {
        name: 'native',
        verifyRaw: () => {
          calls += 1;
          return true;
        },
      };
      expect(verifyEd25519(new Uint8Array(32), message, signature, spy)).toBe(false);
      expect(checkEd25519Signature(publicKey, message, new Uint8Array(64), spy)).toBe('small-order-r');
      expect(calls).toBe(0);
      expect(verifyEd25519(publicKey, message, signature, spy)).toBe(true);
      expect(calls).toBe(1);
    });
    it('turns a backend that throws into false', () => {
      const throwing: Ed25519Backend = {
        name: 'native',
        verifyRaw: () => {
          throw new TypeError('boom');
        },
      };
      expect(checkEd25519Signature(publicKey, message, signature, throwing)).toBe('bad-signature');
    });
  });
});

describe('nobleEd25519Backend', () => {
  it('is named noble', () => {
    expect(nobleEd25519Backend.name).toBe('noble');
  });
  it('agrees with noble ed25519.verify on honest signatures of random keys and messages', () => {
    const disagreements: number[] = [];
    for (let i = 0; i < 24; i++) {
      const s = generateSeed();
      const m = crypto.getRandomValues(new Uint8Array(i * 9));
      const sig = signEd25519(s, m);
      const pub = publicKeyFromSeed(s);
      const bad = flipBit(sig, i * 11);
      for (const candidate of [sig, bad]) {
        if (nobleEd25519Backend.verifyRaw(pub, m, candidate) !== ed25519.verify(candidate, m, pub)) disagreements.push(i);
      }
    }
    expect(disagreements).toEqual([]);
  });
  it('returns false rather than throwing for wrong lengths', () => {
    expect(nobleEd25519Backend.verifyRaw(publicKey.subarray(1), message, signature)).toBe(false);
    expect(nobleEd25519Backend.verifyRaw(publicKey, message, signature.subarray(1))).toBe(false);
  });
});
