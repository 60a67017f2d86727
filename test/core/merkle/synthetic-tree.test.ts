import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { hashChildren } from '../../../src/core/merkle/hash.ts';
import { isInclusionValid } from '../../../src/core/merkle/inclusion.ts';
import { computeRootFromNodes, generateInclusionProof } from '../../../src/core/merkle/proof-gen.ts';
import { SyntheticTree } from '../../../src/core/merkle/synthetic-tree.ts';

describe('SyntheticTree', () => {
  it('computes the ancestors of a tracked leaf from their children', () => {
    const tree = new SyntheticTree();
    tree.track(2n ** 50n + 5n);
    for (let level = 1; level <= 63; level++) {
      const index = (2n ** 50n + 5n) >> BigInt(level);
      const children = hashChildren(tree.getNode(level - 1, index * 2n), tree.getNode(level - 1, index * 2n + 1n));
      expect(bytesToHex(tree.getNode(level, index))).toBe(bytesToHex(children));
    }
  });

  it('recomputes memoised ancestors when another leaf is tracked later', () => {
    const tree = new SyntheticTree();
    tree.track(0n);
    const before = bytesToHex(tree.getNode(2, 0n));
    tree.track(3n);
    // Node 1/1 (leaves 2..3) is now computed, so node 2/0 above it changes too.
    expect(bytesToHex(tree.getNode(1, 1n))).toBe(bytesToHex(hashChildren(tree.getNode(0, 2n), tree.getNode(0, 3n))));
    expect(bytesToHex(tree.getNode(2, 0n))).toBe(bytesToHex(hashChildren(tree.getNode(1, 0n), tree.getNode(1, 1n))));
    expect(bytesToHex(tree.getNode(2, 0n))).not.toBe(before);
  });

  // Guards the large-size tests against passing vacuously: without tracking, the tree is not a
  // Merkle tree along the leaf's path, so its proof must not verify.
  it('makes an untracked leaf fail verification', () => {
    const size = 2n ** 40n + 12345n;
    const index = size / 3n;
    const tree = new SyntheticTree();
    expect(isInclusionValid(index, size, tree.leafHash(index), generateInclusionProof(tree, index, size), computeRootFromNodes(tree, size))).toBe(false);
    tree.track(index);
    expect(isInclusionValid(index, size, tree.leafHash(index), generateInclusionProof(tree, index, size), computeRootFromNodes(tree, size))).toBe(true);
  });
});
