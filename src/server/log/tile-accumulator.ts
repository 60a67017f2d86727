/**
 * The right edge of the log's hash tiles (c2sp.org/tlog-tiles), kept in memory by the sequencer:
 * per tile level, the hashes of the current partial tile. Appending a leaf hash extends the level-0
 * partial tile; a tile that reaches 256 hashes is complete, its subtree hash (RFC 9162 §2.1.1 over
 * its 256 hashes) is appended to the level above, and so on. The tiles touched since the last
 * `takeWrites()` are handed to the store in the same transaction as their entries.
 *
 * Invariant: between commits the accumulator equals the stored tiles for the stored tree size.
 */
import { concatBytes } from '../../core/encoding/index.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { HASH_SIZE, TILE_WIDTH } from '../../core/tiles/index.ts';
import { StoreError } from '../store/store-error.ts';

export interface TileWrite {
  readonly level: number;
  readonly index: number;
  /** The tile's hashes, concatenated (a full tile is 8,192 bytes). */
  readonly hashes: Uint8Array;
}

/** MTH of the 2^k hashes hashes[start, start + count) (count a power of two). */
export function perfectSubtreeHash(hasher: MerkleHasher, hashes: readonly Uint8Array[], start: number, count: number): Uint8Array {
  if (count === 1) return hashes[start] as Uint8Array;
  const half = count / 2;
  return hasher.hashChildren(perfectSubtreeHash(hasher, hashes, start, half), perfectSubtreeHash(hasher, hashes, start + half, half));
}

/** See the module comment. */
export class TileAccumulator {
  readonly #hasher: MerkleHasher;
  #size: number;
  // partials[L]: hashes of the current partial tile at tile level L; indices[L]: that tile's index.
  readonly #partials: Uint8Array[][] = [];
  readonly #indices: number[] = [];
  readonly #dirty = new Map<string, TileWrite | { level: number; index: number; partial: true }>();

  private constructor(hasher: MerkleHasher, size: number) {
    this.#hasher = hasher;
    this.#size = size;
  }

  /** An empty accumulator (tree size 0). */
  static empty(hasher: MerkleHasher): TileAccumulator {
    return new TileAccumulator(hasher, 0);
  }

  /**
   * Restores the right edge of a stored tree of `size` leaves from its tiles. Throws StoreError
   * DB_INCONSISTENT when a partial tile the size needs is missing or too short.
   */
  static restore(hasher: MerkleHasher, size: number, readTile: (level: number, index: number) => Uint8Array | undefined): TileAccumulator {
    const accumulator = new TileAccumulator(hasher, size);
    for (let level = 0, count = size; count > 0; level++, count = Math.floor(count / TILE_WIDTH)) {
      const width = count % TILE_WIDTH;
      const index = Math.floor(count / TILE_WIDTH);
      accumulator.#indices[level] = index;
      const hashes: Uint8Array[] = [];
      if (width > 0) {
        const tile = readTile(level, index);
        if (tile === undefined || tile.length < width * HASH_SIZE) {
          throw new StoreError('DB_INCONSISTENT', `hash tile ${level}/${index} is missing or shorter than ${width} hashes for tree size ${size}`);
        }
        for (let i = 0; i < width; i++) hashes.push(new Uint8Array(tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)));
      }
      accumulator.#partials[level] = hashes;
    }
    return accumulator;
  }

  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash (32 bytes, RFC 9162 leaf hash of the entry). */
  append(leafHash: Uint8Array): void {
    let hash = leafHash;
    for (let level = 0; ; level++) {
      const partial = (this.#partials[level] ??= []);
      const index = (this.#indices[level] ??= 0);
      partial.push(hash);
      if (partial.length < TILE_WIDTH) {
        this.#dirty.set(`${level}/${index}`, { level, index, partial: true });
        break;
      }
      // Complete: stored as is from now on, and its subtree hash goes one level up.
      this.#dirty.set(`${level}/${index}`, { level, index, hashes: concatBytes(...partial) });
      hash = perfectSubtreeHash(this.#hasher, partial, 0, TILE_WIDTH);
      this.#partials[level] = [];
      this.#indices[level] = index + 1;
    }
    this.#size++;
  }

  /** The tiles changed since the last call (complete ones in full, partial ones as they stand). */
  takeWrites(): TileWrite[] {
    const writes: TileWrite[] = [];
    for (const item of this.#dirty.values()) {
      if ('hashes' in item) writes.push(item);
      else {
        const partial = this.#partials[item.level] ?? [];
        // The partial may have completed later in the same batch: then the full write is the entry.
        if (this.#indices[item.level] === item.index && partial.length > 0) writes.push({ level: item.level, index: item.index, hashes: concatBytes(...partial) });
      }
    }
    this.#dirty.clear();
    return writes;
  }

  /**
   * The tree's root (RFC 9162 MTH) from the right edge: the complete subtrees of [0, size), one per
   * set bit of size, are power-of-two runs of each level's partial tile, largest first; they fold
   * right to left. SHA-256("") for the empty tree.
   */
  root(): Uint8Array {
    const subtrees: Uint8Array[] = [];
    for (let level = this.#partials.length - 1; level >= 0; level--) {
      const partial = this.#partials[level] ?? [];
      let start = 0;
      for (let bit = 7; bit >= 0; bit--) {
        const count = 1 << bit;
        if ((partial.length & count) === 0) continue;
        subtrees.push(perfectSubtreeHash(this.#hasher, partial, start, count));
        start += count;
      }
    }
    if (subtrees.length === 0) return this.#hasher.emptyRoot();
    let root = subtrees[subtrees.length - 1] as Uint8Array;
    for (let i = subtrees.length - 2; i >= 0; i--) root = this.#hasher.hashChildren(subtrees[i] as Uint8Array, root);
    return root;
  }
}
