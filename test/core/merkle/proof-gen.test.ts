import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToHex, hexToBytes, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { verifyConsistency } from '../../../src/core/merkle/consistency.ts';
import { hashLeaf } from '../../../src/core/merkle/hash.ts';
import { verifyInclusion } from '../../../src/core/merkle/inclusion.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { computeRootFromNodes, generateConsistencyProof, generateInclusionProof } from '../../../src/core/merkle/proof-gen.ts';
import type { MerkleNodeSource } from '../../../src/core/merkle/proof-gen.ts';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from '../../../src/core/merkle/reference.ts';
import { SyntheticTree } from '../../../src/core/merkle/synthetic-tree.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

const hex = (hashes: readonly Uint8Array[]): string[] => hashes.map((h) => bytesToHex(h));
const leafHashes = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => hashLeaf(utf8ToBytes(`leaf ${i}`)));

describeVectors('proof generation (derived-reference-tree-all-proofs.json)', () => {
  const data = readVectorJson<{
    leafInputsHex: string[];
    rootsBySizeHex: string[];
    inclusion: { leafIndex: number; treeSize: number; leafHashHex: string; rootHex: string; proofHex: string[] }[];
    consistency: { size1: number; size2: number; root1Hex: string; root2Hex: string; proofHex: string[] }[];
  }>('merkle-transparency-dev', 'derived-reference-tree-all-proofs.json');
  const tree = MemoryTree.fromEntries(data.leafInputsHex.map((h) => hexToBytes(h)));

  it('has 36 inclusion and 28 consistency pairs', () => {
    expect([data.inclusion.length, data.consistency.length]).toEqual([36, 28]);
  });

  it('gives the stated root for every size 0..8', () => {
    expect(data.rootsBySizeHex.map((_, n) => bytesToHex(tree.root(BigInt(n))))).toEqual(data.rootsBySizeHex);
  });

  it('generates every inclusion proof byte for byte, and each verifies', () => {
    const failed: string[] = [];
    for (const c of data.inclusion) {
      const [index, size] = [BigInt(c.leafIndex), BigInt(c.treeSize)];
      const proof = tree.inclusionProof(index, size);
      if (JSON.stringify(hex(proof)) !== JSON.stringify(c.proofHex)) failed.push(`generated ${index}/${size}`);
      const leaves = data.leafInputsHex.slice(0, c.treeSize).map((h) => hashLeaf(hexToBytes(h)));
      if (JSON.stringify(hex(referenceInclusionProof(c.leafIndex, leaves))) !== JSON.stringify(c.proofHex)) failed.push(`reference ${index}/${size}`);
      try {
        verifyInclusion(index, size, hexToBytes(c.leafHashHex), proof, hexToBytes(c.rootHex));
      } catch {
        failed.push(`verify ${index}/${size}`);
      }
    }
    expect(failed).toEqual([]);
  });

  it('generates every consistency proof byte for byte, and each verifies', () => {
    const failed: string[] = [];
    for (const c of data.consistency) {
      const [size1, size2] = [BigInt(c.size1), BigInt(c.size2)];
      const proof = tree.consistencyProof(size1, size2);
      if (JSON.stringify(hex(proof)) !== JSON.stringify(c.proofHex)) failed.push(`generated ${size1}→${size2}`);
      const leaves = data.leafInputsHex.slice(0, c.size2).map((h) => hashLeaf(hexToBytes(h)));
      if (JSON.stringify(hex(referenceConsistencyProof(c.size1, leaves))) !== JSON.stringify(c.proofHex)) failed.push(`reference ${size1}→${size2}`);
      try {
        verifyConsistency(size1, size2, hexToBytes(c.root1Hex), hexToBytes(c.root2Hex), proof);
      } catch {
        failed.push(`verify ${size1}→${size2}`);
      }
    }
    expect(failed).toEqual([]);
  });
});

