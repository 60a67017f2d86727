import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { computeRoot } from '../../../src/core/merkle/compact-range.ts';
import { computeRootParallel } from '../../../src/node/merkle/parallel-root.ts';

// Deterministic entries of varying length (0..199 bytes).
function makeEntries(n: number, seed = 1): Uint8Array[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return new Uint8Array(x % 200).map((_, i) => (x >>> (i % 24)) & 0xff);
  });
}

async function* chunksOf(entries: readonly Uint8Array[], sizes: readonly number[]): AsyncGenerator<Uint8Array[]> {
  let at = 0;
  for (let i = 0; at < entries.length; i++) {
    const take = sizes[i % sizes.length] as number;
    yield entries.slice(at, at + take);
    at += take;
  }
}

describe('computeRootParallel', () => {
  const entries = makeEntries(5000);

  it('gives the compact-range root for 0, 1 and sizes around the batch size, in both fold modes', async () => {
    const failed: string[] = [];
    for (const n of [0, 1, 3, 64, 65, 129, 5000]) {
      const want = bytesToHex(computeRoot(entries.slice(0, n)));
      for (const foldInWorkers of [true, false]) {
        const got = await computeRootParallel(entries.slice(0, n), { batchSize: 64, foldInWorkers });
        if (bytesToHex(got.root) !== want || got.size !== BigInt(n)) failed.push(`n=${n} fold=${foldInWorkers}`);
      }
    }
    expect(failed).toEqual([]);
  });

  it('gives the compact-range root for random sizes and batch sizes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 3 }), async (n, log2Batch, workers) => {
        const got = await computeRootParallel(entries.slice(0, n), { batchSize: 2 ** log2Batch, workers });
        expect(bytesToHex(got.root)).toBe(bytesToHex(computeRoot(entries.slice(0, n))));
      }),
      { numRuns: 6 },
    );
  });

  it('accepts a generator of chunks of any length', async () => {
    const got = await computeRootParallel(chunksOf(entries, [1, 100, 7, 0, 300]), { batchSize: 128 });
    expect(bytesToHex(got.root)).toBe(bytesToHex(computeRoot(entries)));
    expect(got.size).toBe(5000n);
  });

  it('accepts a synchronous iterable of chunks', async () => {
    const sync = [entries.slice(0, 10), [], entries.slice(10, 333)];
    const got = await computeRootParallel(sync.values(), { batchSize: 32, foldInWorkers: false });
    expect(bytesToHex(got.root)).toBe(bytesToHex(computeRoot(entries.slice(0, 333))));
  });

  it('gives the empty-tree root for no entries without starting workers', async () => {
    const got = await computeRootParallel([], { workerUrl: 'file:///nonexistent-worker.ts' });
    expect(bytesToHex(got.root)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(got.size).toBe(0n);
  });

  it('rejects with INVALID_ARGUMENT for an entry that is not a Uint8Array', async () => {
    const bad = [new Uint8Array(1), 'nope'] as unknown as Uint8Array[];
    await expect(computeRootParallel(bad)).toRejectWithCode('INVALID_ARGUMENT');
    await expect(computeRootParallel([[new Uint8Array(1)], 'x'] as unknown as Uint8Array[][])).toRejectWithCode('INVALID_ARGUMENT');
  });

  it('rejects with INVALID_ARGUMENT for a batch size that is not a power of two or a bad worker count', async () => {
    await expect(computeRootParallel(entries, { batchSize: 100 })).toRejectWithCode('INVALID_ARGUMENT');
    await expect(computeRootParallel(entries, { workers: 0 })).toRejectWithCode('INVALID_ARGUMENT');
  });

  it('rejects when a worker cannot start, instead of hanging', async () => {
    await expect(computeRootParallel(entries.slice(0, 10), { workerUrl: new URL('file:///nonexistent/worker.ts') })).rejects.toThrow();
  });
});
