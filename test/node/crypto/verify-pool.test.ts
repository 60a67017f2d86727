import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { publicKeyFromSeed, signEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { DEFAULT_KEY_CACHE_SIZE, verifyEd25519Native } from '../../../src/node/crypto/native-ed25519.ts';
import { createVerifyPool, type VerifyItem, type VerifyPool } from '../../../src/node/crypto/verify-pool.ts';
import { entrySignatureVerdict } from '../../../src/node/verify/canonical-entry.ts';
import { flipBit, makeLog } from '../verify/helpers.ts';

const keys = Array.from({ length: 12 }, (_, i) => {
  const seed = Uint8Array.from({ length: 32 }, (_, j) => (i * 29 + j * 3 + 1) & 255);
  return { seed, publicKey: publicKeyFromSeed(seed) };
});

/** Items of every kind: valid, corrupted, wrong lengths, small-order key, non-canonical S. */
function makeItems(count: number): VerifyItem[] {
  return Array.from({ length: count }, (_, i) => {
    const key = keys[i % keys.length] as (typeof keys)[number];
    const message = Uint8Array.from({ length: 50 + ((i * 53) % 250) }, (_, j) => (i * 7 + j) & 255);
    const signature = signEd25519(key.seed, message);
    switch (i % 9) {
      case 1:
        signature[40] = (signature[40] ?? 0) ^ 1;
        return { publicKey: key.publicKey, message, signature };
      case 3:
        return { publicKey: key.publicKey, message, signature: signature.subarray(0, 63) };
      case 4:
        return { publicKey: new Uint8Array(32), message, signature };
      case 5:
        signature[63] = 0xff;
        return { publicKey: key.publicKey, message, signature };
      case 7:
        return { publicKey: key.publicKey.subarray(0, 31), message, signature };
      default:
        return { publicKey: key.publicKey, message, signature };
    }
  });
}

function expectedAnswers(items: readonly VerifyItem[]): number[] {
  return items.map((item) => (verifyEd25519Native(item.publicKey, item.message, item.signature) ? 1 : 0));
}

function dataWorker(source: string): URL {
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

const pools: VerifyPool[] = [];
function track(pool: VerifyPool): VerifyPool {
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('createVerifyPool', () => {
  it('defaults to one worker per available core', () => {
    expect(track(createVerifyPool()).size).toBe(availableParallelism());
  });
  describe('when the size is not a positive integer', () => {
    it.each([0, -1, 1.5, Number.NaN, 1000])('throws INVALID_ARGUMENT for %s', (size) => {
      expect(() => createVerifyPool({ size })).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});

describe('the key cache setting (keyCacheSize)', () => {
  it.each([-1, 1.5, Number.NaN])('throws INVALID_ARGUMENT for %s', (keyCacheSize) => {
    expect(() => createVerifyPool({ size: 1, keyCacheSize })).toThrowWithCode('INVALID_ARGUMENT');
  });

  it('reaches each worker as workerData (default DEFAULT_KEY_CACHE_SIZE)', async () => {
    // The worker answers with its setting, so the pool's answer shows what each worker was given.
    const source = `import { parentPort, workerData } from 'node:worker_threads';
      parentPort.on('message', (m) => {
        const n = new Uint32Array(m.buffer, 0, 1)[0];
        const results = new Uint8Array(n).fill(workerData.keyCacheSize % 251);
        parentPort.postMessage({ id: m.id, results }, [results.buffer]);
      });`;
    const items = makeItems(20).filter((item) => item.publicKey.length === 32 && item.signature.length === 64);
    const given = track(createVerifyPool({ size: 2, keyCacheSize: 7, workerUrl: dataWorker(source) }));
    expect([...(await given.verifyBatch(items))]).toEqual(items.map(() => 7));
    const byDefault = track(createVerifyPool({ size: 1, workerUrl: dataWorker(source) }));
    expect([...(await byDefault.verifyBatch(items))]).toEqual(items.map(() => DEFAULT_KEY_CACHE_SIZE % 251));
  });

  it.each([0, 1, 3])('gives the same answers with a cache of %i keys as without the pool', async (keyCacheSize) => {
    // 12 keys cycling through a cache smaller than that: every lookup is a miss, or an eviction.
    const items = makeItems(120);
    const pool = track(createVerifyPool({ size: 2, keyCacheSize, maxChunkEntries: 16 }));
    expect([...(await pool.verifyBatch(items))]).toEqual(expectedAnswers(items));
  });
});

describe('VerifyPool.verifyBatch', () => {
  it('answers every item in order, equal to verifyEd25519Native item by item', async () => {
    const pool = track(createVerifyPool({ size: 2 }));
    const items = makeItems(90);
    const expected = expectedAnswers(items);
    expect([...(await pool.verifyBatch(items))]).toEqual(expected);
    expect(expected).toContain(1);
    expect(expected).toContain(0);
  });

  it('keeps the order across many small chunks and concurrent batches', async () => {
    const pool = track(createVerifyPool({ size: 2, maxChunkEntries: 5 }));
    const a = makeItems(61);
    const b = makeItems(37).reverse();
    const [ra, rb] = await Promise.all([pool.verifyBatch(a), pool.verifyBatch(b)]);
    expect([...ra]).toEqual(expectedAnswers(a));
    expect([...rb]).toEqual(expectedAnswers(b));
  });

  it('resolves an empty batch with an empty result', async () => {
    const pool = track(createVerifyPool({ size: 1 }));
    expect(await pool.verifyBatch([])).toEqual(new Uint8Array(0));
  });

  it('answers 0 for a batch of only wrong-length items without needing a worker', async () => {
    const pool = track(createVerifyPool({ size: 1 }));
    const items = [{ publicKey: new Uint8Array(5), message: new Uint8Array(1), signature: new Uint8Array(64) }];
    expect(await pool.verifyBatch(items)).toEqual(Uint8Array.of(0));
  });

  it('leaves the input arrays intact (a packed copy is what gets transferred)', async () => {
    const pool = track(createVerifyPool({ size: 1 }));
    const items = makeItems(3);
    const before = items.map((item) => [...item.publicKey, ...item.message, ...item.signature]);
    await pool.verifyBatch(items);
    expect(items.map((item) => [...item.publicKey, ...item.message, ...item.signature])).toEqual(before);
  });

  describe('when the items are not Uint8Arrays', () => {
    it.each([
      ['not an array', 'nope'],
      ['a null item', [null]],
      ['a string message', [{ publicKey: new Uint8Array(32), message: 'm', signature: new Uint8Array(64) }]],
      ['a missing signature', [{ publicKey: new Uint8Array(32), message: new Uint8Array(0) }]],
    ])('rejects with INVALID_ARGUMENT for %s', async (_name, items) => {
      const pool = track(createVerifyPool({ size: 1 }));
      await expect(pool.verifyBatch(items as unknown as VerifyItem[])).toRejectWithCode('INVALID_ARGUMENT');
    });
  });
});

describe('VerifyPool.checkEntries', () => {
  const log = makeLog({ seed: 'verify-pool-entries', events: 60 });
  // Every third entry with one byte flipped near its end (its signatures or its envelope).
  const entries = log.bytes.map((b, i) => (i % 3 === 1 ? flipBit(b, b.length - 150, 1) : b));
  const expected = entries.map((b) => entrySignatureVerdict(b, verifyEd25519Native));

  it('answers every entry in order, equal to entrySignatureVerdict on this thread, across chunks and concurrent batches', async () => {
    const pool = track(createVerifyPool({ size: 2, maxChunkEntries: 7 }));
    const reversed = [...entries].reverse();
    const [forward, backward, items] = await Promise.all([pool.checkEntries(entries), pool.checkEntries(reversed), pool.verifyBatch(makeItems(20))]);
    expect([...forward]).toEqual(expected);
    expect([...backward]).toEqual([...expected].reverse());
    expect([...items]).toEqual(expectedAnswers(makeItems(20)));
    expect(new Set(expected)).toEqual(new Set([0, 1, 2]));
  });

  it('resolves an empty batch with an empty result', async () => {
    const pool = track(createVerifyPool({ size: 1 }));
    expect(await pool.checkEntries([])).toEqual(new Uint8Array(0));
  });

  it.each([
    ['not an array', 'nope'],
    ['a string entry', ['{}']],
    ['a null entry', [null]],
  ])('rejects with INVALID_ARGUMENT for %s', async (_name, value) => {
    const pool = track(createVerifyPool({ size: 1 }));
    await expect(pool.checkEntries(value as unknown as Uint8Array[])).toRejectWithCode('INVALID_ARGUMENT');
  });

  it('rejects with VERIFY_POOL_CLOSED once closed', async () => {
    const pool = createVerifyPool({ size: 1 });
    await pool.close();
    await expect(pool.checkEntries(entries)).toRejectWithCode('VERIFY_POOL_CLOSED');
  });
});

describe('VerifyPool.close', () => {
  it('rejects a pending batch and later calls with VERIFY_POOL_CLOSED, and is idempotent', async () => {
    const pool = createVerifyPool({ size: 2 });
    const pending = pool.verifyBatch(makeItems(200));
    const closing = pool.close();
    await expect(pending).toRejectWithCode('VERIFY_POOL_CLOSED');
    await closing;
    await expect(pool.verifyBatch(makeItems(1))).toRejectWithCode('VERIFY_POOL_CLOSED');
    await expect(pool.close()).resolves.toBeUndefined();
  });
});

describe('when a worker fails', () => {
  it('rejects with VERIFY_POOL_WORKER_FAILED if the worker cannot start, and again on the next batch', async () => {
    const pool = track(createVerifyPool({ size: 1, workerUrl: dataWorker('throw new Error("cannot load");') }));
    await expect(pool.verifyBatch(makeItems(3))).toRejectWithCode('VERIFY_POOL_WORKER_FAILED');
    await expect(pool.verifyBatch(makeItems(3))).toRejectWithCode('VERIFY_POOL_WORKER_FAILED');
  });

  it('rejects with VERIFY_POOL_WORKER_FAILED if the worker exits mid-batch', async () => {
    const source = `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', () => process.exit(3));`;
    const pool = track(createVerifyPool({ size: 2, workerUrl: dataWorker(source) }));
    await expect(pool.verifyBatch(makeItems(40))).toRejectWithCode('VERIFY_POOL_WORKER_FAILED');
  });

  it('rejects with VERIFY_POOL_WORKER_FAILED if the worker reports an error', async () => {
    const source = `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, error: 'bad chunk' }));`;
    const pool = track(createVerifyPool({ size: 1, workerUrl: dataWorker(source) }));
    await expect(pool.verifyBatch(makeItems(3))).toRejectWithCode('VERIFY_POOL_WORKER_FAILED');
  });

  it('rejects with VERIFY_POOL_WORKER_FAILED if the worker answers the wrong number of results', async () => {
    const source = `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, results: new Uint8Array(1) }));`;
    const pool = track(createVerifyPool({ size: 1, workerUrl: dataWorker(source) }));
    await expect(pool.verifyBatch(makeItems(5))).toRejectWithCode('VERIFY_POOL_WORKER_FAILED');
  });

  it('replaces a worker that crashed, so later batches are answered', async () => {
    // Crashes on its first message only (a marker in globalThis does not survive a new worker, so
    // the marker is the batch content: a chunk with a single entry crashes, larger chunks work).
    const source = `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => {
        const n = new Uint32Array(m.buffer, 0, 1)[0];
        if (n === 1) process.exit(9);
        parentPort.postMessage({ id: m.id, results: new Uint8Array(n).fill(1) }, []);
      });`;
    const pool = track(createVerifyPool({ size: 1, workerUrl: dataWorker(source) }));
    await expect(pool.verifyBatch(makeItems(1))).toRejectWithCode('VERIFY_POOL_WORKER_FAILED');
    const items = makeItems(2).filter((item) => item.signature.length === 64 && item.publicKey.length === 32);
    expect(await pool.verifyBatch(items)).toEqual(new Uint8Array(items.length).fill(1));
  });
});
