/** C2SP tlog-tiles: paths, tile geometry, hash tiles and entry bundles. */
export {
  formatEntryBundlePath,
  formatTileIndex,
  formatTilePath,
  MAX_TILE_INDEX,
  MAX_TILE_LEVEL,
  parseTileIndex,
  parseTileLevel,
  parseTilePath,
  TILE_WIDTH,
} from './tile-path.ts';
export type { EntryBundleRef, ParsedTilePath, TileRef } from './tile-path.ts';
export { entryBundleFor, listTiles, tileLevelsFor, tileWidthAt } from './tile-geometry.ts';
export type { TileLevelSummary } from './tile-geometry.ts';
export { HASH_SIZE, joinHashTile, splitHashTile } from './hash-tile.ts';
export { decodeEntryBundle, encodeEntryBundle, MAX_ENTRY_SIZE } from './entry-bundle.ts';