describeVectors('proof generation (tlog-tiles-tessera derived-proofs.json)', () => {
  const data = readVectorJson<{
    leavesUtf8: string[];
    inclusion: { leafIndex: number; treeSize: number; proofBase64: string[] }[];
    consistency: { size1: number; size2: number; proofBase64: string[] }[];
  }>('tlog-tiles-tessera', 'derived-proofs.json');
  const tree = MemoryTree.fromEntries(data.leavesUtf8.map((s) => utf8ToBytes(s)));
  const b64hex = (list: string[]): string[] => list.map((s) => bytesToHex(base64ToBytes(s)));

  it('reproduces all 120 inclusion and 105 consistency proofs', () => {
    const failed = [
      ...data.inclusion.filter((c) => JSON.stringify(hex(tree.inclusionProof(BigInt(c.leafIndex), BigInt(c.treeSize)))) !== JSON.stringify(b64hex(c.proofBase64))),
      ...data.consistency.filter((c) => JSON.stringify(hex(tree.consistencyProof(BigInt(c.size1), BigInt(c.size2)))) !== JSON.stringify(b64hex(c.proofBase64))),
    ];
    expect(failed).toEqual([]);
  });
});

describe('generateInclusionProof', () => {
  const leaves = leafHashes(130);
  const tree = MemoryTree.fromLeafHashes(leaves);

  it('equals the RFC 6962 PATH and verifies for every (index, size) with size ≤ 130', () => {
    const failed: string[] = [];
    for (let size = 1; size <= 130; size++) {
      const prefix = leaves.slice(0, size);
      const root = referenceRoot(prefix);
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusionProof(BigInt(index), BigInt(size));
        if (hex(proof).join() !== hex(referenceInclusionProof(index, prefix)).join()) failed.push(`${index}/${size} differs`);
        try {
          verifyInclusion(BigInt(index), BigInt(size), leaves[index] as Uint8Array, proof, root);
        } catch {
          failed.push(`${index}/${size} does not verify`);
        }
      }
    }
    expect(failed).toEqual([]);
  });

  it('throws MERKLE_BAD_INDEX for an index outside [0, size)', () => {
    expect(() => generateInclusionProof(tree, 5n, 5n)).toThrowWithCode('MERKLE_BAD_INDEX');
    expect(() => generateInclusionProof(tree, -1n, 5n)).toThrowWithCode('MERKLE_BAD_INDEX');
  });

  it('throws MERKLE_BAD_SIZE for a size ≥ 2^64 or negative', () => {
    const synthetic = new SyntheticTree();
    expect(() => generateInclusionProof(synthetic, 0n, 2n ** 64n)).toThrowWithCode('MERKLE_BAD_SIZE');
    expect(() => generateInclusionProof(synthetic, 0n, -3n)).toThrowWithCode('MERKLE_BAD_SIZE');
  });

  it('throws MERKLE_BAD_HASH_LENGTH when the node source returns a bad hash (a hostile tile server)', () => {
    const hostile: MerkleNodeSource = { getNode: () => new Uint8Array(31) };
    expect(() => generateInclusionProof(hostile, 0n, 4n)).toThrowWithCode('MERKLE_BAD_HASH_LENGTH');
    expect(() => computeRootFromNodes(hostile, 4n)).toThrowWithCode('MERKLE_BAD_HASH_LENGTH');
  });

  it('reads only complete subtrees below the size from the source', () => {
    const asked: string[] = [];
    const spy: MerkleNodeSource = {
      getNode(level, index) {
        asked.push(`${level}/${index}`);
        if ((index + 1n) << BigInt(level) > 11n) throw new Error(`incomplete node ${level}/${index} requested`);
        return tree.getNode(level, index);
      },
    };
    for (let index = 0n; index < 11n; index++) generateInclusionProof(spy, index, 11n);
    expect(asked.length).toBeGreaterThan(0);
  });
});

describe('generateConsistencyProof', () => {
  const leaves = leafHashes(100);
  const tree = MemoryTree.fromLeafHashes(leaves);

  it('equals the RFC 6962 PROOF and verifies for every (size1, size2) with size2 ≤ 100', () => {
    const failed: string[] = [];
    for (let size2 = 1; size2 <= 100; size2++) {
      const prefix = leaves.slice(0, size2);
      const root2 = referenceRoot(prefix);
      for (let size1 = 1; size1 <= size2; size1++) {
        const proof = tree.consistencyProof(BigInt(size1), BigInt(size2));
        if (hex(proof).join() !== hex(referenceConsistencyProof(size1, prefix)).join()) failed.push(`${size1}→${size2} differs`);
        try {
          verifyConsistency(BigInt(size1), BigInt(size2), referenceRoot(leaves.slice(0, size1)), root2, proof);
        } catch {
          failed.push(`${size1}→${size2} does not verify`);
        }
      }
    }
    expect(failed).toEqual([]);
  });

  it('follows the verifier policy for size1 == 0 and size1 > size2 (MERKLE_BAD_SIZE)', () => {
    expect(() => generateConsistencyProof(tree, 0n, 5n)).toThrowWithCode('MERKLE_BAD_SIZE');
    expect(() => generateConsistencyProof(tree, 6n, 5n)).toThrowWithCode('MERKLE_BAD_SIZE');
    expect(generateConsistencyProof(tree, 5n, 5n)).toEqual([]);
  });
});

