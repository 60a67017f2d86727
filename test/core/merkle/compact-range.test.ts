import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/encoding/index.ts';
import { CompactRange, computeRoot, computeRootFromLeafHashes } from '../../../src/core/merkle/compact-range.ts';
import { hashLeaf } from '../../../src/core/merkle/hash.ts';
import { referenceRoot } from '../../../src/core/merkle/reference.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

// Deterministic, distinct leaf hashes.
const leafHashes = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => hashLeaf(new TextEncoder().encode(`leaf ${i}`)));
const LEAVES = leafHashes(300);
const hash32 = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

describeVectors('computeRoot (transparency-dev reference-tree.json)', () => {
  const tree = readVectorJson<{ leafInputsHex: string[]; rootHashesBySizeHex: string[] }>('merkle-transparency-dev', 'reference-tree.json');

  it('gives MTH for every size 0..8', () => {
    expect(tree.rootHashesBySizeHex).toHaveLength(9);
    const entries = tree.leafInputsHex.map((hex) => hexToBytes(hex));
    const got = tree.rootHashesBySizeHex.map((_, size) => bytesToHex(computeRoot(entries.slice(0, size))));
    expect(got).toEqual(tree.rootHashesBySizeHex);
  });
});

describe('CompactRange', () => {
  it('agrees with the naive RFC 6962 MTH at every size 0..300', () => {
    const range = new CompactRange();
    const mismatches: number[] = [];
    for (let size = 0; size <= 300; size++) {
      if (bytesToHex(range.root()) !== bytesToHex(referenceRoot(LEAVES.slice(0, size)))) mismatches.push(size);
      if (range.size !== BigInt(size)) mismatches.push(-size);
      if (size < 300) range.appendLeafHash(LEAVES[size] as Uint8Array);
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps exactly popcount(size) hashes', () => {
    const range = new CompactRange();
    for (let size = 1; size <= 300; size++) {
      range.appendLeafHash(LEAVES[size - 1] as Uint8Array);
      expect(range.hashes()).toHaveLength(size.toString(2).replaceAll('0', '').length);
    }
  });

  it('appendLeaf hashes the entry as a leaf', () => {
    const entries = ['a', 'b', 'c'].map((s) => new TextEncoder().encode(s));
    const range = new CompactRange();
    for (const e of entries) range.appendLeaf(e);
    expect(bytesToHex(range.root())).toBe(bytesToHex(referenceRoot(entries.map((e) => hashLeaf(e)))));
    expect(bytesToHex(computeRoot(entries))).toBe(bytesToHex(range.root()));
  });

  it('is not corrupted when the caller mutates a hash it appended', () => {
    const range = new CompactRange();
    const mine = new Uint8Array(LEAVES[0] as Uint8Array);
    range.appendLeafHash(mine);
    mine.fill(0);
    expect(bytesToHex(range.root())).toBe(bytesToHex(LEAVES[0] as Uint8Array));
    range.root().fill(0);
    expect(bytesToHex(range.root())).toBe(bytesToHex(LEAVES[0] as Uint8Array));
  });

  it('agrees with the reference on random sizes up to 3000 (property)', () => {
    const many = leafHashes(3000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (size) => {
        expect(bytesToHex(computeRootFromLeafHashes(many.slice(0, size)))).toBe(bytesToHex(referenceRoot(many.slice(0, size))));
      }),
      { numRuns: 25 },
    );
  });

  describe('fromCompact', () => {
    it('resumes at any size and reaches the same roots', () => {
      for (const split of [0, 1, 2, 5, 64, 100, 255]) {
        const head = new CompactRange();
        for (const leaf of LEAVES.slice(0, split)) head.appendLeafHash(leaf);
        const resumed = CompactRange.fromCompact(head.size, head.hashes());
        for (const leaf of LEAVES.slice(split, 300)) resumed.appendLeafHash(leaf);
        expect(bytesToHex(resumed.root())).toBe(bytesToHex(referenceRoot(LEAVES)));
      }
    });

    it('throws MERKLE_BAD_SIZE when the hash count is not popcount(size)', () => {
      expect(() => CompactRange.fromCompact(3n, [hash32(1)])).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(() => CompactRange.fromCompact(0n, [hash32(1)])).toThrowWithCode('MERKLE_BAD_SIZE');
    });

    it('throws MERKLE_BAD_SIZE for a negative or ≥ 2^64 size', () => {
      expect(() => CompactRange.fromCompact(-1n, [])).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(() => CompactRange.fromCompact(2n ** 64n, [hash32(1)])).toThrowWithCode('MERKLE_BAD_SIZE');
    });

    it('throws MERKLE_BAD_HASH_LENGTH for a short hash', () => {
      expect(() => CompactRange.fromCompact(1n, [new Uint8Array(31)])).toThrowWithCode('MERKLE_BAD_HASH_LENGTH');
    });
  });

  describe('when the tree would pass 2^64 - 1 leaves', () => {
    it('throws MERKLE_BAD_SIZE and keeps its state', () => {
      const full = CompactRange.fromCompact(2n ** 64n - 1n, Array.from({ length: 64 }, (_, i) => hash32(i)));
      const root = bytesToHex(full.root());
      expect(() => full.appendLeafHash(hash32(99))).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(full.size).toBe(2n ** 64n - 1n);
      expect(bytesToHex(full.root())).toBe(root);
    });

    it('throws MERKLE_BAD_SIZE for a subtree that would carry into 2^64', () => {
      const half = CompactRange.fromCompact(2n ** 63n, [hash32(1)]);
      expect(() => half.appendSubtree(63, hash32(2))).toThrowWithCode('MERKLE_BAD_SIZE');
      half.appendSubtree(62, hash32(2));
      expect(half.size).toBe(2n ** 63n + 2n ** 62n);
    });
  });

  describe('appendSubtree', () => {
    it('equals appending the subtree leaves one by one', () => {
      const range = new CompactRange();
      for (const leaf of LEAVES.slice(0, 4)) range.appendLeafHash(leaf);
      range.appendSubtree(2, referenceRoot(LEAVES.slice(4, 8)));
      range.appendSubtree(1, referenceRoot(LEAVES.slice(8, 10)));
      range.appendLeafHash(LEAVES[10] as Uint8Array);
      expect(range.levels()).toEqual([3, 1, 0]);
      expect(bytesToHex(range.root())).toBe(bytesToHex(referenceRoot(LEAVES.slice(0, 11))));
    });

    it('throws MERKLE_BAD_SIZE for a subtree that is not aligned', () => {
      const range = new CompactRange();
      range.appendLeafHash(hash32(1));
      expect(() => range.appendSubtree(1, hash32(2))).toThrowWithCode('MERKLE_BAD_SIZE');
    });

    it('throws MERKLE_BAD_SIZE for a level outside 0..63', () => {
      expect(() => new CompactRange().appendSubtree(64, hash32(2))).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(() => new CompactRange().appendSubtree(-1, hash32(2))).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(() => new CompactRange().appendSubtree(1.5, hash32(2))).toThrowWithCode('MERKLE_BAD_SIZE');
    });
  });

  it('throws MERKLE_BAD_HASH_LENGTH for a leaf hash that is not 32 bytes', () => {
    expect(() => new CompactRange().appendLeafHash(new Uint8Array(33))).toThrowWithCode('MERKLE_BAD_HASH_LENGTH');
  });
});
