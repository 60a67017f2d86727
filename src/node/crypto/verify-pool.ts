/**
 * A worker_threads pool for bulk Ed25519 verification with the native (OpenSSL) backend. A batch is
 * split into chunks, each packed into one transferable ArrayBuffer (verify-batch.ts) and sent to
 * the least busy worker, at most two chunks in flight per worker so none idles between chunks. The
 * workers run the same `verifyEd25519With` (policy pre-check, then the native equation) as the main
 * thread, so a pool answer equals `verifyEd25519(…, nativeEd25519Backend)` for every item.
 * A batch of log entries (`checkEntries`, entry-batch.ts) travels the same way as raw bytes; the
 * workers judge each (canonical-entry.ts `entrySignatureVerdict`, the same function as on the main
 * thread), so the sync's main thread need not parse and cut them first.
 *
 * Failure policy: a worker that errors or exits rejects every batch it was working on with
 * VERIFY_POOL_WORKER_FAILED (never a hang) and is replaced at the next dispatch; `close()` rejects
 * whatever is pending with VERIFY_POOL_CLOSED and terminates the workers. Idle workers are unref'd,
 * so a forgotten pool does not keep the process alive; busy ones are ref'd, so a pending batch does.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ProtocolError } from '../../core/errors.ts';
import { DEFAULT_KEY_CACHE_SIZE } from './native-ed25519.ts';
import { packEntryChunk } from './entry-batch.ts';
import { isPackable, packVerifyChunk, type ChunkKind, type VerifyItem, type VerifyWorkerData } from './verify-batch.ts';
import { workerModuleUrl } from '../worker-url.ts';

export type { VerifyItem } from './verify-batch.ts';

export interface VerifyPoolOptions {
  /** Number of workers; default `os.availableParallelism()`. An integer from 1 to 256. */
  readonly size?: number;
  /** The worker entry; default `./verify-worker.ts` beside this file (a bundle passes its own). */
  readonly workerUrl?: URL | string;
  /** Most entries per chunk; default 1024. */
  readonly maxChunkEntries?: number;
  /**
   * KeyObjects each worker keeps (native-ed25519.ts), default DEFAULT_KEY_CACHE_SIZE; 0 disables
   * the cache. Each costs about 6 KB of OpenSSL memory per worker (BENCHMARKS.md, issue 4).
   */
  readonly keyCacheSize?: number;
}

export interface VerifyPool {
  readonly size: number;
  /**
   * Verifies every item (all attacker-controlled bytes) and resolves with one byte per item, in
   * order: 1 valid, 0 invalid (any policy reason or a failed equation). Rejects with
   * INVALID_ARGUMENT if `items` is not an array of { publicKey, message, signature } Uint8Arrays,
   * VERIFY_POOL_CLOSED after `close()`, VERIFY_POOL_WORKER_FAILED if a worker fails.
   * The items are copied (packed) before this returns, so the caller may reuse their arrays at once.
   */
  verifyBatch(items: readonly VerifyItem[]): Promise<Uint8Array>;
  /**
   * Judges the signatures of log entries (raw bytes, attacker-controlled) in the workers and
   * resolves with one verdict byte per entry, in order (canonical-entry.ts `entrySignatureVerdict`:
   * 0 a signature does not verify, 1 all verify, 2 undecided: the caller judges that entry itself).
   * Rejects like `verifyBatch` (INVALID_ARGUMENT if `entries` is not an array of Uint8Arrays).
   * The bytes are copied before this returns.
   */
  checkEntries(entries: readonly Uint8Array[]): Promise<Uint8Array>;
  /** Rejects pending batches with VERIFY_POOL_CLOSED and terminates the workers. Idempotent. */
  close(): Promise<void>;
}

interface Batch {
  readonly results: Uint8Array;
  pendingChunks: number;
  settled: boolean;
  readonly resolve: (results: Uint8Array) => void;
  readonly reject: (error: ProtocolError) => void;
}

interface Chunk {
  readonly id: number;
  readonly kind: ChunkKind;
  readonly batch: Batch;
  readonly indices: Uint32Array;
  readonly buffer: ArrayBuffer;
}

interface Slot {
  worker: Worker | null;
  readonly inFlight: Map<number, Chunk>;
}

type WorkerReply = { id: number; results: Uint8Array } | { id: number; error: string };

const MAX_IN_FLIGHT_PER_WORKER = 2;
const CHUNKS_PER_WORKER = 2;
const MIN_CHUNK_ENTRIES = 16;
const DEFAULT_MAX_CHUNK_ENTRIES = 1024;
const MAX_CHUNK_MESSAGE_BYTES = 16 * 1024 * 1024;
// A worker's garbage is a few small views per entry and nearly all of it dies at once; with V8's
// default young generation (tens of MB, grown as it sees fit) each worker's heap kept growing for
// hundreds of thousands of entries, so the process RSS crept with the log's length (issue 5: flat
// memory). A small young generation is scavenged often and cheaply; the CPU cost was not measurable.
const WORKER_YOUNG_GENERATION_MB = 3;

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

