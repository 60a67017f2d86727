import { describe, expect, it } from 'vitest';
import { bytesToHex as hex } from '../../../src/core/encoding/hex.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { decodeEntryBundle } from '../../../src/core/tiles/entry-bundle.ts';
import { formatEntryBundlePath, formatTilePath } from '../../../src/core/tiles/tile-path.ts';
import { listTiles, tileLevelsFor } from '../../../src/core/tiles/tile-geometry.ts';
import { mapSink, writeEvidence } from '../../../src/node/verify/evidence-writer.ts';
import { keysOf, makeWriter } from './helpers.ts';

function entries(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => new TextEncoder().encode(`{"entry":${i}}`));
}

describe('writeEvidence', () => {
  const keys = keysOf(makeWriter('writer'));

  it('writes the C2SP tiles of the final size, equal to those of an in-memory tree', async () => {
    const n = 256 * 256 + 700;
    const data = entries(n);
    const files = new Map<string, Uint8Array>();
    const written = await writeEvidence(data, mapSink(files), { logSigner: keys.logSigner, checkpointSizes: [1, 60_000] });
    const tree = MemoryTree.fromEntries(data);
    expect(hex(written.root)).toBe(hex(tree.root()));
    const problems: string[] = [];
    for (const { level } of tileLevelsFor(BigInt(n))) {
      for (const tile of listTiles(level, BigInt(n))) {
        const path = formatTilePath(level, tile.index, tile.width);
        const bytes = files.get(path);
        const expected = new Uint8Array(tile.width * 32);
        for (let k = 0; k < tile.width; k++) expected.set(tree.getNode(8 * level, tile.index * 256n + BigInt(k)), k * 32);
        if (bytes === undefined || !Buffer.from(bytes).equals(expected)) problems.push(path);
      }
    }
    expect(problems).toEqual([]);
    const last = decodeEntryBundle(files.get(formatEntryBundlePath(258, 188)) as Uint8Array);
    expect(last.length).toBe(188);
  });

  it('signs a checkpoint at each chosen size and the final one, verifiable with the log key', async () => {
    const files = new Map<string, Uint8Array>();
    await writeEvidence(entries(20), mapSink(files), { logSigner: keys.logSigner, checkpointSizes: [0, 5], seenAt: (s) => `2026-01-0${s === 20 ? 3 : 1}T00:00:00.000Z` });
    expect([...files.keys()].filter((p) => p.startsWith('checkpoint')).sort()).toEqual([
      'checkpoint',
      'checkpoints/0-0',
      'checkpoints/20-0',
      'checkpoints/5-0',
      'checkpoints/seen-at.json',
    ]);
    const latest = openCheckpoint(files.get('checkpoint') as Uint8Array, keys.logKey);
    expect(latest.checkpoint.size).toBe(20n);
    expect(latest.checkpoint.rootHash).toEqual(MemoryTree.fromEntries(entries(20)).root());
    expect(JSON.parse(new TextDecoder().decode(files.get('checkpoints/seen-at.json')))).toEqual({
      '0-0': '2026-01-01T00:00:00.000Z',
      '5-0': '2026-01-01T00:00:00.000Z',
      '20-0': '2026-01-03T00:00:00.000Z',
    });
  });

  it('refuses a checkpoint size past the end', async () => {
    await expect(writeEvidence(entries(3), mapSink(new Map()), { logSigner: keys.logSigner, checkpointSizes: [4] })).toRejectWithCode('INVALID_ARGUMENT');
  });
});
