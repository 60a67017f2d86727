import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { sha256 } from '../../../src/core/crypto/sha256.ts';
import { bytesToUtf8, concatBytes, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { decodeEntryBundle } from '../../../src/core/tiles/entry-bundle.ts';
import { joinHashTile, splitHashTile } from '../../../src/core/tiles/hash-tile.ts';
import { tileWidthAt } from '../../../src/core/tiles/tile-geometry.ts';
import { formatEntryBundlePath, formatTilePath } from '../../../src/core/tiles/tile-path.ts';
import { describeVectors, vectorPath } from '../../helpers/vectors.ts';

const VKEY = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';
const LEAVES = 'one two three four five six seven eit nain ten ileven twelf threeten fourten fivten'.split(' ');

// A tiny RFC 6962 §2.1 MTH for these 15 leaves (the project's Merkle module is tested on its own).
const leafHash = (entry: Uint8Array): Uint8Array => sha256(concatBytes(Uint8Array.of(0), entry));
function mth(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return sha256(new Uint8Array(0));
  if (hashes.length === 1) return hashes[0] as Uint8Array;
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return sha256(concatBytes(Uint8Array.of(1), mth(hashes.slice(0, k)), mth(hashes.slice(k))));
}

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(vectorPath('tlog-tiles-tessera', 'testdata', 'log', path)));

describeVectors('tessera test log (tlog-tiles-tessera/testdata/log)', () => {
  for (let n = 1; n <= 15; n++) {
    it(`size ${n}: bundle and level-0 tile match the leaves and the signed root`, () => {
      const size = BigInt(n);
      const width = tileWidthAt(0, 0n, size);
      expect(width).toBe(n);
      const entries = decodeEntryBundle(read(formatEntryBundlePath(0n, width)), width);
      expect(entries.map(bytesToUtf8)).toEqual(LEAVES.slice(0, n));
      const tile = read(formatTilePath(0, 0n, width));
      const hashes = splitHashTile(tile, width);
      expect(hashes).toEqual(entries.map(leafHash));
      expect(joinHashTile(hashes)).toEqual(tile);
      const { checkpoint } = openCheckpoint(read(`checkpoint.${n}`), VKEY);
      expect(checkpoint.size).toBe(size);
      expect(mth(hashes)).toEqual(checkpoint.rootHash);
    });
  }

  it('size 0: the signed root is SHA-256 of the empty string', () => {
    expect(openCheckpoint(read('checkpoint.0'), VKEY).checkpoint.rootHash).toEqual(sha256(new Uint8Array(0)));
  });

  it('a bundle decoded with the width of a smaller tree fails (trailing entries)', () => {
    expect(() => decodeEntryBundle(read('tile/entries/000.p/5'), 4)).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    expect(() => splitHashTile(read('tile/0/000.p/5'), 4)).toThrowWithCode('TILE_MALFORMED');
    expect(utf8ToBytes(LEAVES[0] as string)).toEqual(decodeEntryBundle(read('tile/entries/000.p/1'))[0]);
  });
});
