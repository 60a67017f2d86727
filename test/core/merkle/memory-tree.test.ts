import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { hashLeaf } from '../../../src/core/merkle/hash.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { referenceRoot } from '../../../src/core/merkle/reference.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

describeVectors('MemoryTree (transparency-dev reference-tree.json)', () => {
  const data = readVectorJson<{ leafInputsHex: string[]; nodeHashesByLevelHex: string[][]; rootHashesBySizeHex: string[] }>(
    'merkle-transparency-dev',
    'reference-tree.json',
  );
  const tree = MemoryTree.fromEntries(data.leafInputsHex.map((h) => hexToBytes(h)));

  it('stores every complete subtree hash of the 8-leaf tree', () => {
    const got = data.nodeHashesByLevelHex.map((row, level) => row.map((_, i) => bytesToHex(tree.getNode(level, BigInt(i)))));
    expect(got).toEqual(data.nodeHashesByLevelHex);
  });

  it('gives the root at every size 0..8, as does the naive reference', () => {
    const leaves = data.leafInputsHex.map((h) => hashLeaf(hexToBytes(h)));
    expect(data.rootHashesBySizeHex.map((_, n) => bytesToHex(tree.root(BigInt(n))))).toEqual(data.rootHashesBySizeHex);
    expect(data.rootHashesBySizeHex.map((_, n) => bytesToHex(referenceRoot(leaves.slice(0, n))))).toEqual(data.rootHashesBySizeHex);
  });
});

describe('MemoryTree', () => {
  const tree = MemoryTree.fromEntries(['a', 'b', 'c', 'd', 'e'].map((s) => utf8ToBytes(s)));

  it('counts its leaves', () => {
    expect(tree.size).toBe(5n);
    expect(new MemoryTree().size).toBe(0n);
  });

  it('throws MERKLE_BAD_INDEX for a subtree that is not complete yet', () => {
    expect(() => tree.getNode(0, 5n)).toThrowWithCode('MERKLE_BAD_INDEX');
    expect(() => tree.getNode(1, 2n)).toThrowWithCode('MERKLE_BAD_INDEX');
    expect(() => tree.getNode(3, 0n)).toThrowWithCode('MERKLE_BAD_INDEX');
    expect(() => tree.getNode(0, -1n)).toThrowWithCode('MERKLE_BAD_INDEX');
  });

  it('throws MERKLE_BAD_SIZE for sizes past its leaves', () => {
    expect(() => tree.root(6n)).toThrowWithCode('MERKLE_BAD_SIZE');
    expect(() => tree.inclusionProof(0n, 6n)).toThrowWithCode('MERKLE_BAD_SIZE');
    expect(() => tree.consistencyProof(1n, 6n)).toThrowWithCode('MERKLE_BAD_SIZE');
  });

  it('hands out proofs that do not alias its own hashes', () => {
    const proof = tree.inclusionProof(0n);
    const before = bytesToHex(tree.root());
    for (const h of proof) h.fill(0);
    expect(bytesToHex(tree.root())).toBe(before);
  });

  it('throws MERKLE_BAD_HASH_LENGTH for a leaf hash that is not 32 bytes', () => {
    expect(() => MemoryTree.fromLeafHashes([new Uint8Array(3)])).toThrowWithCode('MERKLE_BAD_HASH_LENGTH');
  });
});
