/**
 * Streaming RFC 9162 root: the "compact range" [0, size) of a growing tree.
 *
 * For a tree of `size` leaves, the complete subtrees on its right border are one per set bit of
 * `size`, largest (leftmost) first; MTH(D[size]) folds them right to left (RFC 9162 §2.1.1: the left
 * child is always the complete subtree of the largest power of two below n). Keeping only those
 * hashes gives the root at any size with at most 64 stored hashes and N - 1 node hashes for N leaves.
 */
import { ProtocolError } from '../errors.ts';
import { popcount64 } from './bits.ts';
import { checkHash, checkTreeSize } from './checks.ts';
import { rfc6962Hasher } from './hash.ts';
import type { MerkleHasher } from './hash.ts';

const MAX_LEVEL = 63;
const NO_HASH = new Uint8Array(0);

export class CompactRange {
  readonly hasher: MerkleHasher;
  // Right-border subtrees, bottom of the stack = largest. Levels strictly decrease upwards, so the
  // stack never holds more than 64 entries and the tree size is the sum of 2^level. Fixed 64-slot
  // stacks plus a count: no array growth or truncation on the hot path. Hashes taken from callers
  // are copied with `new Uint8Array(x)` (a Buffer's slice() would alias instead of copying).
  readonly #hashes: Uint8Array[] = Array.from({ length: 64 }, () => NO_HASH);
  readonly #levels = new Uint8Array(64);
  #count = 0;

  constructor(hasher: MerkleHasher = rfc6962Hasher) {
    this.hasher = hasher;
  }

  /**
   * Resumes from a stored compact range: `hashes` are the complete subtrees of [0, size), largest
   * first (one per set bit of `size`). Throws MERKLE_BAD_SIZE if size is not uint64 or the count is
   * not popcount(size); MERKLE_BAD_HASH_LENGTH for a hash that is not 32 bytes.
   */
  static fromCompact(size: bigint, hashes: readonly Uint8Array[], hasher: MerkleHasher = rfc6962Hasher): CompactRange {
    checkTreeSize(size);
    const expected = popcount64(size);
    if (!Array.isArray(hashes) || hashes.length !== expected) {
      throw new ProtocolError('MERKLE_BAD_SIZE', `a compact range of size ${size} holds ${expected} hashes`, {
        details: { size: size.toString(), expected, got: Array.isArray(hashes) ? hashes.length : -1 },
      });
    }
    const range = new CompactRange(hasher);
    let next = 0;
    for (let level = MAX_LEVEL; level >= 0; level--) {
      if (((size >> BigInt(level)) & 1n) === 0n) continue;
      const hash = hashes[next++] as Uint8Array;
      checkHash(hash, `compact range hash ${next - 1}`);
      range.#hashes[range.#count] = new Uint8Array(hash);
      range.#levels[range.#count++] = level;
    }
    return range;
  }

  /** Number of leaves appended so far (uint64). */
  get size(): bigint {
    let size = 0n;
    for (let i = 0; i < this.#count; i++) size += 1n << BigInt(this.#levels[i] as number);
    return size;
  }

  /** Hashes one entry as a leaf (RFC 9162 §2.1.1) and appends it. MERKLE_BAD_SIZE past 2^64 - 1. */
  appendLeaf(entry: Uint8Array): void {
    this.#push(0, this.hasher.hashLeaf(entry), true);
  }

  /** Appends a leaf hash. MERKLE_BAD_HASH_LENGTH unless 32 bytes; MERKLE_BAD_SIZE past 2^64 - 1. */
  appendLeafHash(leafHash: Uint8Array): void {
    checkHash(leafHash, 'leaf hash');
    this.#push(0, leafHash, false);
  }

  /**
   * Appends the hash of a complete subtree of 2^level leaves. Precondition: the current size is a
   * multiple of 2^level (the subtree must be aligned), else MERKLE_BAD_SIZE; 0 <= level <= 63.
   */
  appendSubtree(level: number, hash: Uint8Array): void {
    if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
      throw new ProtocolError('MERKLE_BAD_SIZE', `subtree level ${level} is not in 0..${MAX_LEVEL}`);
    }
    checkHash(hash, 'subtree hash');
    const n = this.#count;
    if (n > 0 && (this.#levels[n - 1] as number) < level) {
      throw new ProtocolError('MERKLE_BAD_SIZE', `tree size ${this.size} is not a multiple of 2^${level}`);
    }
    this.#push(level, hash, false);
  }

  /** The compact range: complete right-border subtree hashes of [0, size), largest first. */
  hashes(): Uint8Array[] {
    return this.#hashes.slice(0, this.#count).map((hash) => new Uint8Array(hash));
  }

  /** Levels of `hashes()`, same order (subtree i covers 2^levels[i] leaves). */
  levels(): number[] {
    return Array.from(this.#levels.subarray(0, this.#count));
  }

  /** MTH of the leaves appended so far (SHA-256("") for none). */
  root(): Uint8Array {
    const n = this.#count;
    if (n === 0) return this.hasher.emptyRoot();
    let root = this.#hashes[n - 1] as Uint8Array;
    if (n === 1) return new Uint8Array(root);
    for (let i = n - 2; i >= 0; i--) root = this.hasher.hashChildren(this.#hashes[i] as Uint8Array, root);
    return root;
  }

  // Pushes a subtree at `level` (already aligned) and merges equal-level neighbours, like a binary
  // counter's carry. Hot path for bulk hashing: no bigint arithmetic here. A caller's array that
  // would be stored as is gets copied (`owned` = false), so later mutation cannot corrupt the state.
  #push(level: number, hash: Uint8Array, owned: boolean): void {
    const hashes = this.#hashes;
    const levels = this.#levels;
    let n = this.#count;
    // Levels are distinct and in [level, 63]; with 64 - level of them present, adding 2^level
    // would carry into 2^64, past the uint64 size limit.
    if (n === 64 - level) {
      throw new ProtocolError('MERKLE_BAD_SIZE', 'tree size would exceed 2^64 - 1 leaves');
    }
    let merged = hash;
    let mergedLevel = level;
    while (n > 0 && levels[n - 1] === mergedLevel) {
      n--;
      merged = this.hasher.hashChildren(hashes[n] as Uint8Array, merged);
      mergedLevel++;
    }
    hashes[n] = merged === hash && !owned ? new Uint8Array(hash) : merged;
    levels[n] = mergedLevel;
    this.#count = n + 1;
  }
}

/** MTH(D[n]) of `entries` (RFC 9162 §2.1.1), streaming: memory does not grow with the count. */
export function computeRoot(entries: Iterable<Uint8Array>, hasher: MerkleHasher = rfc6962Hasher): Uint8Array {
  const range = new CompactRange(hasher);
  for (const entry of entries) range.appendLeaf(entry);
  return range.root();
}

/** MTH from leaf hashes. MERKLE_BAD_HASH_LENGTH if one is not 32 bytes. */
export function computeRootFromLeafHashes(leafHashes: Iterable<Uint8Array>, hasher: MerkleHasher = rfc6962Hasher): Uint8Array {
  const range = new CompactRange(hasher);
  for (const leafHash of leafHashes) range.appendLeafHash(leafHash);
  return range.root();
}
