/**
 * A tlog-tiles client for tests: downloads the log from `/checkpoint`, `/tile/<L>/…` and
 * `/tile/entries/…` ONLY, and checks everything against the checkpoint signed by the pinned key.
 */
import { expect } from 'vitest';
import { equalBytes } from '../../../src/core/encoding/index.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { openCheckpoint, type OpenedCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { decodeEntryBundle, formatEntryBundlePath, formatTilePath, listTiles, splitHashTile, tileLevelsFor } from '../../../src/core/tiles/index.ts';
import { nativeHasher } from '../../../src/node/merkle/native-hasher.ts';
import { getBytes } from './http.ts';

export interface TiledLog {
  readonly opened: OpenedCheckpoint;
  readonly entries: Uint8Array[];
  /** Every complete subtree of the downloaded log (for proofs generated client-side). */
  readonly tree: MemoryTree;
}

/** Downloads and verifies the whole log as of the current checkpoint. */
export async function downloadTiledLog(base: string, vkey: string): Promise<TiledLog> {
  const note = await getBytes(base, '/checkpoint');
  expect(note.status).toBe(200);
  const opened = openCheckpoint(note.bytes, vkey);
  const size = opened.checkpoint.size;
  const entries: Uint8Array[] = [];
  for (const ref of listTiles(0, size)) {
    const bundle = await getBytes(base, `/${formatEntryBundlePath(ref.index, ref.width)}`);
    expect(bundle.status).toBe(200);
    entries.push(...decodeEntryBundle(bundle.bytes, ref.width));
  }
  const tree = MemoryTree.fromEntries(entries, nativeHasher);
  expect(equalBytes(tree.root(), opened.checkpoint.rootHash)).toBe(true);
  // Every hash tile must hold exactly the subtree hashes of the entries (tlog-tiles "Merkle Tree").
  for (const { level } of tileLevelsFor(size)) {
    for (const ref of listTiles(level, size)) {
      const tile = await getBytes(base, `/${formatTilePath(level, ref.index, ref.width)}`);
      expect(tile.status).toBe(200);
      const hashes = splitHashTile(tile.bytes, ref.width);
      hashes.forEach((hash, i) => {
        expect(equalBytes(hash, tree.getNode(8 * level, ref.index * 256n + BigInt(i)))).toBe(true);
      });
    }
  }
  return { opened, entries, tree };
}
