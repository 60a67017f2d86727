/**
 * RFC 9162 node hashes read from the stored hash tiles, for proof generation
 * (src/core/merkle/proof-gen.ts). A node at tree level l = 8·L + k is the MTH of 2^k consecutive
 * hashes of a tile at tile level L, so any complete node is computed from one tile. The inner levels
 * of full tiles (immutable) are memoised in a small LRU; partial tiles are recomputed each time.
 *
 * Callers ask only for complete subtrees below the committed size (proof-gen's contract); a node the
 * tiles cannot provide is a storage inconsistency (StoreError DB_INCONSISTENT).
 */
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import type { MerkleNodeSource } from '../../core/merkle/proof-gen.ts';
import { HASH_SIZE, TILE_WIDTH } from '../../core/tiles/index.ts';
import { StoreError } from '../store/store-error.ts';

const CACHE_TILES = 512;

/** A MerkleNodeSource over tiles returned by `readTile`. */
export class TileNodeSource implements MerkleNodeSource {
  readonly #hasher: MerkleHasher;
  readonly #readTile: (level: number, index: number) => Uint8Array | undefined;
  // "L/N" → levels[k][j]: node j of inner level k of a full tile (k = 0 are its 256 hashes).
  readonly #cache = new Map<string, Uint8Array[][]>();

  constructor(hasher: MerkleHasher, readTile: (level: number, index: number) => Uint8Array | undefined) {
    this.#hasher = hasher;
    this.#readTile = readTile;
  }

  getNode(level: number, index: bigint): Uint8Array {
    const tileLevel = level >> 3;
    const inner = level & 7;
    const first = index << BigInt(inner);
    const tileIndex = Number(first / BigInt(TILE_WIDTH));
    const offset = Number(first % BigInt(TILE_WIDTH));
    const levels = this.#innerLevels(tileLevel, tileIndex, offset + (1 << inner));
    const node = levels[inner]?.[offset >> inner];
    if (node === undefined) throw new StoreError('DB_INCONSISTENT', `no complete node ${level}/${index} in tile ${tileLevel}/${tileIndex}`);
    return node;
  }

  /** Forgets memoised tiles (after a rollback of the store). */
  clear(): void {
    this.#cache.clear();
  }

  // Inner levels of tile L/N, which must hold at least `needed` hashes.
  #innerLevels(tileLevel: number, tileIndex: number, needed: number): Uint8Array[][] {
    const key = `${tileLevel}/${tileIndex}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    const tile = this.#readTile(tileLevel, tileIndex);
    if (tile === undefined || tile.length < needed * HASH_SIZE) {
      throw new StoreError('DB_INCONSISTENT', `hash tile ${tileLevel}/${tileIndex} is missing or shorter than ${needed} hashes`);
    }
    const width = tile.length / HASH_SIZE;
    const levels: Uint8Array[][] = [[]];
    for (let i = 0; i < width; i++) (levels[0] as Uint8Array[]).push(tile.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
    for (let k = 1; k <= 8; k++) {
      const below = levels[k - 1] as Uint8Array[];
      const row: Uint8Array[] = [];
      for (let j = 0; j + 1 < below.length; j += 2) row.push(this.#hasher.hashChildren(below[j] as Uint8Array, below[j + 1] as Uint8Array));
      levels.push(row);
    }
    if (width === TILE_WIDTH) {
      if (this.#cache.size >= CACHE_TILES) this.#cache.delete(this.#cache.keys().next().value as string);
      this.#cache.set(key, levels);
    }
    return levels;
  }
}