function assertItems(items: unknown): asserts items is readonly VerifyItem[] {
  if (!Array.isArray(items)) throw new ProtocolError('INVALID_ARGUMENT', 'verifyBatch expects an array of items');
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Partial<VerifyItem> | null | undefined;
    if (
      typeof item !== 'object' ||
      item === null ||
      !isBytes(item.publicKey) ||
      !isBytes(item.message) ||
      !isBytes(item.signature)
    ) {
      throw new ProtocolError('INVALID_ARGUMENT', `item ${i} is not { publicKey, message, signature } Uint8Arrays`, {
        details: { index: i },
      });
    }
  }
}

function assertEntries(entries: unknown): asserts entries is readonly Uint8Array[] {
  if (!Array.isArray(entries)) throw new ProtocolError('INVALID_ARGUMENT', 'checkEntries expects an array of entries');
  for (let i = 0; i < entries.length; i++) {
    if (!isBytes(entries[i])) throw new ProtocolError('INVALID_ARGUMENT', `entry ${i} is not a Uint8Array`, { details: { index: i } });
  }
}

function resolvePoolSize(size: number | undefined): number {
  const resolved = size ?? availableParallelism();
  if (!Number.isInteger(resolved) || resolved < 1 || resolved > 256) {
    throw new ProtocolError('INVALID_ARGUMENT', `pool size must be an integer from 1 to 256, got ${String(size)}`);
  }
  return resolved;
}

/**
 * Starts a pool of `size` workers (see VerifyPoolOptions). Throws INVALID_ARGUMENT for a bad size.
 * Call `close()` when done.
 */
