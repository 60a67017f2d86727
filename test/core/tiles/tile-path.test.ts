import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entryBundleFor } from '../../../src/core/tiles/tile-geometry.ts';
import {
  formatEntryBundlePath,
  formatTileIndex,
  formatTilePath,
  parseTileIndex,
  parseTileLevel,
  parseTilePath,
  TILE_WIDTH,
} from '../../../src/core/tiles/tile-path.ts';
import { describeVectors, vectorPath } from '../../helpers/vectors.ts';

type Num = number | bigint;
interface TilePathVectors {
  tilePath: { level: Num; index: Num; partialWidth: Num; want: string }[];
  entriesPath: { index: Num; partialWidth: Num; want: string }[];
  entriesPathForLogIndex: { seq: Num; logSize: Num; want: string }[];
  parseTileLevelIndexPartial: { level: string; index: string; want?: { level: Num; index: Num; partialWidth: Num }; wantErr?: boolean }[];
  specExamples: { index1234067: string };
}

/**
 * Reads the file with integers beyond 2^53 kept exact: 999999999999999999 does not survive
 * JSON.parse as a number, so every integer literal becomes a bigint (reviver with source text).
 */
function readTilePathVectors(): TilePathVectors {
  const text = readFileSync(vectorPath('tlog-tiles-tessera', 'tile-paths.json'), 'utf8');
  const reviver = (_key: string, value: unknown, context?: { source?: string }): unknown =>
    typeof value === 'number' && context?.source !== undefined && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown) as TilePathVectors;
}

const widthOf = (partial: Num): number => (Number(partial) === 0 ? TILE_WIDTH : Number(partial));

describeVectors('tile paths (tile-paths.json)', () => {
  const vectors = readTilePathVectors();

  it('reads 999999999999999999 exactly', () => {
    const big = vectors.parseTileLevelIndexPartial.find((c) => c.want?.level === 63n);
    expect(big?.want?.index).toBe(999999999999999999n);
  });

  for (const c of vectors.tilePath) {
    it(`formatTilePath(${c.level}, ${c.index}, ${c.partialWidth}) = ${c.want}`, () => {
      expect(formatTilePath(Number(c.level), BigInt(c.index), widthOf(c.partialWidth))).toBe(c.want);
      expect(parseTilePath(c.want)).toEqual({ kind: 'hash', level: Number(c.level), index: BigInt(c.index), width: widthOf(c.partialWidth) });
    });
  }

  for (const c of vectors.entriesPath) {
    it(`formatEntryBundlePath(${c.index}, ${c.partialWidth}) = ${c.want}`, () => {
      expect(formatEntryBundlePath(BigInt(c.index), widthOf(c.partialWidth))).toBe(c.want);
      expect(parseTilePath(c.want)).toEqual({ kind: 'entries', index: BigInt(c.index), width: widthOf(c.partialWidth) });
    });
  }

  for (const c of vectors.entriesPathForLogIndex) {
    it(`entry ${c.seq} of a log of size ${c.logSize} is in ${c.want}`, () => {
      const ref = entryBundleFor(BigInt(c.seq), BigInt(c.logSize));
      expect(formatEntryBundlePath(ref.index, ref.width)).toBe(c.want);
    });
  }

  for (const c of vectors.parseTileLevelIndexPartial) {
    it(`${c.wantErr ? 'rejects' : 'parses'} level ${JSON.stringify(c.level)} index ${JSON.stringify(c.index)}`, () => {
      const path = `tile/${c.level}/${c.index}`;
      if (c.wantErr) {
        expect(() => parseTilePath(path)).toThrowWithCode('TILE_PATH_INVALID');
        return;
      }
      const want = c.want as { level: Num; index: Num; partialWidth: Num };
      expect(parseTileLevel(c.level)).toBe(Number(want.level));
      expect(parseTileIndex(c.index)).toEqual({ index: BigInt(want.index), width: widthOf(want.partialWidth) });
      expect(parseTilePath(path)).toEqual({ kind: 'hash', level: Number(want.level), index: BigInt(want.index), width: widthOf(want.partialWidth) });
    });
  }

  it('encodes the C2SP example index 1234067', () => {
    expect(formatTileIndex(1234067)).toBe(vectors.specExamples.index1234067);
  });
});

describe('formatTileIndex', () => {
  it.each([
    [0n, '000'],
    [1n, '001'],
    [999n, '999'],
    [1000n, 'x001/000'],
    [455667n, 'x455/667'],
    [10n ** 18n - 1n, 'x999/x999/x999/x999/x999/999'],
    [(1n << 56n) - 1n, 'x072/x057/x594/x037/x927/935'],
  ])('formats %s as %s and parses it back', (index, want) => {
    expect(formatTileIndex(index)).toBe(want);
    expect(parseTileIndex(want)).toEqual({ index, width: 256 });
  });

  it('throws TILE_PATH_INVALID for indices and widths out of range', () => {
    expect(() => formatTileIndex(10n ** 18n)).toThrowWithCode('TILE_PATH_INVALID');
    expect(() => formatTileIndex(-1)).toThrowWithCode('TILE_PATH_INVALID');
    expect(() => formatTileIndex(1.5)).toThrowWithCode('TILE_PATH_INVALID');
    expect(() => formatTileIndex(0, 0)).toThrowWithCode('TILE_PATH_INVALID');
    expect(() => formatTileIndex(0, 257)).toThrowWithCode('TILE_PATH_INVALID');
    expect(() => formatTilePath(64, 0)).toThrowWithCode('TILE_PATH_INVALID');
  });
});

describe('parseTilePath', () => {
  describe('when the path is not a canonical tile path', () => {
    it.each([
      '',
      'tile',
      'tile/',
      'tile/0',
      'tile/0/',
      '/tile/0/000',
      'tiles/0/000',
      'tile/00/000',
      'tile/01/000',
      'tile/+1/000',
      'tile/ 1/000',
      'tile/0/x000/001',
      'tile/0/x1/000',
      'tile/0/x0001/000',
      'tile/0/00',
      'tile/0/0000',
      'tile/0/000.p/0',
      'tile/0/000.p/256',
      'tile/0/000.p/05',
      'tile/0/000.p/1/',
      'tile/0/000.p',
      'tile/0/000/',
      'tile/0/000.p/1.p/2',
      'tile/0/x001.p/002',
      'tile/0/000\n',
      'tile/0/ 000',
      'tile/entries/x000/000',
      'tile/entries/000.p/',
      'tile/data/000',
      'tile/8/0/000',
    ])('throws TILE_PATH_INVALID for %j', (path) => {
      expect(() => parseTilePath(path)).toThrowWithCode('TILE_PATH_INVALID');
    });

    it('throws TILE_PATH_INVALID for a non-string', () => {
      expect(() => parseTilePath(7 as unknown as string)).toThrowWithCode('TILE_PATH_INVALID');
      expect(() => parseTileIndex(7 as unknown as string)).toThrowWithCode('TILE_PATH_INVALID');
      expect(() => parseTileLevel(7 as unknown as string)).toThrowWithCode('TILE_PATH_INVALID');
    });
  });
});