describe('proofs on random trees up to 3000 leaves (property)', () => {
  const leaves = leafHashes(3000);
  const tree = MemoryTree.fromLeafHashes(leaves);

  it('inclusion proofs equal PATH and verify', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }).chain((size) => fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.constant(size))),
        ([index, size]) => {
          const prefix = leaves.slice(0, size);
          const proof = tree.inclusionProof(BigInt(index), BigInt(size));
          expect(hex(proof)).toEqual(hex(referenceInclusionProof(index, prefix)));
          verifyInclusion(BigInt(index), BigInt(size), leaves[index] as Uint8Array, proof, tree.root(BigInt(size)));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('consistency proofs equal PROOF and verify', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }).chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2))),
        ([size1, size2]) => {
          const proof = tree.consistencyProof(BigInt(size1), BigInt(size2));
          expect(hex(proof)).toEqual(hex(referenceConsistencyProof(size1, leaves.slice(0, size2))));
          verifyConsistency(BigInt(size1), BigInt(size2), tree.root(BigInt(size1)), tree.root(BigInt(size2)), proof);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('proofs in trees of 2^40 to 2^64 - 1 leaves (synthetic node source)', () => {
  const sizes = [2n ** 40n - 1n, 2n ** 40n, 2n ** 40n + 1n, 2n ** 40n + 12345n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 63n + 7n, 2n ** 64n - 1n];
  const indices = (size: bigint): bigint[] => [0n, 1n, size / 3n, size / 2n, size - 2n, size - 1n, 2n ** 32n - 1n, 2n ** 32n].filter((i) => i >= 0n && i < size);

  it('verifies generated inclusion proofs against the root derived from the same nodes', () => {
    const failed: string[] = [];
    for (const size of sizes) {
      for (const index of indices(size)) {
        const tree = new SyntheticTree();
        tree.track(index);
        const proof = generateInclusionProof(tree, index, size);
        try {
          verifyInclusion(index, size, tree.leafHash(index), proof, computeRootFromNodes(tree, size));
        } catch (error) {
          failed.push(`${index}/${size}: ${String(error)}`);
        }
      }
    }
    expect(failed).toEqual([]);
  });

  it('verifies generated consistency proofs between such sizes', () => {
    const failed: string[] = [];
    for (const size2 of sizes) {
      for (const size1 of [1n, 2n, 3n, 2n ** 32n + 1n, 2n ** 40n - 1n, 2n ** 40n, 2n ** 63n, size2 - 1n, size2].filter((s) => s >= 1n && s <= size2)) {
        const tree = new SyntheticTree();
        tree.track(size1 - 1n);
        const proof = generateConsistencyProof(tree, size1, size2);
        try {
          verifyConsistency(size1, size2, computeRootFromNodes(tree, size1), computeRootFromNodes(tree, size2), proof);
        } catch (error) {
          failed.push(`${size1}→${size2}: ${String(error)}`);
        }
      }
    }
    expect(failed).toEqual([]);
  });

  it('catches a wrong leaf or a wrong neighbour at 2^63 + 7', () => {
    const size = 2n ** 63n + 7n;
    const tree = new SyntheticTree();
    tree.track(2n ** 62n);
    const root = computeRootFromNodes(tree, size);
    const proof = generateInclusionProof(tree, 2n ** 62n, size);
    expect(() => verifyInclusion(2n ** 62n, size, tree.leafHash(2n ** 62n + 1n), proof, root)).toThrowWithCode('MERKLE_ROOT_MISMATCH');
    expect(() => verifyInclusion(2n ** 62n + 1n, size, tree.leafHash(2n ** 62n), proof, root)).toThrowWithCode('MERKLE_ROOT_MISMATCH');
  });
});
