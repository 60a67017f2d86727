import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
  checkEd25519Signature,
  nobleEd25519Backend,
  publicKeyFromSeed,
  signEd25519,
  verifyEd25519,
} from '../../../src/core/crypto/ed25519.ts';
import { concatBytes } from '../../../src/core/encoding/bytes.ts';
import { hexToBytes } from '../../../src/core/encoding/hex.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';
import {
  checkEd25519SignatureNative,
  createNativeEd25519Backend,
  nativeEd25519Backend,
  verifyEd25519Native,
} from '../../../src/node/crypto/native-ed25519.ts';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const { Point } = ed25519;

function seedOf(i: number): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, j) => (i * 31 + j * 7) & 255);
}

const seed = seedOf(1);
const publicKey = publicKeyFromSeed(seed);
const message = utf8ToBytes('log entry 42: {"op":"revoke","agent":"did:key:z6Mk"}');
const signature = signEd25519(seed, message);

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] = (out[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return out;
}

describe('nativeEd25519Backend', () => {
  it('is named native and verifies an honest signature', () => {
    expect(nativeEd25519Backend.name).toBe('native');
    expect(verifyEd25519Native(publicKey, message, signature)).toBe(true);
    expect(checkEd25519SignatureNative(publicKey, message, signature)).toBe('valid');
  });

  describe('when one bit is flipped (mutation)', () => {
    it('rejects every single-bit flip of the signature, the key and the message', () => {
      const accepted: string[] = [];
      for (let bit = 0; bit < 512; bit++) {
        if (verifyEd25519Native(publicKey, message, flipBit(signature, bit))) accepted.push(`sig bit ${bit}`);
      }
      for (let bit = 0; bit < 256; bit++) {
        if (verifyEd25519Native(flipBit(publicKey, bit), message, signature)) accepted.push(`key bit ${bit}`);
      }
      for (let bit = 0; bit < message.length * 8; bit++) {
        if (verifyEd25519Native(publicKey, flipBit(message, bit), signature)) accepted.push(`message bit ${bit}`);
      }
      expect(accepted).toEqual([]);
    });
  });

  describe('when S is replaced by S + L', () => {
    it('rejects it before OpenSSL is called (non-canonical-s), and OpenSSL alone also rejects it', () => {
      const malleated = signature.slice();
      malleated.set(numberToBytesLE(bytesToNumberLE(signature.subarray(32)) + L, 32), 32);
      expect(checkEd25519SignatureNative(publicKey, message, malleated)).toBe('non-canonical-s');
      expect(nativeEd25519Backend.verifyRaw(publicKey, message, malleated)).toBe(false);
    });
  });

  describe('when the key bytes are not a curve point', () => {
    it('returns false without throwing', () => {
      expect(checkEd25519SignatureNative(numberToBytesLE(2n, 32), message, signature)).toBe('bad-signature');
    });
  });

  describe('when verifyRaw gets wrong lengths', () => {
    it('returns false', () => {
      expect(nativeEd25519Backend.verifyRaw(publicKey.subarray(1), message, signature)).toBe(false);
      expect(nativeEd25519Backend.verifyRaw(publicKey, message, signature.subarray(1))).toBe(false);
    });
  });

  describe('when an argument is not a Uint8Array', () => {
    it('throws INVALID_ARGUMENT', () => {
      expect(() => verifyEd25519Native(publicKey, 'x' as unknown as Uint8Array, signature)).toThrowWithCode(
        'INVALID_ARGUMENT',
      );
    });
  });
});

describe('createNativeEd25519Backend', () => {
  const signers = Array.from({ length: 7 }, (_, i) => {
    const s = seedOf(i + 10);
    const m = utf8ToBytes(`entry ${i}`);
    return { publicKey: publicKeyFromSeed(s), message: m, signature: signEd25519(s, m) };
  });

  it.each([0, 1, 3, 4096])('answers correctly with a key cache of %i while keys are evicted and reloaded', (size) => {
    const backend = createNativeEd25519Backend({ keyCacheSize: size });
    const wrong: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [i, s] of signers.entries()) {
        if (!verifyEd25519(s.publicKey, s.message, s.signature, backend)) wrong.push(`round ${round} key ${i} valid`);
        const other = signers[(i + 1) % signers.length];
        if (other !== undefined && verifyEd25519(s.publicKey, other.message, other.signature, backend)) {
          wrong.push(`round ${round} key ${i} accepted key ${i + 1}'s signature`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('does not let a key held in the cache verify a signature by another key (cache keyed by all 32 bytes)', () => {
    const backend = createNativeEd25519Backend({ keyCacheSize: 8 });
    const a = signers[0];
    const b = signers[1];
    if (a === undefined || b === undefined) throw new Error('fixture');
    expect(verifyEd25519(a.publicKey, a.message, a.signature, backend)).toBe(true);
    expect(verifyEd25519(b.publicKey, a.message, a.signature, backend)).toBe(false);
    expect(verifyEd25519(b.publicKey, b.message, b.signature, backend)).toBe(true);
  });
});

describe('the noble and native backends', () => {
  // A public key with a small-order component: A' = [a]B + T with T of order 8. The blocklist cannot
  // see it; the cofactorless equation accepts (R, S = r + k·a) iff [k]T = 0, i.e. iff 8 divides k.
  // Both backends must say exactly that.
  it('agree on signatures by a mixed-order key, accepting exactly those with 8 | k', () => {
    const torsion = Point.fromBytes(hexToBytes('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'));
    const a = 123456789123456789123456789n;
    const mixedKey = Point.BASE.multiply(a).add(torsion).toBytes();
    const disagreements: string[] = [];
    let expectedValid = 0;
    for (let i = 0; i < 64; i++) {
      const m = utf8ToBytes(`mixed ${i}`);
      const r = 1000n + BigInt(i) * 7919n;
      const rBytes = Point.BASE.multiply(r).toBytes();
      const k = bytesToNumberLE(sha512(concatBytes(rBytes, mixedKey, m))) % L;
      const sig = concatBytes(rBytes, numberToBytesLE((r + k * a) % L, 32));
      const expected = k % 8n === 0n;
      if (expected) expectedValid += 1;
      const noble = checkEd25519Signature(mixedKey, m, sig, nobleEd25519Backend);
      const native = checkEd25519Signature(mixedKey, m, sig, nativeEd25519Backend);
      if (noble !== native || (noble === 'valid') !== expected) disagreements.push(`${i}: k mod 8 = ${k % 8n}, noble ${noble}, native ${native}`);
    }
    expect(disagreements).toEqual([]);
    expect(expectedValid).toBeGreaterThan(0);
  });

  it('agree on honest and corrupted signatures of many keys', () => {
    const disagreements: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = seedOf(100 + i);
      const m = Uint8Array.from({ length: i * 5 }, (_, j) => (i + j) & 255);
      const sig = signEd25519(s, m);
      const candidate = i % 2 === 0 ? sig : flipBit(sig, i * 13);
      const pub = publicKeyFromSeed(s);
      if (verifyEd25519(pub, m, candidate) !== verifyEd25519Native(pub, m, candidate)) disagreements.push(i);
    }
    expect(disagreements).toEqual([]);
  });
});
