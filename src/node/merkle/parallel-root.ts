/**
 * RFC 9162 root of many entries with the leaf hashing spread over worker threads.
 *
 * Entries are cut into batches of `batchSize` (a power of two) leaves, packed into one transferable
 * buffer each (batch-format.ts) and handed to the least busy worker; at most two batches per worker
 * are in flight, so memory stays bounded for a streamed input. Results are folded on this thread,
 * in batch order, into a CompactRange with the native hasher. By default (`foldInWorkers`) a worker
 * also folds its batch into the batch's complete subtree, because batch b covers the aligned range
 * [b·batchSize, (b+1)·batchSize): this thread then does one node hash per batch instead of one per
 * leaf. With `foldInWorkers: false` workers return every leaf hash and this thread does all N - 1
 * node hashes.
 */
import { ProtocolError } from '../../core/errors.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { BatchFolder } from './batch-folder.ts';
import { HashWorkerPool } from './hash-worker-pool.ts';
import { nativeHasher } from './native-hasher.ts';
import { workerModuleUrl } from '../worker-url.ts';

export interface ParallelRootOptions {
  /** Worker threads (default 2). */
  readonly workers?: number;
  /** Leaves per batch, a power of two (default 4096). */
  readonly batchSize?: number;
  /** Workers fold each batch into its subtree (default true); false = they return leaf hashes only. */
  readonly foldInWorkers?: boolean;
  /** Hasher for the folding on this thread (default: native). */
  readonly hasher?: MerkleHasher;
  /** Worker module (default: leaf-hash-worker.ts beside this file); for bundlers that relocate it. */
  readonly workerUrl?: URL | string;
}

export interface ParallelRootResult {
  readonly size: bigint;
  readonly root: Uint8Array;
}

/** Entries as one array, or as a (possibly async) sequence of chunks of any length. */
export type ParallelRootInput =
  | readonly Uint8Array[]
  | Iterable<readonly Uint8Array[]>
  | AsyncIterable<readonly Uint8Array[]>;

/**
 * MTH of the entries, each hashed as SHA-256(0x00 || entry). Rejects with INVALID_ARGUMENT for an
 * entry that is not a Uint8Array or bad options; rejects with the worker's error if a worker fails.
 * Workers are always closed (or terminated on failure) before the promise settles.
 */
export async function computeRootParallel(input: ParallelRootInput, options: ParallelRootOptions = {}): Promise<ParallelRootResult> {
  const workerCount = options.workers ?? 2;
  const batchSize = options.batchSize ?? 4096;
  if (!Number.isInteger(workerCount) || workerCount < 1 || workerCount > 64) {
    throw new ProtocolError('INVALID_ARGUMENT', `workers must be an integer in 1..64, got ${workerCount}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2 ** 24 || (batchSize & (batchSize - 1)) !== 0) {
    throw new ProtocolError('INVALID_ARGUMENT', `batchSize must be a power of two up to 2^24, got ${batchSize}`);
  }
  const folder = new BatchFolder(options.hasher ?? nativeHasher, batchSize, options.foldInWorkers ?? true);
  // Started on the first batch: an empty input needs no threads.
  const workerUrl = options.workerUrl ?? workerModuleUrl('leaf-hash-worker', import.meta.url);
  let pool: HashWorkerPool | undefined;
  const startPool = (): HashWorkerPool => {
    pool ??= new HashWorkerPool(workerCount, workerUrl, (id, count, hashes) => folder.accept(id, count, hashes));
    return pool;
  };
  try {
    for await (const batch of iterateBatches(input, batchSize)) await startPool().submit(batch, folder.foldInWorkers);
    await pool?.drain();
    return { size: folder.range.size, root: folder.range.root() };
  } catch (error) {
    await pool?.terminate();
    throw error;
  } finally {
    await pool?.close();
  }
}

// Cuts the input into batches of exactly batchSize entries (the last may be shorter). Entries are
// handled synchronously within a chunk: one await per entry would cost more than packing it.
async function* iterateBatches(input: ParallelRootInput, batchSize: number): AsyncGenerator<Uint8Array[]> {
  if (Array.isArray(input) && (input.length === 0 || input[0] instanceof Uint8Array)) {
    for (let at = 0; at < input.length; at += batchSize) yield checkEntries(input.slice(at, at + batchSize));
    return;
  }
  let pending: Uint8Array[] = [];
  for await (const chunk of input as AsyncIterable<readonly Uint8Array[]>) {
    if (!Array.isArray(chunk)) throw new ProtocolError('INVALID_ARGUMENT', 'each chunk must be an array of Uint8Array entries');
    for (const entry of checkEntries(chunk as readonly unknown[])) {
      pending.push(entry);
      if (pending.length === batchSize) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length > 0) yield pending;
}

function checkEntries(entries: readonly unknown[]): Uint8Array[] {
  for (const entry of entries) {
    if (!(entry instanceof Uint8Array)) throw new ProtocolError('INVALID_ARGUMENT', 'every entry must be a Uint8Array');
  }
  return entries as Uint8Array[];
}
