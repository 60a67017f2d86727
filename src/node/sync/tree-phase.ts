/**
 * Verifying the hash-tile structure of a new tree against its signed root, before any entry is
 * fetched (c2sp.org/tlog-tiles, RFC 9162 §2.1.1):
 *
 * 1. The right edge: the partial tile of every level (the top level is always partial). The root is
 *    recomputed from them alone, and every hash they hold enters that computation, so equality with
 *    the signed root verifies each of them.
 * 2. Full tiles of levels ≥ 1, top down: the MTH of a full tile (L, i) is node 8(L+1) of index i,
 *    held at position i mod 256 of tile (L+1, ⌊i/256⌋), which was verified in the step before (or
 *    is the right edge). Only tiles covering entries from `from` on are fetched: older ones are
 *    stored already (a tile that was full then is unchanged now).
 * Verified tiles of levels ≥ 1 are stored as they verify (they are about 1/256 of the level-0
 * volume); level-0 tiles are checked and stored with their entries (entry-phase.ts).
 */
import { equalBytes } from '../../core/encoding/bytes.ts';
import { bytesToHex } from '../../core/encoding/hex.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { computeRootFromNodes } from '../../core/merkle/proof-gen.ts';
import { tileLevelsFor } from '../../core/tiles/tile-geometry.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import type { ReplicaStore } from '../replica/replica-store.ts';
import { orderedFetch } from './ordered-fetch.ts';
import { fetchTileOnce, retrying, type FetchContext } from './source-fetch.ts';
import { subtreeHash, tilesNeeded, type TreeTiles } from './tree-tiles.ts';

export interface TreeContext extends FetchContext {
  readonly store: ReplicaStore;
  readonly originId: number;
  readonly hasher: MerkleHasher;
  readonly concurrency: number;
}

const STORE_CHUNK = 64;

/**
 * Fetches the right-edge tiles of `tiles.size` and checks they hash to `root`. Throws
 * SYNC_TILES_INCONSISTENT (the caller retries with fresh tiles), or what fetching throws.
 */
export async function verifyRightEdge(tiles: TreeTiles, root: Uint8Array, hasher: MerkleHasher): Promise<void> {
  const size = BigInt(tiles.size);
  if (size === 0n) return;
  await tiles.ensure(tilesNeeded((source) => computeRootFromNodes(source, size, hasher)));
  const computed = computeRootFromNodes(tiles, size, hasher);
  if (!equalBytes(computed, root)) {
    throw new ReplicaError('SYNC_TILES_INCONSISTENT', `the right-edge tiles of tree ${size} do not hash to its signed root`, {
      details: { size: tiles.size, expected: bytesToHex(root), computed: bytesToHex(computed) },
    });
  }
}

/**
 * Stores the verified right edge (levels ≥ 1) and fetches, verifies and stores the full tiles of
 * levels ≥ 1 that cover entries [from, size). Precondition: verifyRightEdge passed on `tiles`.
 */
export async function verifyUpperTiles(ctx: TreeContext, tiles: TreeTiles, from: number): Promise<void> {
  const levels = tileLevelsFor(BigInt(tiles.size));
  ctx.store.transaction(() => {
    for (const { level, fullTiles, partialWidth } of levels) {
      if (level === 0 || partialWidth === 0) continue;
      ctx.store.putTile(ctx.originId, level, Number(fullTiles), partialWidth, tiles.get(level, Number(fullTiles)));
    }
  });
  for (let level = levels.length - 2; level >= 1; level--) {
    const full = Number((levels[level] as { fullTiles: bigint }).fullTiles);
    const start = Math.floor(from / 256 ** (level + 1));
    if (start >= full) continue;
    const parents = parentReader(ctx, level + 1);
    const fetchVerified = (index: number): Promise<[number, Uint8Array]> =>
      retrying(ctx, async () => {
        const tile = await fetchTileOnce(ctx, level, index, 256);
        checkAgainstParent(tile, parents(index), level, index, ctx.hasher);
        return [index, tile];
      });
    let pending: [number, Uint8Array][] = [];
    const flush = (): void => {
      const chunk = pending;
      pending = [];
      ctx.store.transaction(() => {
        for (const [index, tile] of chunk) ctx.store.putTile(ctx.originId, level, index, 256, tile);
      });
    };
    for await (const verified of orderedFetch(start, full, ctx.concurrency, fetchVerified)) {
      pending.push(verified);
      if (pending.length >= STORE_CHUNK) flush();
    }
    if (pending.length > 0) flush();
  }
}

/**
 * Reads the verified hash at position i of tile level `level` (node 8·level of index i) from the
 * store, keeping the last tile read. Throws REPLICA_CORRUPT if it is not there (a bug: parents are
 * stored before their children are checked).
 */
export function parentReader(ctx: Pick<TreeContext, 'store' | 'originId'>, level: number): (index: number) => Uint8Array {
  let cachedIndex = -1;
  let cached: Uint8Array | undefined;
  return (childIndex) => {
    const tileIndex = Math.floor(childIndex / 256);
    const offset = childIndex % 256;
    if (tileIndex !== cachedIndex) {
      const stored = ctx.store.getTile(ctx.originId, level, tileIndex);
      cached = stored?.hashes;
      cachedIndex = tileIndex;
    }
    if (cached === undefined || cached.length < (offset + 1) * 32) {
      throw new ReplicaError('REPLICA_CORRUPT', `the verified parent of tile ${level - 1}/${childIndex} is not stored`);
    }
    return cached.subarray(offset * 32, (offset + 1) * 32);
  };
}

/** SYNC_TILES_INCONSISTENT unless the MTH of the full tile equals its verified parent hash. */
export function checkAgainstParent(tile: Uint8Array, parent: Uint8Array, level: number, index: number, hasher: MerkleHasher): void {
  const computed = subtreeHash(tile, 0, 256, hasher);
  if (!equalBytes(computed, parent)) {
    throw new ReplicaError('SYNC_TILES_INCONSISTENT', `tile ${level}/${index} does not hash to its verified parent`, {
      details: { level, index, expected: bytesToHex(parent), computed: bytesToHex(computed) },
    });
  }
}
