/**
 * Which tiles a tree needs (c2sp.org/tlog-tiles "Merkle Tree"). Tile level l holds hashes of
 * complete subtrees of 256^l leaves; a tree of size s has floor(s / 256^l) of them, so level l has
 * floor(count / 256) full tiles and, when count mod 256 > 0, one partial tile of that width.
 * Sizes are uint64 and handled as bigint throughout (JS bitwise operators are 32-bit).
 */
import { ProtocolError } from '../errors.ts';
import { TILE_WIDTH, type EntryBundleRef, type TileRef } from './tile-path.ts';

const MAX_UINT64 = (1n << 64n) - 1n;
const WIDTH = BigInt(TILE_WIDTH);

export interface TileLevelSummary {
  readonly level: number;
  /** Number of full (256-hash) tiles at this level. */
  readonly fullTiles: bigint;
  /** Width of the trailing partial tile, 0 when there is none. */
  readonly partialWidth: number;
}

/**
 * Number of hashes in tile `index` at `level` for a tree of `treeSize`: 256 for a full tile,
 * 1–255 for the partial one, 0 when the tile does not exist at that size.
 * Throws INVALID_ARGUMENT for a negative or > 2^64 − 1 size or index, or a level outside 0–63.
 */
export function tileWidthAt(level: number, index: bigint, treeSize: bigint): number {
  checkLevel(level);
  const count = hashesAtLevel(level, checkSize(treeSize));
  const start = checkSize(index) * WIDTH;
  if (count <= start) return 0;
  const width = count - start;
  return width >= WIDTH ? TILE_WIDTH : Number(width);
}

/**
 * Per level, the full tiles and the partial width needed for a tree of `treeSize`, from level 0 up to
 * the last level with any hash (empty list for size 0). E.g. 70,000 → [273 full + 112], [1 + 17], [0 + 1].
 */
export function tileLevelsFor(treeSize: bigint): TileLevelSummary[] {
  const size = checkSize(treeSize);
  const levels: TileLevelSummary[] = [];
  for (let level = 0; ; level++) {
    const count = hashesAtLevel(level, size);
    if (count === 0n) return levels;
    levels.push({ level, fullTiles: count / WIDTH, partialWidth: Number(count % WIDTH) });
  }
}

/** Every tile at `level` for a tree of `treeSize`, in index order (lazily: a big tree has many). */
export function* listTiles(level: number, treeSize: bigint): Generator<TileRef> {
  checkLevel(level);
  const count = hashesAtLevel(level, checkSize(treeSize));
  for (let index = 0n; index * WIDTH < count; index++) {
    const left = count - index * WIDTH;
    yield { level, index, width: left >= WIDTH ? TILE_WIDTH : Number(left) };
  }
}

/**
 * The entry bundle holding leaf `leafIndex` in a tree of `treeSize`, with its width at that size
 * (tessera EntriesPathForLogIndex). Throws INVALID_ARGUMENT unless 0 ≤ leafIndex < treeSize ≤ 2^64 − 1.
 */
export function entryBundleFor(leafIndex: bigint, treeSize: bigint): EntryBundleRef {
  const size = checkSize(treeSize);
  const leaf = checkSize(leafIndex);
  if (leaf >= size) throw new ProtocolError('INVALID_ARGUMENT', `leaf index ${leaf} is not below tree size ${size}`);
  const index = leaf / WIDTH;
  return { index, width: tileWidthAt(0, index, size) };
}

/** Number of hashes at tile level `level`: floor(treeSize / 256^level). */
function hashesAtLevel(level: number, treeSize: bigint): bigint {
  return treeSize >> BigInt(8 * level);
}

function checkLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > 63) throw new ProtocolError('INVALID_ARGUMENT', 'tile level must be 0-63');
}

function checkSize(value: bigint): bigint {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_UINT64) {
    throw new ProtocolError('INVALID_ARGUMENT', 'sizes and indices must be uint64 bigints');
  }
  return value;
}
