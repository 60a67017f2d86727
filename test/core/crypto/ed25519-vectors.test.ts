import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { checkEd25519Policy } from '../../../src/core/crypto/ed25519-policy.ts';
import {
  checkEd25519Signature,
  publicKeyFromSeed,
  signEd25519,
  verifyEd25519,
  type Ed25519Verdict,
} from '../../../src/core/crypto/ed25519.ts';
import { bytesToHex, hexToBytes } from '../../../src/core/encoding/hex.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

// The noble backend against the public vectors. test/node/crypto/ed25519-vectors.test.ts runs the
// same sets through the native backend and the pool and checks all three agree.

interface Rfc8032Vector {
  name: string;
  secretKey: string;
  publicKey: string;
  message: string;
  signature: string;
}
interface WycheproofTest {
  tcId: number;
  comment: string;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WycheproofFile {
  numberOfTests: number;
  testGroups: { publicKey?: { pk: string }; key?: { pk: string }; tests: WycheproofTest[] }[];
}
interface CctvVector {
  number: number;
  key: string;
  sig: string;
  msg: string;
  flags: string[] | null;
}

/** Flags whose vectors the policy must reject (see src/core/crypto/ed25519-policy.ts). */
const REJECTED_FLAGS = ['non_canonical_A', 'non_canonical_R', 'low_order_A', 'low_order_R', 'low_order_residue'];

function histogram(verdicts: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of verdicts) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

describeVectors('Ed25519 vectors with the noble backend', () => {
  describe('RFC 8032 §7.1 (rfc8032-ed25519)', () => {
    const vectors = (): Rfc8032Vector[] =>
      readVectorJson<{ vectors: Rfc8032Vector[] }>('rfc8032-ed25519', 'rfc8032-section-7.1.json').vectors;

    it('has the five vectors of §7.1', () => {
      expect(vectors().map((v) => v.name)).toEqual(['TEST 1', 'TEST 2', 'TEST 3', 'TEST 1024', 'TEST SHA(abc)']);
    });
    it('derives the public key, reproduces the signature and verifies it, for every vector', () => {
      const failures: string[] = [];
      for (const v of vectors()) {
        const seed = hexToBytes(v.secretKey, 32);
        const message = hexToBytes(v.message);
        if (bytesToHex(publicKeyFromSeed(seed)) !== v.publicKey) failures.push(`${v.name}: public key`);
        if (bytesToHex(signEd25519(seed, message)) !== v.signature) failures.push(`${v.name}: signature`);
        if (!verifyEd25519(hexToBytes(v.publicKey), message, hexToBytes(v.signature))) failures.push(`${v.name}: verify`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe.each([
    ['ed25519_test.json', 151, 88],
    ['eddsa_test.legacy.json', 145, 84],
  ])('Wycheproof %s', (file, total, valid) => {
    it(`verifies true exactly for the ${valid} "valid" of ${total} tests`, () => {
      const data = readVectorJson<WycheproofFile>('wycheproof-ed25519', file);
      const failures: string[] = [];
      let count = 0;
      let validCount = 0;
      for (const group of data.testGroups) {
        const pk = hexToBytes((group.publicKey ?? group.key)?.pk ?? '');
        for (const test of group.tests) {
          count += 1;
          if (test.result === 'valid') validCount += 1;
          const verdict = checkEd25519Signature(pk, hexToBytes(test.msg), hexToBytes(test.sig));
          if ((verdict === 'valid') !== (test.result === 'valid')) {
            failures.push(`tcId ${test.tcId} (${test.comment}): expected ${test.result}, got ${verdict}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect([count, validCount, data.numberOfTests]).toEqual([total, valid, total]);
    });
  });

  describe('C2SP CCTV edge cases (cctv-ed25519)', () => {
    const load = (): { vector: CctvVector; verdict: Ed25519Verdict }[] =>
      readVectorJson<CctvVector[]>('cctv-ed25519', 'ed25519vectors.json').map((vector) => ({
        vector,
        verdict: checkEd25519Signature(hexToBytes(vector.key), utf8ToBytes(vector.msg), hexToBytes(vector.sig)),
      }));

    it('accepts exactly the 43 vectors that carry none of the rejected flags (pinned)', () => {
      const results = load();
      expect(results).toHaveLength(914);
      const mismatches = results
        .filter(({ vector, verdict }) => {
          const mustReject = (vector.flags ?? []).some((flag) => REJECTED_FLAGS.includes(flag));
          return (verdict === 'valid') === mustReject;
        })
        .map(({ vector, verdict }) => `#${vector.number} [${(vector.flags ?? []).join(',')}] ${verdict}`);
      expect(mismatches).toEqual([]);
      expect(results.filter((r) => r.verdict === 'valid')).toHaveLength(43);
    });
    it('gives the pinned verdict counts', () => {
      expect(histogram(load().map((r) => r.verdict))).toEqual({
        'small-order-a': 526,
        'small-order-r': 282,
        'bad-signature': 63,
        valid: 43,
      });
    });
    it('rejects low_order_A and non_canonical_A vectors as small-order-a, the other low_order_R and non_canonical_R ones as small-order-r', () => {
      const wrong = load()
        .filter(({ vector, verdict }) => {
          const flags = vector.flags ?? [];
          if (flags.includes('low_order_A') || flags.includes('non_canonical_A')) return verdict !== 'small-order-a';
          if (flags.includes('low_order_R') || flags.includes('non_canonical_R')) return verdict !== 'small-order-r';
          return false;
        })
        .map(({ vector, verdict }) => `#${vector.number} ${verdict}`);
      expect(wrong).toEqual([]);
    });
    it('rejects, among vectors the pre-check lets through, the low_order_residue ones that a cofactored check accepts', () => {
      // Why the noble backend is not noble's own ed25519.verify: that checks the cofactored equation
      // and would accept these, while OpenSSL (and this policy) rejects them.
      const residue = load().filter(
        ({ vector }) =>
          (vector.flags ?? []).includes('low_order_residue') &&
          checkEd25519Policy(hexToBytes(vector.key), hexToBytes(vector.sig)) === 'ok',
      );
      const cofactoredAccepts = residue.filter(({ vector }) =>
        ed25519.verify(hexToBytes(vector.sig), utf8ToBytes(vector.msg), hexToBytes(vector.key)),
      );
      expect(cofactoredAccepts.length).toBeGreaterThan(0);
      expect(cofactoredAccepts.filter((r) => r.verdict === 'valid')).toEqual([]);
    });
  });
});
