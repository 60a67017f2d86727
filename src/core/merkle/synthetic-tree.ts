/**
 * A deterministic node source for trees far too large to build (2^40, 2^63 leaves), for tests and
 * benchmarks only.
 *
 * Every node is an arbitrary but fixed hash, hashLeaf(level byte || uint64 BE index), EXCEPT the
 * ancestors of "tracked" leaves, which are computed from their children as RFC 9162 requires. So the
 * tree is a genuine Merkle tree along every path that starts at a tracked leaf: an inclusion proof of
 * a tracked leaf, or a consistency proof from size1 when leaf size1 - 1 is tracked, folds to the same
 * root that computeRootFromNodes derives. Cost: at most 63 memoised hashes per tracked leaf.
 */
import { writeUint64BE } from '../encoding/index.ts';
import { rfc6962Hasher } from './hash.ts';
import type { MerkleHasher } from './hash.ts';
import type { MerkleNodeSource } from './proof-gen.ts';

export class SyntheticTree implements MerkleNodeSource {
  readonly hasher: MerkleHasher;
  // Ancestors of tracked leaves ("level:index"), whose hashes must be computed, not invented.
  readonly #tracked = new Set<string>();
  readonly #memo = new Map<string, Uint8Array>();

  constructor(hasher: MerkleHasher = rfc6962Hasher) {
    this.hasher = hasher;
  }

  /** Makes every ancestor of leaf `index` (0 <= index < 2^64) a real hash of its children. */
  track(index: bigint): void {
    for (let level = 1; level <= 63; level++) {
      const key = `${level}:${index >> BigInt(level)}`;
      this.#tracked.add(key);
      // Its value changes now that a tracked leaf lies below it.
      this.#memo.delete(key);
    }
  }

  /** The leaf hash of leaf `index` (level-0 node). */
  leafHash(index: bigint): Uint8Array {
    return this.getNode(0, index);
  }

  getNode(level: number, index: bigint): Uint8Array {
    const key = `${level}:${index}`;
    const known = this.#memo.get(key);
    if (known !== undefined) return known;
    const hash = this.#tracked.has(key)
      ? this.hasher.hashChildren(this.getNode(level - 1, index << 1n), this.getNode(level - 1, (index << 1n) | 1n))
      : this.hasher.hashLeaf(syntheticPreimage(level, index));
    this.#memo.set(key, hash);
    return hash;
  }
}

function syntheticPreimage(level: number, index: bigint): Uint8Array {
  const preimage = new Uint8Array(9);
  preimage[0] = level;
  preimage.set(writeUint64BE(index), 1);
  return preimage;
}
