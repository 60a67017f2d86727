import { describe, expect, it } from 'vitest';
import { bytesToHex as hex } from '../../../src/core/encoding/hex.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { generateConsistencyProof, generateInclusionProof } from '../../../src/core/merkle/proof-gen.ts';
import { rfc6962Hasher } from '../../../src/core/merkle/hash.ts';
import { nativeHasher } from '../../../src/node/merkle/native-hasher.ts';
import { capturedNodes, nodesRead } from '../../../src/node/verify/proof-plan.ts';
import { nodeKey, TreeScanner, type NodeSink } from '../../../src/node/verify/tree-scan.ts';

function leaf(i: number): Uint8Array {
  return rfc6962Hasher.hashLeaf(new TextEncoder().encode(`entry ${i}`));
}

describe('TreeScanner', () => {
  it('gives the RFC 9162 root at every size (against MemoryTree)', () => {
    const tree = new MemoryTree();
    const scanner = new TreeScanner(nativeHasher);
    expect(hex(scanner.root())).toBe(hex(tree.root()));
    const wrong: number[] = [];
    for (let i = 0; i < 600; i++) {
      tree.appendLeafHash(leaf(i));
      scanner.pushLeafHash(leaf(i));
      if (!Buffer.from(scanner.root()).equals(tree.root())) wrong.push(i + 1);
    }
    expect(wrong).toEqual([]);
    expect(scanner.size).toBe(600);
  });

  it('reports every node at tree levels 8 and 16 in order (the hashes of tile levels 1 and 2)', () => {
    const tree = new MemoryTree();
    const seen: [number, Uint8Array][] = [];
    const scanner = new TreeScanner(nativeHasher, (level, hash) => seen.push([level, hash]));
    const n = 256 * 256 + 300;
    for (let i = 0; i < n; i++) {
      const h = leaf(i);
      tree.appendLeafHash(h);
      scanner.pushLeafHash(h);
    }
    const level1 = seen.filter(([l]) => l === 1).map(([, h]) => h);
    const level2 = seen.filter(([l]) => l === 2).map(([, h]) => h);
    expect(level1.length).toBe(Math.floor(n / 256));
    expect(level2.length).toBe(1);
    expect(level1.every((h, i) => Buffer.from(h).equals(tree.getNode(8, BigInt(i))))).toBe(true);
    expect(hex(level2[0] as Uint8Array)).toBe(hex(tree.getNode(16, 0n)));
  });

  it('captures wanted complete nodes when they form, and refuses nodes already formed', () => {
    const tree = new MemoryTree();
    const scanner = new TreeScanner(nativeHasher);
    const sink: NodeSink = new Map();
    expect(scanner.want(3, 2, sink)).toBe(true);
    expect(scanner.want(0, 5, sink)).toBe(true);
    for (let i = 0; i < 40; i++) {
      tree.appendLeafHash(leaf(i));
      scanner.pushLeafHash(leaf(i));
    }
    expect(hex(sink.get(nodeKey(3, 2)) as Uint8Array)).toBe(hex(tree.getNode(3, 2n)));
    expect(hex(sink.get(nodeKey(0, 5)) as Uint8Array)).toBe(hex(tree.getNode(0, 5n)));
    expect(scanner.want(2, 1, sink)).toBe(false);
  });

  it('lists the compact range of the current size', () => {
    const tree = new MemoryTree();
    const scanner = new TreeScanner(nativeHasher);
    for (let i = 0; i < 13; i++) {
      tree.appendLeafHash(leaf(i));
      scanner.pushLeafHash(leaf(i));
    }
    const nodes = scanner.compactNodes();
    expect(nodes.map((n) => [n.level, n.index])).toEqual([
      [3, 0],
      [2, 2],
      [0, 12],
    ]);
    expect(nodes.every((n) => Buffer.from(n.hash).equals(tree.getNode(n.level, BigInt(n.index))))).toBe(true);
  });
});

describe('proofs from captured nodes', () => {
  const sizes: [number, number][] = [
    [1, 2],
    [3, 7],
    [4, 8],
    [5, 300],
    [256, 513],
    [257, 1000],
    [999, 1000],
  ];
  it.each(sizes)('consistency %i → %i equals the proof generated from the whole tree', (s1, s2) => {
    const tree = new MemoryTree();
    const scanner = new TreeScanner(nativeHasher);
    let snapshot: NodeSink = new Map();
    const captured: NodeSink = new Map();
    for (let i = 0; i < s2; i++) {
      tree.appendLeafHash(leaf(i));
      scanner.pushLeafHash(leaf(i));
      if (scanner.size === s1) {
        snapshot = new Map(scanner.compactNodes().map((n) => [nodeKey(n.level, n.index), n.hash]));
        for (const need of nodesRead((src) => generateConsistencyProof(src, BigInt(s1), BigInt(s2)))) {
          if (!snapshot.has(nodeKey(need.level, need.index))) expect(scanner.want(need.level, need.index, captured)).toBe(true);
        }
      }
    }
    const proof = generateConsistencyProof(capturedNodes(snapshot, captured), BigInt(s1), BigInt(s2));
    expect(proof.map(hex)).toEqual(tree.consistencyProof(BigInt(s1), BigInt(s2)).map(hex));
  });

  it('inclusion proofs equal those generated from the whole tree', () => {
    const n = 777;
    const tree = new MemoryTree();
    const scanner = new TreeScanner(nativeHasher);
    const sink: NodeSink = new Map();
    const indices = [0, 1, 255, 256, 500, 776];
    for (const i of indices) for (const node of nodesRead((src) => generateInclusionProof(src, BigInt(i), BigInt(n)))) scanner.want(node.level, node.index, sink);
    for (let i = 0; i < n; i++) {
      tree.appendLeafHash(leaf(i));
      scanner.pushLeafHash(leaf(i));
    }
    for (const i of indices) expect(generateInclusionProof(capturedNodes(sink), BigInt(i), BigInt(n)).map(hex)).toEqual(tree.inclusionProof(BigInt(i)).map(hex));
  });

  it('throws when a node was not captured', () => {
    expect(() => capturedNodes(new Map()).getNode(0, 1n)).toThrowWithCode('INVALID_ARGUMENT');
  });
});