export function createVerifyPool(options: VerifyPoolOptions = {}): VerifyPool {
  const size = resolvePoolSize(options.size);
  const workerUrl = options.workerUrl ?? workerModuleUrl('verify-worker', import.meta.url);
  const maxChunkEntries = Math.max(1, Math.floor(options.maxChunkEntries ?? DEFAULT_MAX_CHUNK_ENTRIES));
  const keyCacheSize = options.keyCacheSize ?? DEFAULT_KEY_CACHE_SIZE;
  if (!Number.isSafeInteger(keyCacheSize) || keyCacheSize < 0) {
    throw new ProtocolError('INVALID_ARGUMENT', `keyCacheSize must be a non-negative integer, got ${String(options.keyCacheSize)}`);
  }
  const workerData: VerifyWorkerData = { keyCacheSize };
  const slots: Slot[] = [];
  const queue: Chunk[] = [];
  const pendingBatches = new Set<Batch>();
  let nextChunkId = 0;
  let closed = false;

  function rejectBatch(batch: Batch, error: ProtocolError): void {
    if (batch.settled) return;
    batch.settled = true;
    pendingBatches.delete(batch);
    batch.reject(error);
  }

  function retireWorker(slot: Slot, worker: Worker, cause: unknown): void {
    if (slot.worker !== worker) return; // already retired (an 'error' is followed by an 'exit')
    slot.worker = null;
    void worker.terminate();
    const failed = [...slot.inFlight.values()];
    slot.inFlight.clear();
    if (closed) return;
    const message = cause instanceof Error ? cause.message : String(cause);
    for (const chunk of failed) {
      rejectBatch(chunk.batch, new ProtocolError('VERIFY_POOL_WORKER_FAILED', `verify worker failed: ${message}`, { cause }));
    }
    dispatch();
  }

  function onReply(slot: Slot, worker: Worker, reply: WorkerReply): void {
    const chunk = slot.inFlight.get(reply.id);
    if (chunk === undefined || slot.worker !== worker) return;
    slot.inFlight.delete(reply.id);
    if (slot.inFlight.size === 0) worker.unref();
    const { batch } = chunk;
    if ('error' in reply) {
      rejectBatch(batch, new ProtocolError('VERIFY_POOL_WORKER_FAILED', `verify worker: ${reply.error}`));
    } else if (!batch.settled) {
      const { indices } = chunk;
      if (reply.results.length !== indices.length) {
        rejectBatch(batch, new ProtocolError('VERIFY_POOL_WORKER_FAILED', 'verify worker answered the wrong count'));
      } else {
        for (let j = 0; j < indices.length; j++) batch.results[indices[j] ?? 0] = reply.results[j] ?? 0;
        batch.pendingChunks -= 1;
        if (batch.pendingChunks === 0) {
          batch.settled = true;
          pendingBatches.delete(batch);
          batch.resolve(batch.results);
        }
      }
    }
    dispatch();
  }

  function startWorker(slot: Slot): Worker {
    const worker = new Worker(workerUrl, { workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    slot.worker = worker;
    worker.unref();
    worker.on('message', (reply: WorkerReply) => onReply(slot, worker, reply));
    worker.on('error', (error: Error) => retireWorker(slot, worker, error));
    worker.on('messageerror', (error: Error) => retireWorker(slot, worker, error));
    worker.on('exit', (code: number) => retireWorker(slot, worker, new Error(`worker exited with code ${code}`)));
    return worker;
  }

  function leastBusySlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of slots) {
      if (slot.inFlight.size >= MAX_IN_FLIGHT_PER_WORKER) continue;
      if (best === undefined || slot.inFlight.size < best.inFlight.size) best = slot;
    }
    return best;
  }

  function dispatch(): void {
    while (!closed && queue.length > 0) {
      const slot = leastBusySlot();
      if (slot === undefined) return;
      const chunk = queue.shift() as Chunk;
      if (chunk.batch.settled) continue; // its batch already failed: skip the work
      const worker = slot.worker ?? startWorker(slot);
      slot.inFlight.set(chunk.id, chunk);
      worker.ref();
      try {
        worker.postMessage({ id: chunk.id, kind: chunk.kind, buffer: chunk.buffer }, [chunk.buffer]);
      } catch (error) {
        retireWorker(slot, worker, error); // rejects this chunk's batch with the others in flight
      }
    }
  }

  /**
   * Splits the items `packable` (indices into the batch) into chunks of `kind`, packed by `pack`,
   * `bytesOf(i)` counting towards a chunk's byte bound, and queues them.
   */
  function enqueueBatch(kind: ChunkKind, packable: readonly number[], bytesOf: (index: number) => number, pack: (indices: Uint32Array) => ArrayBuffer, batch: Batch): void {
    const chunks: Uint32Array[] = [];
    let start = 0;
    while (start < packable.length) {
      // Guided self-scheduling: chunks shrink as the batch runs out, so the workers finish together
      // instead of one idling while the other works through a last large chunk.
      const remaining = packable.length - start;
      const perChunk = Math.min(maxChunkEntries, Math.max(MIN_CHUNK_ENTRIES, Math.ceil(remaining / (size * CHUNKS_PER_WORKER))));
      let end = start;
      let bytes = 0;
      // at least one entry; then up to perChunk entries and MAX_CHUNK_MESSAGE_BYTES of messages
      do {
        bytes += bytesOf(packable[end] ?? 0);
        end += 1;
      } while (end < packable.length && end - start < perChunk && bytes < MAX_CHUNK_MESSAGE_BYTES);
      chunks.push(Uint32Array.from(packable.slice(start, end)));
      start = end;
    }
    batch.pendingChunks = chunks.length;
    if (chunks.length === 0) {
      batch.settled = true;
      batch.resolve(batch.results); // nothing packable: every answer is 0 (or the batch is empty)
      return;
    }
    pendingBatches.add(batch);
    for (const indices of chunks) {
      // Pack and post one chunk at a time, so workers start while later chunks are being packed.
      queue.push({ id: nextChunkId++, kind, batch, indices, buffer: pack(indices) });
      dispatch();
    }
  }

  /** A new batch of `count` answers, started by `enqueue` (whose throw rejects it), as a promise. */
  function runBatch(count: number, check: () => void, enqueue: (batch: Batch) => void): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      if (closed) throw new ProtocolError('VERIFY_POOL_CLOSED', 'the verify pool is closed');
      check();
      const batch: Batch = { results: new Uint8Array(count), pendingChunks: 0, settled: false, resolve, reject };
      try {
        enqueue(batch);
      } catch (error) {
        rejectBatch(batch, error instanceof ProtocolError ? error : new ProtocolError('INVALID_ARGUMENT', String(error), { cause: error }));
      }
    });
  }

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: null, inFlight: new Map() };
    slots.push(slot);
    startWorker(slot);
  }

  return {
    size,
    verifyBatch(items: readonly VerifyItem[]): Promise<Uint8Array> {
      return runBatch(
        Array.isArray(items) ? items.length : 0,
        () => assertItems(items),
        (batch) => {
          const packable: number[] = [];
          for (let i = 0; i < items.length; i++) if (isPackable(items[i] as VerifyItem)) packable.push(i);
          enqueueBatch('signatures', packable, (i) => (items[i] as VerifyItem).message.length, (indices) => packVerifyChunk(items, indices), batch);
        },
      );
    },
    checkEntries(entries: readonly Uint8Array[]): Promise<Uint8Array> {
      return runBatch(
        Array.isArray(entries) ? entries.length : 0,
        () => assertEntries(entries),
        (batch) => {
          const all = Array.from({ length: entries.length }, (_, i) => i);
          enqueueBatch('entries', all, (i) => (entries[i] as Uint8Array).length, (indices) => packEntryChunk(entries, indices), batch);
        },
      );
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      queue.length = 0;
      for (const batch of [...pendingBatches]) rejectBatch(batch, new ProtocolError('VERIFY_POOL_CLOSED', 'the verify pool was closed'));
      const exiting: Promise<number>[] = [];
      for (const slot of slots) {
        const worker = slot.worker;
        slot.worker = null;
        slot.inFlight.clear();
        if (worker !== null) exiting.push(worker.terminate());
      }
      await Promise.all(exiting);
    },
  };
}
