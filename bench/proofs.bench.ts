/**
 * Inclusion and consistency proof VERIFICATIONS per second in a tree of 2^40 leaves, with the
 * native (OpenSSL) and the portable (@noble/hashes) hasher. Proofs come from a SyntheticTree (a
 * deterministic node source that is a genuine Merkle tree along the tracked paths), so each one
 * verifies against the root computed from the same nodes.
 */
import { rfc6962Hasher } from '../src/core/merkle/hash.ts';
import type { MerkleHasher } from '../src/core/merkle/hash.ts';
import { verifyConsistency } from '../src/core/merkle/consistency.ts';
import { verifyInclusion } from '../src/core/merkle/inclusion.ts';
import { computeRootFromNodes, generateConsistencyProof, generateInclusionProof } from '../src/core/merkle/proof-gen.ts';
import { SyntheticTree } from '../src/core/merkle/synthetic-tree.ts';
import { nativeHasher } from '../src/node/merkle/native-hasher.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'proofs';
const SIZE = 2n ** 40n;
const PROOFS = 1000;
const SECONDS_PER_MEASURE = 2;

interface InclusionItem {
  index: bigint;
  leafHash: Uint8Array;
  proof: Uint8Array[];
}

interface ConsistencyItem {
  size1: bigint;
  root1: Uint8Array;
  proof: Uint8Array[];
}

// Deterministic uniform bigints in [1, SIZE) from a 64-bit LCG.
function* pseudoRandomSizes(count: number): Generator<bigint> {
  let x = 0x853c49e6748fea9bn;
  for (let i = 0; i < count; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
    yield 1n + ((x >> 20n) % (SIZE - 1n));
  }
}

function makeProofs(): { root: Uint8Array; inclusion: InclusionItem[]; consistency: ConsistencyItem[] } {
  const tree = new SyntheticTree(nativeHasher);
  const indices = [...pseudoRandomSizes(PROOFS)].map((x) => x - 1n);
  const sizes1 = [...pseudoRandomSizes(2 * PROOFS)].slice(PROOFS);
  for (const index of indices) tree.track(index);
  for (const size1 of sizes1) tree.track(size1 - 1n);
  const root = computeRootFromNodes(tree, SIZE);
  return {
    root,
    inclusion: indices.map((index) => ({ index, leafHash: tree.leafHash(index), proof: generateInclusionProof(tree, index, SIZE) })),
    consistency: sizes1.map((size1) => ({ size1, root1: computeRootFromNodes(tree, size1), proof: generateConsistencyProof(tree, size1, SIZE) })),
  };
}

// Runs `round` (which verifies `perRound` proofs) until SECONDS_PER_MEASURE have passed.
function perSecond(perRound: number, round: () => void): number {
  round(); // warm-up
  const start = performance.now();
  let rounds = 0;
  while (performance.now() - start < SECONDS_PER_MEASURE * 1000) {
    round();
    rounds++;
  }
  return (rounds * perRound) / ((performance.now() - start) / 1000);
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const { root, inclusion, consistency } = makeProofs();
  const meanLength = (items: { proof: Uint8Array[] }[]): string => (items.reduce((n, i) => n + i.proof.length, 0) / items.length).toFixed(1);
  const hashers: [string, MerkleHasher][] = [
    ['native', nativeHasher],
    ['noble', rfc6962Hasher],
  ];
  for (const [name, hasher] of hashers) {
    const inclusionRate = perSecond(inclusion.length, () => {
      for (const p of inclusion) verifyInclusion(p.index, SIZE, p.leafHash, p.proof, root, hasher);
    });
    report({
      group: GROUP,
      name: `inclusion verifications, 2^40 leaves, ${name} hasher`,
      value: Math.round(inclusionRate),
      unit: 'proofs/s',
      note: `${inclusion.length} distinct proofs, ${meanLength(inclusion)} hashes each on average`,
    });
    const consistencyRate = perSecond(consistency.length, () => {
      for (const p of consistency) verifyConsistency(p.size1, SIZE, p.root1, root, p.proof, hasher);
    });
    report({
      group: GROUP,
      name: `consistency verifications, size1 → 2^40, ${name} hasher`,
      value: Math.round(consistencyRate),
      unit: 'proofs/s',
      note: `${consistency.length} distinct proofs from random size1, ${meanLength(consistency)} hashes each on average`,
    });
  }
}
