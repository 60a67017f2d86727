import { describe, expect, it } from 'vitest';
import { entryBundleFor, listTiles, tileLevelsFor, tileWidthAt } from '../../../src/core/tiles/tile-geometry.ts';

/** Naive reference: count complete subtrees of 256^level leaves one tile at a time. */
function referenceWidth(level: number, index: bigint, size: bigint): number {
  const span = 256n ** BigInt(level);
  let width = 0;
  for (let i = 0n; i < 256n; i++) {
    if ((index * 256n + i + 1n) * span <= size) width++;
  }
  return width;
}

describe('tileLevelsFor', () => {
  it('gives the C2SP examples: size 70,000 and size 256', () => {
    expect(tileLevelsFor(70000n)).toEqual([
      { level: 0, fullTiles: 273n, partialWidth: 112 },
      { level: 1, fullTiles: 1n, partialWidth: 17 },
      { level: 2, fullTiles: 0n, partialWidth: 1 },
    ]);
    expect(tileLevelsFor(256n)).toEqual([
      { level: 0, fullTiles: 1n, partialWidth: 0 },
      { level: 1, fullTiles: 0n, partialWidth: 1 },
    ]);
  });

  it('is empty for the empty tree and stops at level 7 for 2^64 - 1', () => {
    expect(tileLevelsFor(0n)).toEqual([]);
    const levels = tileLevelsFor((1n << 64n) - 1n);
    expect(levels).toHaveLength(8);
    expect(levels[7]).toEqual({ level: 7, fullTiles: 0n, partialWidth: 255 });
  });

  it('throws INVALID_ARGUMENT for a negative, too large or non-bigint size', () => {
    expect(() => tileLevelsFor(-1n)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => tileLevelsFor(1n << 64n)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => tileLevelsFor(5 as unknown as bigint)).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('tileWidthAt', () => {
  it('matches the naive reference around tile boundaries', () => {
    const sizes = [0n, 1n, 255n, 256n, 257n, 511n, 512n, 65535n, 65536n, 65537n, 70000n, 16777216n, 16777217n];
    const mismatches: string[] = [];
    for (const size of sizes) {
      for (const level of [0, 1, 2, 3]) {
        for (const index of [0n, 1n, 2n, 255n, 256n, 273n]) {
          const got = tileWidthAt(level, index, size);
          const want = referenceWidth(level, index, size);
          if (got !== want) mismatches.push(`size ${size} level ${level} index ${index}: ${got} != ${want}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('throws INVALID_ARGUMENT for a level outside 0-63', () => {
    expect(() => tileWidthAt(64, 0n, 1n)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => tileWidthAt(-1, 0n, 1n)).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('listTiles', () => {
  it('lists full tiles then the partial one', () => {
    const tiles = [...listTiles(0, 600n)];
    expect(tiles).toEqual([
      { level: 0, index: 0n, width: 256 },
      { level: 0, index: 1n, width: 256 },
      { level: 0, index: 2n, width: 88 },
    ]);
    expect([...listTiles(1, 600n)]).toEqual([{ level: 1, index: 0n, width: 2 }]);
    expect([...listTiles(2, 600n)]).toEqual([]);
  });
});

describe('entryBundleFor', () => {
  it('throws INVALID_ARGUMENT for a leaf index at or beyond the tree size', () => {
    expect(() => entryBundleFor(5n, 5n)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => entryBundleFor(-1n, 5n)).toThrowWithCode('INVALID_ARGUMENT');
  });

  it('handles sizes beyond 2^53 exactly', () => {
    const size = (1n << 60n) + 3n;
    expect(entryBundleFor(size - 1n, size)).toEqual({ index: (1n << 52n), width: 3 });
  });
});
