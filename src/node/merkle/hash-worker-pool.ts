/**
 * A small pool of leaf-hash workers (leaf-hash-worker.ts) for parallel-root.ts. At most
 * MAX_IN_FLIGHT_PER_WORKER batches per worker are outstanding, so a streamed input keeps bounded
 * memory; a worker error or early exit fails the pool, and the next submit or drain throws it.
 */
import { Worker } from 'node:worker_threads';
import { packBatch } from './batch-format.ts';
import type { BatchRequest, BatchResult, CloseRequest } from './batch-format.ts';

const MAX_IN_FLIGHT_PER_WORKER = 2;

/** Receives each batch result (in arrival order) with the entry count of that batch. */
export type BatchResultHandler = (id: number, count: number, hashes: Uint8Array) => void;

interface InFlight {
  readonly count: number;
  readonly slot: WorkerSlot;
}

interface WorkerSlot {
  readonly worker: Worker;
  busy: number;
}

export class HashWorkerPool {
  readonly #slots: WorkerSlot[];
  readonly #inFlight = new Map<number, InFlight>();
  #nextId = 0;
  #failure: unknown = undefined;
  #wake: (() => void) | undefined;
  readonly #onBatch: BatchResultHandler;

  constructor(size: number, url: URL | string, onBatch: BatchResultHandler) {
    this.#onBatch = onBatch;
    this.#slots = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url);
      const slot: WorkerSlot = { worker, busy: 0 };
      worker.on('message', (message: BatchResult) => this.#onResult(message));
      worker.on('error', (error) => this.#fail(error));
      worker.on('exit', (code) => {
        if (this.#inFlight.size > 0) this.#fail(new Error(`hash worker exited with code ${code} during work`));
      });
      this.#slots.push(slot);
    }
  }

  /** Packs and sends one batch (ids count up from 0), first waiting while every worker is full. */
  async submit(entries: readonly Uint8Array[], fold: boolean): Promise<void> {
    const buffer = packBatch(entries);
    let slot = this.#leastBusy();
    while (this.#failure === undefined && slot.busy >= MAX_IN_FLIGHT_PER_WORKER) {
      await this.#sleep();
      slot = this.#leastBusy();
    }
    this.#throwIfFailed();
    const id = this.#nextId++;
    this.#inFlight.set(id, { count: entries.length, slot });
    slot.busy++;
    const request: BatchRequest = { type: 'batch', id, count: entries.length, fold, buffer };
    slot.worker.postMessage(request, [buffer]);
  }

  /** Waits for every batch sent so far. */
  async drain(): Promise<void> {
    while (this.#failure === undefined && this.#inFlight.size > 0) await this.#sleep();
    this.#throwIfFailed();
  }

  /** Asks each worker to close its port and waits for the threads to exit. */
  async close(): Promise<void> {
    await Promise.all(
      this.#slots.map(({ worker }) => {
        if (worker.threadId === -1) return Promise.resolve();
        return new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          const close: CloseRequest = { type: 'close' };
          worker.postMessage(close);
        });
      }),
    );
  }

  async terminate(): Promise<void> {
    await Promise.all(this.#slots.map(({ worker }) => worker.terminate()));
  }

  #onResult(message: BatchResult): void {
    const flight = this.#inFlight.get(message.id);
    if (flight === undefined) return;
    this.#inFlight.delete(message.id);
    flight.slot.busy--;
    try {
      this.#onBatch(message.id, flight.count, new Uint8Array(message.hashes));
    } catch (error) {
      this.#fail(error);
    }
    this.#notify();
  }

  #fail(error: unknown): void {
    if (this.#failure === undefined) this.#failure = error;
    this.#notify();
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  #leastBusy(): WorkerSlot {
    let best = this.#slots[0] as WorkerSlot;
    for (const slot of this.#slots) if (slot.busy < best.busy) best = slot;
    return best;
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
