import { describe, expect, it } from 'vitest';
import { joinHashTile, splitHashTile } from '../../../src/core/tiles/hash-tile.ts';

const hashes = [1, 2, 3].map((b) => new Uint8Array(32).fill(b));

describe('splitHashTile', () => {
  it('splits into 32-byte hashes and joins back', () => {
    const tile = joinHashTile(hashes);
    expect(tile).toHaveLength(96);
    expect(splitHashTile(tile)).toEqual(hashes);
    expect(splitHashTile(tile, 3)).toEqual(hashes);
  });

  it('accepts a full tile of 256 hashes', () => {
    expect(splitHashTile(new Uint8Array(8192), 256)).toHaveLength(256);
  });

  describe('when the tile is malformed', () => {
    it.each([0, 1, 31, 33, 95, 97, 8192 + 32])('throws TILE_MALFORMED for %i bytes', (n) => {
      expect(() => splitHashTile(new Uint8Array(n))).toThrowWithCode('TILE_MALFORMED');
    });

    it('throws TILE_MALFORMED when the width is not the expected one', () => {
      expect(() => splitHashTile(joinHashTile(hashes), 2)).toThrowWithCode('TILE_MALFORMED');
      expect(() => splitHashTile(joinHashTile(hashes), 4)).toThrowWithCode('TILE_MALFORMED');
    });

    it('throws TILE_MALFORMED for a non-bytes input', () => {
      expect(() => splitHashTile([] as unknown as Uint8Array)).toThrowWithCode('TILE_MALFORMED');
    });
  });
});

describe('joinHashTile', () => {
  it('throws TILE_MALFORMED for 0 or 257 hashes or a hash that is not 32 bytes', () => {
    expect(() => joinHashTile([])).toThrowWithCode('TILE_MALFORMED');
    expect(() => joinHashTile(Array.from({ length: 257 }, () => new Uint8Array(32)))).toThrowWithCode('TILE_MALFORMED');
    expect(() => joinHashTile([new Uint8Array(31)])).toThrowWithCode('TILE_MALFORMED');
  });
});
