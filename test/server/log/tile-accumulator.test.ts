import { describe, expect, it } from 'vitest';
import { equalBytes } from '../../../src/core/encoding/index.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { splitHashTile, tileLevelsFor } from '../../../src/core/tiles/index.ts';
import { nativeHasher } from '../../../src/node/merkle/native-hasher.ts';
import { TileAccumulator } from '../../../src/server/log/tile-accumulator.ts';
import { TileNodeSource } from '../../../src/server/log/tile-node-source.ts';
import { StoreError } from '../../../src/server/store/store-error.ts';

function leaf(i: number): Uint8Array {
  return nativeHasher.hashLeaf(new TextEncoder().encode(`entry ${i}`));
}

/** Appends `sizes` leaves batch by batch into an accumulator and a tile map (as the store would). */
function build(batches: readonly number[]): { accumulator: TileAccumulator; tiles: Map<string, Uint8Array>; tree: MemoryTree } {
  const accumulator = TileAccumulator.empty(nativeHasher);
  const tiles = new Map<string, Uint8Array>();
  const tree = new MemoryTree(nativeHasher);
  let n = 0;
  for (const count of batches) {
    for (let i = 0; i < count; i++, n++) {
      accumulator.append(leaf(n));
      tree.appendLeafHash(leaf(n));
    }
    for (const write of accumulator.takeWrites()) tiles.set(`${write.level}/${write.index}`, write.hashes);
  }
  return { accumulator, tiles, tree };
}

describe('TileAccumulator', () => {
  const cases: [string, number[]][] = [
    ['one leaf', [1]],
    ['a full tile exactly', [256]],
    ['one past a full tile', [256, 1]],
    ['leaf by leaf across tile boundaries', Array.from({ length: 600 }, () => 1)],
    ['large uneven batches', [1000, 70_000 - 1000 - 3, 3]],
    ['a full level-1 tile', [65_536]],
  ];
  for (const [name, batches] of cases) {
    it(`matches the RFC 9162 tree and its tiles for ${name}`, () => {
      const { accumulator, tiles, tree } = build(batches);
      const size = tree.size;
      expect(equalBytes(accumulator.root(), tree.root())).toBe(true);
      for (const { level, fullTiles, partialWidth } of tileLevelsFor(size)) {
        const count = Number(fullTiles) + (partialWidth > 0 ? 1 : 0);
        for (let index = 0; index < count; index++) {
          const width = index < Number(fullTiles) ? 256 : partialWidth;
          const hashes = splitHashTile(tiles.get(`${level}/${index}`) as Uint8Array, width);
          hashes.forEach((hash, i) => expect(equalBytes(hash, tree.getNode(8 * level, BigInt(index * 256 + i)))).toBe(true));
        }
      }
    });
  }

  it('restores from the stored tiles and continues to the same root', () => {
    const { tiles, tree } = build([70_000]);
    const restored = TileAccumulator.restore(nativeHasher, 70_000, (level, index) => tiles.get(`${level}/${index}`));
    expect(equalBytes(restored.root(), tree.root())).toBe(true);
    for (let i = 70_000; i < 70_300; i++) {
      restored.append(leaf(i));
      tree.appendLeafHash(leaf(i));
    }
    expect(equalBytes(restored.root(), tree.root())).toBe(true);
  });

  it('refuses to restore from a missing partial tile (DB_INCONSISTENT)', () => {
    expect(() => TileAccumulator.restore(nativeHasher, 300, () => undefined)).toThrow(StoreError);
  });

  it('gives the empty root for an empty tree', () => {
    expect(equalBytes(TileAccumulator.empty(nativeHasher).root(), nativeHasher.emptyRoot())).toBe(true);
  });
});

describe('TileNodeSource', () => {
  it('serves every complete node of the tree from its tiles', () => {
    const { tiles, tree } = build([1000, 3000]);
    const source = new TileNodeSource(nativeHasher, (level, index) => tiles.get(`${level}/${index}`));
    const wrong: string[] = [];
    for (let level = 0; level <= 11; level++) {
      const count = Number(tree.size) >> level;
      for (let index = 0; index < count; index += level < 3 ? 37 : 1) {
        if (!equalBytes(source.getNode(level, BigInt(index)), tree.getNode(level, BigInt(index)))) wrong.push(`${level}/${index}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(tree.inclusionProof(1234n).length).toBeGreaterThan(0);
  });

  it('reports a node beyond the tiles as DB_INCONSISTENT', () => {
    const { tiles } = build([300]);
    const source = new TileNodeSource(nativeHasher, (level, index) => tiles.get(`${level}/${index}`));
    expect(() => source.getNode(0, 400n)).toThrow(StoreError);
  });
});
