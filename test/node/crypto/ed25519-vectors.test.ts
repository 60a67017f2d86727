import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEd25519Signature, type Ed25519Verdict } from '../../../src/core/crypto/ed25519.ts';
import { hexToBytes } from '../../../src/core/encoding/hex.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';
import { nativeEd25519Backend } from '../../../src/node/crypto/native-ed25519.ts';
import { createVerifyPool, type VerifyItem, type VerifyPool } from '../../../src/node/crypto/verify-pool.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

// The native backend and the worker pool against the public vectors, and both against the noble
// backend: every answer must be identical (test/core/crypto/ed25519-vectors.test.ts pins noble's).

interface Rfc8032Vector {
  name: string;
  publicKey: string;
  message: string;
  signature: string;
}
interface WycheproofFile {
  testGroups: {
    publicKey?: { pk: string };
    key?: { pk: string };
    tests: { tcId: number; comment: string; msg: string; sig: string; result: string }[];
  }[];
}
interface CctvVector {
  number: number;
  key: string;
  sig: string;
  msg: string;
  flags: string[] | null;
}

/** A vector reduced to what verification needs, its name and the expected answer if there is one. */
interface Case extends VerifyItem {
  readonly name: string;
  readonly expected?: boolean;
}

function loadRfc8032(): Case[] {
  return readVectorJson<{ vectors: Rfc8032Vector[] }>('rfc8032-ed25519', 'rfc8032-section-7.1.json').vectors.map((v) => ({
    name: v.name,
    publicKey: hexToBytes(v.publicKey),
    message: hexToBytes(v.message),
    signature: hexToBytes(v.signature),
    expected: true,
  }));
}

function loadWycheproof(file: string): Case[] {
  const data = readVectorJson<WycheproofFile>('wycheproof-ed25519', file);
  return data.testGroups.flatMap((group) => {
    const publicKey = hexToBytes((group.publicKey ?? group.key)?.pk ?? '');
    return group.tests.map((test) => ({
      name: `tcId ${test.tcId} (${test.comment})`,
      publicKey,
      message: hexToBytes(test.msg),
      signature: hexToBytes(test.sig),
      expected: test.result === 'valid',
    }));
  });
}

function loadCctv(): (Case & { flags: string[] })[] {
  return readVectorJson<CctvVector[]>('cctv-ed25519', 'ed25519vectors.json').map((v) => ({
    name: `#${v.number}`,
    flags: v.flags ?? [],
    publicKey: hexToBytes(v.key),
    message: utf8ToBytes(v.msg),
    signature: hexToBytes(v.sig),
  }));
}

function verdicts(cases: readonly Case[], backend: 'noble' | 'native'): Ed25519Verdict[] {
  return cases.map((c) =>
    backend === 'noble'
      ? checkEd25519Signature(c.publicKey, c.message, c.signature)
      : checkEd25519Signature(c.publicKey, c.message, c.signature, nativeEd25519Backend),
  );
}

describeVectors('Ed25519 vectors with the native backend and the verify pool', () => {
  let pool: VerifyPool;
  beforeAll(() => {
    pool = createVerifyPool({ size: 2, maxChunkEntries: 64 });
  });
  afterAll(async () => {
    await pool.close();
  });

  describe.each([
    ['RFC 8032 §7.1', loadRfc8032, 5, 5],
    ['Wycheproof ed25519_test.json', () => loadWycheproof('ed25519_test.json'), 151, 88],
    ['Wycheproof eddsa_test.legacy.json', () => loadWycheproof('eddsa_test.legacy.json'), 145, 84],
  ])('%s', (_name, load, total, valid) => {
    it(`gives the expected answer for all ${total} cases (${valid} valid) with native, pool and noble alike`, async () => {
      const cases = load();
      const native = verdicts(cases, 'native');
      const noble = verdicts(cases, 'noble');
      const pooled = await pool.verifyBatch(cases);
      const failures = cases.flatMap((c, i) => {
        const answers = [native[i] === 'valid', pooled[i] === 1, noble[i] === 'valid'];
        return answers.every((a) => a === c.expected) ? [] : [`${c.name}: native ${native[i]}, pool ${pooled[i]}, noble ${noble[i]}`];
      });
      expect(failures).toEqual([]);
      expect([cases.length, cases.filter((c) => c.expected).length]).toEqual([total, valid]);
    });
  });

  describe('C2SP CCTV edge cases (cctv-ed25519)', () => {
    it('gives identical verdicts with the native and noble backends on all 914 vectors', () => {
      const cases = loadCctv();
      const native = verdicts(cases, 'native');
      const noble = verdicts(cases, 'noble');
      const differing = cases.flatMap((c, i) => (native[i] === noble[i] ? [] : [`${c.name}: native ${native[i]}, noble ${noble[i]}`]));
      expect(cases).toHaveLength(914);
      expect(differing).toEqual([]);
    });

    it('gives the same answers through the pool, accepting exactly the pinned 43', async () => {
      const cases = loadCctv();
      const native = verdicts(cases, 'native');
      const pooled = await pool.verifyBatch(cases);
      const differing = cases.flatMap((c, i) => ((native[i] === 'valid') === (pooled[i] === 1) ? [] : [c.name]));
      expect(differing).toEqual([]);
      expect(pooled.reduce((sum, v) => sum + v, 0)).toBe(43);
      // Any change in that set (a library upgrade, a policy edit) shows up here.
      expect(cases.filter((_, i) => pooled[i] === 1).map((c) => c.name)).toEqual(ACCEPTED_CCTV.map((n) => `#${n}`));
    });

    it('rejects with every backend each vector flagged non_canonical_A/R, low_order_A/R or low_order_residue', () => {
      const rejectedFlags = ['non_canonical_A', 'non_canonical_R', 'low_order_A', 'low_order_R', 'low_order_residue'];
      const cases = loadCctv().filter((c) => c.flags.some((f) => rejectedFlags.includes(f)));
      expect(cases).toHaveLength(914 - 43);
      const native = verdicts(cases, 'native');
      expect(cases.filter((_, i) => native[i] === 'valid').map((c) => c.name)).toEqual([]);
    });
  });
});

/** The `number` of each CCTV vector the policy accepts (pinned; all carry none of the rejected flags). */
const ACCEPTED_CCTV = [
  7, 29, 50, 117, 139, 161, 182, 249, 305, 411, 425, 438, 465, 473, 481, 489, 497, 511, 525, 538, 565, 573, 581, 589,
  597, 611, 625, 638, 665, 673, 681, 689, 697, 711, 725, 738, 765, 773, 781, 789, 797, 832, 899,
];
