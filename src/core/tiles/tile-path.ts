/**
 * Tile and entry-bundle paths (c2sp.org/tlog-tiles "Merkle Tree" / "Log Entries"):
 *   tile/<L>/<N>[.p/<W>]        hash tiles, L = level 0–63
 *   tile/entries/<N>[.p/<W>]    entry bundles
 * N is written in zero-padded 3-digit path elements, all but the last prefixed "x"
 * (1234067 → x001/x234/067); ".p/<W>" marks a partial tile of W = 1–255 hashes.
 *
 * Policy (paths may come from a server or a bundle, so parsing is strict): decimal L and W without
 * leading zeroes; at most 6 elements in N (N < 10^18, tessera's bound; the spec sets none, but a
 * uint64 tree never needs more); N must be the canonical encoding (no "x000/" prefix element,
 * which tessera tolerates). Violations throw TILE_PATH_INVALID.
 */
import { ProtocolError } from '../errors.ts';

/** Hashes in a full tile and entries in a full bundle. */
export const TILE_WIDTH = 256;
export const MAX_TILE_LEVEL = 63;
/** At most 6 three-digit elements: N < 10^18. */
export const MAX_TILE_INDEX = 10n ** 18n - 1n;

export interface TileRef {
  /** Tile level 0–63. */
  readonly level: number;
  /** Tile index N. */
  readonly index: bigint;
  /** Number of hashes, 1–256 (256 = full tile). */
  readonly width: number;
}

export interface EntryBundleRef {
  readonly index: bigint;
  /** Number of entries, 1–256 (256 = full bundle). */
  readonly width: number;
}

export type ParsedTilePath = ({ readonly kind: 'hash' } & TileRef) | ({ readonly kind: 'entries' } & EntryBundleRef);

const LEVEL = /^(0|[1-9][0-9]?)$/;
const WIDTH = /^[1-9][0-9]{0,2}$/;
const GROUP = /^[0-9]{3}$/;

/** `<N>[.p/<W>]`. Throws TILE_PATH_INVALID for N outside 0..10^18 − 1 or W outside 1..256. */
export function formatTileIndex(index: bigint | number, width: number = TILE_WIDTH): string {
  const n = toIndex(index);
  checkWidth(width);
  let digits = n.toString(10).padStart(3, '0');
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  const body = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return width === TILE_WIDTH ? body : `${body}.p/${width}`;
}

/** `tile/<L>/<N>[.p/<W>]`. Throws TILE_PATH_INVALID for a level outside 0–63 or a bad index/width. */
export function formatTilePath(level: number, index: bigint | number, width: number = TILE_WIDTH): string {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) throw invalid('tile level must be 0-63');
  return `tile/${level}/${formatTileIndex(index, width)}`;
}

/** `tile/entries/<N>[.p/<W>]`. Throws TILE_PATH_INVALID. */
export function formatEntryBundlePath(index: bigint | number, width: number = TILE_WIDTH): string {
  return `tile/entries/${formatTileIndex(index, width)}`;
}

/** Parses a level element "0".."63" (attacker-controlled). Throws TILE_PATH_INVALID. */
export function parseTileLevel(text: string): number {
  if (typeof text !== 'string' || !LEVEL.test(text)) throw invalid('tile level must be decimal without leading zeroes');
  const level = Number(text);
  if (level > MAX_TILE_LEVEL) throw invalid('tile level must be 0-63');
  return level;
}

/** Parses `<N>[.p/<W>]` (attacker-controlled). Throws TILE_PATH_INVALID. */
export function parseTileIndex(text: string): { index: bigint; width: number } {
  if (typeof text !== 'string') throw invalid('tile index must be a string');
  const elements = text.split('/');
  let width = TILE_WIDTH;
  const last = elements[elements.length - 1] as string;
  const beforeLast = elements[elements.length - 2];
  if (beforeLast !== undefined && beforeLast.endsWith('.p')) {
    if (!WIDTH.test(last) || Number(last) >= TILE_WIDTH) throw invalid('partial width must be 1-255 without leading zeroes');
    width = Number(last);
    elements.splice(elements.length - 2, 2, beforeLast.slice(0, -2));
  }
  if (elements.length > 6) throw invalid('tile index has more than 6 path elements');
  let index = 0n;
  elements.forEach((element, i) => {
    const isLast = i === elements.length - 1;
    const digits = isLast ? element : element.startsWith('x') ? element.slice(1) : '';
    if (!GROUP.test(digits)) throw invalid('tile index elements must be "xNNN/…/NNN"');
    index = index * 1000n + BigInt(digits);
  });
  // Canonical form only: reject e.g. "x000/001" for 1.
  if (formatTileIndex(index, width) !== text) throw invalid('tile index is not in canonical form');
  return { index, width };
}

/** Parses `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` (no leading "/"). Throws TILE_PATH_INVALID. */
export function parseTilePath(path: string): ParsedTilePath {
  if (typeof path !== 'string' || !path.startsWith('tile/')) throw invalid('path must start with "tile/"');
  const rest = path.slice('tile/'.length);
  const slash = rest.indexOf('/');
  if (slash < 0) throw invalid('path has no tile index');
  const head = rest.slice(0, slash);
  const { index, width } = parseTileIndex(rest.slice(slash + 1));
  if (head === 'entries') return { kind: 'entries', index, width };
  return { kind: 'hash', level: parseTileLevel(head), index, width };
}

function toIndex(index: bigint | number): bigint {
  if (typeof index === 'number' && !Number.isSafeInteger(index)) throw invalid('tile index must be an integer');
  const n = BigInt(index);
  if (n < 0n || n > MAX_TILE_INDEX) throw invalid('tile index out of range (0..10^18-1)');
  return n;
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw invalid('tile width must be 1-256');
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('TILE_PATH_INVALID', message);
}
