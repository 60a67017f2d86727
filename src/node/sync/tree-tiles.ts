/**
 * Hash tiles of ONE tree size, as a MerkleNodeSource (src/core/merkle/proof-gen.ts), so that the
 * core's proof and root functions run over tiles: node (level h, index j) with h = 8·L + k is the
 * MTH of the 2^k hashes j·2^k … (j+1)·2^k − 1 of tile level L (c2sp.org/tlog-tiles), all in one tile.
 *
 * Proof generation is synchronous, tile fetching is not: `tilesNeeded` first runs the computation
 * over a recording source (the nodes a proof or root needs depend on the sizes only, never on hash
 * values), the tiles are then fetched, and the computation runs again over the real tiles. Tiles
 * here are NOT trusted: whatever is computed from them is compared with a signed root by the caller.
 */
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import type { MerkleNodeSource } from '../../core/merkle/proof-gen.ts';
import { tileWidthAt } from '../../core/tiles/tile-geometry.ts';
import { ReplicaError } from '../replica/replica-error.ts';

const HASH = 32;
const ZERO = new Uint8Array(HASH);

/** Fetches tile (level, index) at `width` and returns exactly width × 32 bytes (the fetcher checks). */
export type TileFetcher = (level: number, index: number, width: number) => Promise<Uint8Array>;

export type TileKey = readonly [level: number, index: number];

/** Node (h, j) → the tile holding it and the first hash's offset in that tile. */
function locate(level: number, index: bigint): { tileLevel: number; tileIndex: number; offset: number; count: number } {
  const tileLevel = level >> 3;
  const inner = level & 7;
  const first = index << BigInt(inner);
  return { tileLevel, tileIndex: Number(first >> 8n), offset: Number(first & 255n), count: 1 << inner };
}

/** MTH of `count` (a power of two) consecutive hashes of a flat tile, from `offset`. */
export function subtreeHash(tile: Uint8Array, offset: number, count: number, hasher: MerkleHasher): Uint8Array {
  let layer: Uint8Array[] = [];
  for (let i = 0; i < count; i++) layer.push(tile.subarray((offset + i) * HASH, (offset + i + 1) * HASH));
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(hasher.hashChildren(layer[i] as Uint8Array, layer[i + 1] as Uint8Array));
    layer = next;
  }
  return new Uint8Array(layer[0] as Uint8Array);
}

/** The tiles a synchronous node computation reads (see the module comment), deduplicated. */
export function tilesNeeded(compute: (source: MerkleNodeSource) => void): TileKey[] {
  const seen = new Map<string, TileKey>();
  compute({
    getNode(level, index) {
      const { tileLevel, tileIndex } = locate(level, index);
      seen.set(`${tileLevel}/${tileIndex}`, [tileLevel, tileIndex]);
      return ZERO;
    },
  });
  return [...seen.values()];
}

export class TreeTiles implements MerkleNodeSource {
  readonly size: number;
  readonly #fetch: TileFetcher;
  readonly #hasher: MerkleHasher;
  readonly #tiles = new Map<string, Uint8Array>();

  constructor(size: number, fetch: TileFetcher, hasher: MerkleHasher) {
    this.size = size;
    this.#fetch = fetch;
    this.#hasher = hasher;
  }

  /** Width of tile (level, index) in the tree of `size` (0 if the tree has no such tile). */
  widthOf(level: number, index: number): number {
    return tileWidthAt(level, BigInt(index), BigInt(this.size));
  }

  has(level: number, index: number): boolean {
    return this.#tiles.has(`${level}/${index}`);
  }

  /** The flat bytes of a tile already fetched. Throws REPLICA_CORRUPT (a bug) if it was not. */
  get(level: number, index: number): Uint8Array {
    const tile = this.#tiles.get(`${level}/${index}`);
    if (tile === undefined) throw new ReplicaError('REPLICA_CORRUPT', `tile ${level}/${index} was not fetched`);
    return tile;
  }

  /** Fetches every tile of `keys` not held yet, all at once (callers pass a handful). */
  async ensure(keys: readonly TileKey[]): Promise<void> {
    const missing = keys.filter(([level, index]) => !this.has(level, index));
    const fetched = await Promise.all(missing.map(([level, index]) => this.#fetch(level, index, this.widthOf(level, index))));
    missing.forEach(([level, index], i) => this.#tiles.set(`${level}/${index}`, fetched[i] as Uint8Array));
  }

  /** MerkleNodeSource over the fetched tiles. */
  getNode(level: number, index: bigint): Uint8Array {
    const { tileLevel, tileIndex, offset, count } = locate(level, index);
    const tile = this.get(tileLevel, tileIndex);
    if ((offset + count) * HASH > tile.length) {
      throw new ReplicaError('REPLICA_CORRUPT', `node ${level}/${index} is not complete in tile ${tileLevel}/${tileIndex}`);
    }
    return subtreeHash(tile, offset, count, this.#hasher);
  }
}
