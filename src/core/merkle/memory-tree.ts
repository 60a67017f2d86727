/**
 * An append-only RFC 9162 tree held in memory: every complete subtree hash, level by level (about
 * 2N hashes for N leaves). For tests, fixtures and small logs; a real log reads tiles instead through
 * the same MerkleNodeSource interface.
 */
import { ProtocolError } from '../errors.ts';
import { checkHash, checkTreeSize } from './checks.ts';
import { rfc6962Hasher } from './hash.ts';
import type { MerkleHasher } from './hash.ts';
import { computeRootFromNodes, generateConsistencyProof, generateInclusionProof } from './proof-gen.ts';
import type { MerkleNodeSource } from './proof-gen.ts';

export class MemoryTree implements MerkleNodeSource {
  readonly hasher: MerkleHasher;
  // levels[l][i] = MTH of leaves [i·2^l, (i+1)·2^l); only complete subtrees are stored.
  readonly #levels: Uint8Array[][] = [[]];

  constructor(hasher: MerkleHasher = rfc6962Hasher) {
    this.hasher = hasher;
  }

  /** A tree over the given leaf hashes. MERKLE_BAD_HASH_LENGTH if one is not 32 bytes. */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>, hasher: MerkleHasher = rfc6962Hasher): MemoryTree {
    const tree = new MemoryTree(hasher);
    for (const leafHash of leafHashes) tree.appendLeafHash(leafHash);
    return tree;
  }

  /** A tree over the given entries (each hashed as a leaf). */
  static fromEntries(entries: Iterable<Uint8Array>, hasher: MerkleHasher = rfc6962Hasher): MemoryTree {
    const tree = new MemoryTree(hasher);
    for (const entry of entries) tree.appendLeaf(entry);
    return tree;
  }

  get size(): bigint {
    return BigInt((this.#levels[0] as Uint8Array[]).length);
  }

  appendLeaf(entry: Uint8Array): void {
    this.#append(this.hasher.hashLeaf(entry));
  }

  /** MERKLE_BAD_HASH_LENGTH unless 32 bytes. */
  appendLeafHash(leafHash: Uint8Array): void {
    checkHash(leafHash, 'leaf hash');
    this.#append(new Uint8Array(leafHash));
  }

  /** MerkleNodeSource: a complete subtree's hash. MERKLE_BAD_INDEX if it is not complete yet. */
  getNode(level: number, index: bigint): Uint8Array {
    const row = this.#levels[level];
    if (row === undefined || index < 0n || index >= BigInt(row.length)) {
      throw new ProtocolError('MERKLE_BAD_INDEX', `no complete subtree ${level}/${index} in a tree of ${this.size}`);
    }
    return row[Number(index)] as Uint8Array;
  }

  /** MTH of the first `size` leaves (default: all). MERKLE_BAD_SIZE past the current size. */
  root(size: bigint = this.size): Uint8Array {
    this.#checkAtMost(size);
    return computeRootFromNodes(this, size, this.hasher);
  }

  /** PATH(index, D[size]); size defaults to the current size. */
  inclusionProof(index: bigint, size: bigint = this.size): Uint8Array[] {
    this.#checkAtMost(size);
    return generateInclusionProof(this, index, size, this.hasher);
  }

  /** PROOF(size1, D[size2]); size2 defaults to the current size. */
  consistencyProof(size1: bigint, size2: bigint = this.size): Uint8Array[] {
    this.#checkAtMost(size2);
    return generateConsistencyProof(this, size1, size2, this.hasher);
  }

  #checkAtMost(size: bigint): void {
    checkTreeSize(size);
    if (size > this.size) {
      throw new ProtocolError('MERKLE_BAD_SIZE', `size ${size} is past the tree's ${this.size} leaves`);
    }
  }

  // Adds a leaf and every subtree it completes (each odd-indexed node pairs with its left neighbour).
  #append(leafHash: Uint8Array): void {
    let hash = leafHash;
    for (let level = 0; ; level++) {
      let row = this.#levels[level];
      if (row === undefined) {
        row = [];
        this.#levels.push(row);
      }
      row.push(hash);
      if (row.length % 2 === 1) return;
      hash = this.hasher.hashChildren(row[row.length - 2] as Uint8Array, hash);
    }
  }
}
