/**
 * When the log signs checkpoints (issue 3: "at least every second while there are new entries").
 *
 * Policy:
 * - after a commit, a checkpoint is signed at once when the last one is `intervalMs` old or older,
 *   or when someone waits for an entry the last checkpoint does not cover (a receipt, `?wait=
 *   checkpoint`); otherwise a timer signs one when the interval has passed. So under steady load the
 *   log checkpoints about once per interval, and a waiter never waits for the timer;
 * - a checkpoint covers only committed (fsynced) entries, and is itself stored (fsynced) before it
 *   is published or handed to a waiter, so a published checkpoint survives any crash and the log on
 *   disk always equals or extends it;
 * - the same size is never signed twice; sizes only grow, so the log cannot sign two inconsistent
 *   checkpoints (docs/protocol.md §8.2).
 */
import type { SignerKey } from '../../core/note/signer-key.ts';
import type { Logger } from '../http/http-server.ts';
import type { LogStore } from '../store/log-store.ts';
import { signCheckpoint, type PublishedCheckpoint } from './checkpoint-signer.ts';

export interface CheckpointerOptions {
  readonly store: LogStore;
  readonly logKey: SignerKey;
  readonly intervalMs: number;
  readonly now: () => number;
  readonly logger: Logger;
  /** The committed tree: its size and root. */
  readonly committed: () => { size: number; root: Uint8Array };
  readonly latest?: PublishedCheckpoint;
}

interface Waiter {
  readonly index: number;
  readonly resolve: (checkpoint: PublishedCheckpoint) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** See the module policy. */
export class Checkpointer {
  readonly #options: CheckpointerOptions;
  #latest: PublishedCheckpoint | undefined;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: CheckpointerOptions) {
    this.#options = options;
    this.#latest = options.latest;
  }

  get latest(): PublishedCheckpoint | undefined {
    return this.#latest;
  }

  /** Called after every commit (and at start): checkpoints now if due, else arms the timer. */
  notifyCommitted(): void {
    if (this.#closed) return;
    const { size } = this.#options.committed();
    const covered = this.#latest?.size ?? 0;
    if (size <= covered && this.#latest !== undefined) return;
    const age = this.#options.now() - (this.#latest?.createdMs ?? 0);
    const waited = this.#waiters.some((w) => w.index < size);
    if (age >= this.#options.intervalMs || waited || this.#latest === undefined) {
      this.checkpointNow();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.notifyCommitted();
    }, this.#options.intervalMs - age);
  }

  /** Signs, stores and publishes a checkpoint of the committed tree if it is larger than the last one. */
  checkpointNow(): PublishedCheckpoint | undefined {
    const { size, root } = this.#options.committed();
    if (this.#latest !== undefined && size <= this.#latest.size) return this.#latest;
    const checkpoint = signCheckpoint(this.#options.logKey, size, root, this.#options.now());
    try {
      const { store } = this.#options;
      store.db.transaction(() => store.insertCheckpoint({ size, root, note: checkpoint.note, createdMs: checkpoint.createdMs }))();
    } catch (error) {
      // Not published: waiters keep waiting and the timer retries.
      this.#options.logger.error(`could not store the checkpoint of size ${size}: ${(error as Error).message}`);
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.notifyCommitted();
      }, this.#options.intervalMs);
      return this.#latest;
    }
    this.#latest = checkpoint;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const ready = this.#waiters.filter((w) => w.index < size);
    this.#waiters = this.#waiters.filter((w) => w.index >= size);
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(checkpoint);
    }
    return checkpoint;
  }

  /**
   * Resolves with the first published checkpoint whose size is > `index` (it includes entry
   * `index`). With `timeoutMs`, rejects with `onTimeout()` after that long.
   */
  waitFor(index: number, timeoutMs?: number, onTimeout?: () => Error): Promise<PublishedCheckpoint> {
    const latest = this.#latest;
    if (latest !== undefined && latest.size > index) return Promise.resolve(latest);
    if (this.#closed) return Promise.reject(new Error('the log is closed'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { index, resolve, reject };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          reject(onTimeout?.() ?? new Error('timed out waiting for a checkpoint'));
        }, timeoutMs);
      }
      this.#waiters.push(waiter);
      // An entry already committed is checkpointed at once (not at the next tick of the timer).
      if (index < this.#options.committed().size) setImmediate(() => this.notifyCommitted());
    });
  }

  /** Stops the timer and rejects the waiters. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('the log is closed'));
    }
    this.#waiters = [];
  }
}
