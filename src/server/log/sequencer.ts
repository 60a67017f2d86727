/**
 * The sequencer: the one writer of the log (issue 3 "Transparency log"; docs/protocol.md §5, §8).
 *
 * A submission is one or more entries that must be logged together or not at all (one request).
 * Submissions queue up and are group-committed:
 *   1. verify: every signature of a batch of submissions is checked together (inline for small
 *      batches, on the worker pool for large ones); verification of the next batch overlaps the
 *      commit of the previous one;
 *   2. commit (synchronous, in submission order): each submission is folded into the registry state
 *      (`RegistryStateBuilder`; several entries all-or-nothing through state-overlay.ts) and gets the
 *      next indices; a refused submission changes nothing and consumes no index; then the accepted
 *      entries, their new tile hashes and their query-index rows are written in ONE SQLite
 *      transaction (fsynced, see store/database.ts) and only then acknowledged;
 *   3. publish: listeners (`onSequenced`) see the batch; the checkpointer signs when due.
 * If the transaction fails (disk full, I/O error), the batch is refused with 500 and the in-memory
 * state is rebuilt from the database, which still holds exactly the acknowledged entries.
 */
import { ProtocolError } from '../../core/errors.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { computeRootFromNodes, generateConsistencyProof, generateInclusionProof } from '../../core/merkle/proof-gen.ts';
import { equalBytes } from '../../core/encoding/index.ts';
import { buildReceipt, type Receipt } from '../../core/log/receipt.ts';
import type { RegistryStateBuilder } from '../../core/registry/builder.ts';
import type { StatusChange } from '../../core/registry/context.ts';
import type { RegistryConfig, RegistryState } from '../../core/registry/state.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import type { SignerKey } from '../../core/note/signer-key.ts';
import type { VerifyPool } from '../../node/crypto/verify-pool.ts';
import { HttpError } from '../http/errors.ts';
import type { Logger } from '../http/http-server.ts';
import type { ActivityStore } from '../store/activity-store.ts';
import type { LogStore } from '../store/log-store.ts';
import { StoreError } from '../store/store-error.ts';
import type { PublishedCheckpoint } from './checkpoint-signer.ts';
import { Checkpointer } from './checkpointer.ts';
import type { PreparedEntry } from './prepared-entry.ts';
import { replayLog } from './replay.ts';
import { verifyBatchSignatures, type BadSignature } from './signature-verifier.ts';
import { applyAllOrNothing } from './state-overlay.ts';
import { TileAccumulator } from './tile-accumulator.ts';
import { TileNodeSource } from './tile-node-source.ts';

/** One logged entry, as listeners and submitters see it. */
export interface AppendedEntry {
  readonly index: number;
  readonly entry: LogEntry;
  readonly bytes: Uint8Array;
  /** RFC 9162 leaf hash SHA-256(0x00 || bytes). */
  readonly leafHash: Uint8Array;
  /** Agents whose status the entry changed (targets first, then cascaded descendants). */
  readonly statusChanges: readonly StatusChange[];
}

export interface AppendResult {
  readonly entries: readonly AppendedEntry[];
}

/** What `onSequenced` listeners receive after each group commit. */
export interface SequencedBatch {
  readonly entries: readonly AppendedEntry[];
  /** The committed tree size after the batch. */
  readonly treeSize: number;
}

export interface SubmitOptions {
  /** Verify every signature before folding (default true). Registry-built entries may skip it. */
  readonly verifySignatures?: boolean;
  /**
   * Runs inside the commit's SQLite transaction after the submission's entries are written (e.g.
   * a session token row that must exist exactly when its entry does). Must not fail for a client's
   * reason: a throw fails the whole group commit.
   */
  readonly inTransaction?: (appended: readonly AppendedEntry[]) => void;
}

/** Entries given now, or built at commit time from the state they will apply to. */
export type SubmissionSource = readonly PreparedEntry[] | ((state: RegistryState) => readonly PreparedEntry[]);

interface Submission {
  readonly source: SubmissionSource;
  readonly options: SubmitOptions;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  error?: unknown;
}

export interface SequencerOptions {
  readonly config: RegistryConfig;
  readonly store: LogStore;
  readonly activity: ActivityStore;
  readonly logKey: SignerKey;
  readonly hasher: MerkleHasher;
  readonly logger: Logger;
  readonly pool?: VerifyPool;
  readonly poolThreshold?: number;
  readonly checkpointIntervalMs?: number;
  /** Most entries folded per group commit (default 20,000). */
  readonly maxBatchEntries?: number;
  readonly now?: () => number;
}

const MAX_IN_FLIGHT = 2;

/** See the module comment. Construct with `Sequencer.open` (replays the stored log). */
export class Sequencer {
  readonly config: RegistryConfig;
  readonly #options: SequencerOptions;
  readonly #store: LogStore;
  #builder: RegistryStateBuilder;
  #accumulator: TileAccumulator;
  readonly #nodes: TileNodeSource;
  readonly #checkpointer: Checkpointer;
  readonly #listeners = new Set<(batch: SequencedBatch) => void>();
  #size: number;
  #pending: Submission[] = [];
  #inFlight = 0;
  #scheduled = false;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(options: SequencerOptions, builder: RegistryStateBuilder, accumulator: TileAccumulator) {
    this.config = options.config;
    this.#options = options;
    this.#store = options.store;
    this.#builder = builder;
    this.#accumulator = accumulator;
    this.#size = accumulator.size;
    this.#nodes = new TileNodeSource(options.hasher, (level, index) => options.store.readTile(level, index));
    const last = options.store.lastCheckpoint();
    this.#checkpointer = new Checkpointer({
      store: options.store,
      logKey: options.logKey,
      intervalMs: options.checkpointIntervalMs ?? 1000,
      now: options.now ?? Date.now,
      logger: options.logger,
      committed: () => ({ size: this.#size, root: this.#accumulator.root() }),
      ...(last === undefined ? {} : { latest: { size: last.size, rootHash: last.root, note: last.note, createdMs: last.createdMs } }),
    });
  }

  /**
   * Opens the log stored in `options.store`: replays the state, restores the tile edge, and checks
   * that the stored tree extends the last stored checkpoint. Throws StoreError DB_INCONSISTENT.
   */
  static open(options: SequencerOptions): Sequencer {
    const { builder, accumulator } = loadFromStore(options);
    const sequencer = new Sequencer(options, builder, accumulator);
    sequencer.#checkLastCheckpoint();
    sequencer.#checkpointer.notifyCommitted();
    return sequencer;
  }

  /** The replayed registry state (read it, never mutate it). */
  get state(): RegistryState {
    return this.#builder.state;
  }

  /** Entries committed (durable). */
  get size(): number {
    return this.#size;
  }

  /** The latest published checkpoint (undefined only before the first one). */
  get checkpoint(): PublishedCheckpoint | undefined {
    return this.#checkpointer.latest;
  }

  /** The tile-backed node source (for tile serving and proofs). */
  get nodes(): TileNodeSource {
    return this.#nodes;
  }

  /**
   * Queues a submission (see the module comment) and resolves once its entries are durable, with
   * their indices. Rejects, with nothing logged, with ENTRY_BAD_SIGNATURE (details `{entry, bad}`),
   * the fold's codes (ENTRY_UNKNOWN_SIGNER, ENTRY_SIGNER_NOT_AUTHORISED, ENTRY_KEY_NOT_CURRENT,
   * STATE_TRANSITION_INVALID), what a builder function throws, HttpError 503 after `close()`, or a
   * plain Error (a 500) when the database fails.
   */
  submit(source: SubmissionSource, options: SubmitOptions = {}): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new HttpError(503, 'UNAVAILABLE', 'the registry is shutting down'));
    return new Promise((resolve, reject) => {
      this.#pending.push({ source, options, resolve, reject });
      this.#schedule();
    });
  }

  /** `submit` for entries given now. */
  appendEntries(entries: readonly PreparedEntry[], options: SubmitOptions = {}): Promise<AppendResult> {
    return this.submit(entries, options);
  }

  /** Registers a listener for every committed batch; returns its unsubscribe function. */
  onSequenced(listener: (batch: SequencedBatch) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves with the first signed checkpoint whose size is > `index` (see Checkpointer.waitFor). */
  waitForCheckpoint(index: number, options: { timeoutMs?: number } = {}): Promise<PublishedCheckpoint> {
    return this.#checkpointer.waitFor(index, options.timeoutMs, () => new HttpError(503, 'UNAVAILABLE', `no checkpoint covers entry ${index} yet; retry later`));
  }

  /** Signs a checkpoint of the committed log now if it is larger than the latest one. */
  checkpointNow(): PublishedCheckpoint | undefined {
    return this.#checkpointer.checkpointNow();
  }

  /** The stored bytes of entry `index`, if committed. */
  readEntry(index: number): Uint8Array | undefined {
    return index >= 0 && index < this.#size ? this.#store.readEntry(index) : undefined;
  }

  /** RFC 9162 inclusion proof of `index` in the tree of `size` (<= committed size). Throws MERKLE_BAD_*. */
  inclusionProof(index: number, size: number): Uint8Array[] {
    this.#checkCommitted(size);
    return generateInclusionProof(this.#nodes, BigInt(index), BigInt(size), this.#options.hasher);
  }

  /** RFC 9162 consistency proof between two committed sizes. Throws MERKLE_BAD_SIZE. */
  consistencyProof(size1: number, size2: number): Uint8Array[] {
    this.#checkCommitted(size2);
    return generateConsistencyProof(this.#nodes, BigInt(size1), BigInt(size2), this.#options.hasher);
  }

  /**
   * The receipt of entry `index` (docs/protocol.md §7.3): leaf hash, the first checkpoint that
   * includes it and the inclusion proof against that checkpoint; waits for that checkpoint.
   */
  async receipt(index: number, options: { timeoutMs?: number } = {}): Promise<Receipt> {
    const bytes = this.readEntry(index);
    if (bytes === undefined) throw new HttpError(404, 'ENTRY_NOT_FOUND', `entry ${index} is not in the log`);
    await this.waitForCheckpoint(index, options);
    const checkpoint = this.#store.firstCheckpointIncluding(index);
    if (checkpoint === undefined) throw new Error(`no stored checkpoint includes entry ${index}`);
    return buildReceipt(this.config.origin, BigInt(index), bytes, checkpoint.note, this.inclusionProof(index, checkpoint.size));
  }

  /** Waits for queued submissions, signs a final checkpoint and stops. Further submissions get 503. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#pending.length > 0 || this.#inFlight > 0) {
      if (this.#pending.length > 0 && this.#inFlight < MAX_IN_FLIGHT) this.#flush();
      await this.#tail;
    }
    this.#checkpointer.checkpointNow();
    this.#checkpointer.close();
  }

  #checkCommitted(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.#size) {
      throw new ProtocolError('MERKLE_BAD_SIZE', `size ${size} is beyond the committed log (${this.#size})`);
    }
  }

  #checkLastCheckpoint(): void {
    const last = this.#checkpointer.latest;
    if (last === undefined) return;
    if (last.size > this.#size) throw inconsistent(`the log has ${this.#size} entries but checkpoint ${last.size} was signed`);
    const root =
      last.size === this.#size ? this.#accumulator.root() : computeRootFromNodes(this.#nodes, BigInt(last.size), this.#options.hasher);
    if (!equalBytes(root, last.rootHash)) throw inconsistent(`the stored log does not match its checkpoint of size ${last.size}`);
  }

  #schedule(): void {
    if (this.#scheduled || this.#pending.length === 0 || this.#inFlight >= MAX_IN_FLIGHT) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    const batch = this.#takeBatch();
    if (batch.length === 0) return;
    this.#inFlight++;
    // Handled at once (a rejection must not wait for the tail to reach it): a verification that
    // fails outright refuses the batch's submissions with its error.
    const verified = this.#verify(batch).catch((error: unknown) => {
      for (const submission of batch) submission.error ??= error;
    });
    this.#tail = this.#tail
      .then(() => verified)
      .then(() => this.#commit(batch))
      .catch((error: unknown) => {
        this.#options.logger.error(`sequencer failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        for (const submission of batch) submission.reject(error);
      })
      .finally(() => {
        this.#inFlight--;
        this.#schedule();
      });
  }

  #takeBatch(): Submission[] {
    const max = this.#options.maxBatchEntries ?? 20_000;
    let entries = 0;
    let count = 0;
    for (const submission of this.#pending) {
      const n = typeof submission.source === 'function' ? 1 : submission.source.length;
      if (count > 0 && entries + n > max) break;
      entries += n;
      count++;
    }
    return this.#pending.splice(0, count);
  }

  async #verify(batch: readonly Submission[]): Promise<void> {
    const owners: { submission: Submission; position: number }[] = [];
    const entries: PreparedEntry[] = [];
    for (const submission of batch) {
      if (typeof submission.source === 'function' || submission.options.verifySignatures === false) continue;
      submission.source.forEach((prepared, position) => {
        owners.push({ submission, position });
        entries.push(prepared);
      });
    }
    if (entries.length === 0) return;
    const bad = await verifyBatchSignatures(entries, {
      ...(this.#options.pool === undefined ? {} : { pool: this.#options.pool }),
      ...(this.#options.poolThreshold === undefined ? {} : { poolThreshold: this.#options.poolThreshold }),
      onPoolFailure: (error) => this.#options.logger.warn(`verify pool failed, verifying inline: ${(error as Error).message}`),
    });
    bad.forEach((list, i) => {
      if (list.length === 0) return;
      const { submission, position } = owners[i] as { submission: Submission; position: number };
      submission.error ??= badSignature(position, list);
    });
  }

  #commit(batch: readonly Submission[]): void {
    const accepted: { submission: Submission; appended: AppendedEntry[] }[] = [];
    let next = this.#size;
    for (const submission of batch) {
      if (submission.error !== undefined) {
        submission.reject(submission.error);
        continue;
      }
      try {
        const appended = this.#fold(submission, next);
        next += appended.length;
        accepted.push({ submission, appended });
      } catch (error) {
        submission.reject(error);
      }
    }
    const all = accepted.flatMap((a) => a.appended);
    if (all.length > 0) {
      for (const item of all) this.#accumulator.append(item.leafHash);
      const tiles = this.#accumulator.takeWrites();
      try {
        this.#store.db.transaction(() => {
          for (const item of all) {
            this.#store.insertEntry(item.index, item.bytes);
            this.#options.activity.indexEntry(item.index, item.entry);
          }
          for (const tile of tiles) this.#store.upsertTile(tile.level, tile.index, tile.hashes);
          for (const { submission, appended } of accepted) submission.options.inTransaction?.(appended);
        })();
      } catch (error) {
        this.#options.logger.error(`commit of ${all.length} entries failed; reloading the state from the database: ${(error as Error).message}`);
        const failure = new Error('the registry could not store the entries', { cause: error });
        for (const { submission } of accepted) submission.reject(failure);
        this.#reload();
        return;
      }
      this.#size = next;
    }
    for (const { submission, appended } of accepted) submission.resolve({ entries: appended });
    if (all.length > 0) this.#publish({ entries: all, treeSize: this.#size });
  }

  // Folds one submission at `first` and returns its entries, or throws with the state unchanged.
  #fold(submission: Submission, first: number): AppendedEntry[] {
    const source = submission.source;
    const prepared = typeof source === 'function' ? source(this.#builder.state) : source;
    if (prepared.length === 0) return [];
    const entries = prepared.map((p) => p.entry);
    let results;
    try {
      results = entries.length === 1 ? [this.#builder.apply(entries[0] as LogEntry, first)] : applyAllOrNothing(this.#builder.state, entries, first);
    } catch (error) {
      throw withPosition(error, first);
    }
    return prepared.map((p, i) => ({
      index: first + i,
      entry: p.entry,
      bytes: p.bytes,
      leafHash: this.#options.hasher.hashLeaf(p.bytes),
      statusChanges: results[i]?.statusChanges ?? [],
    }));
  }

  #publish(batch: SequencedBatch): void {
    for (const listener of this.#listeners) {
      try {
        listener(batch);
      } catch (error) {
        this.#options.logger.error(`onSequenced listener failed: ${(error as Error).message}`);
      }
    }
    this.#checkpointer.notifyCommitted();
  }

  #reload(): void {
    const { builder, accumulator } = loadFromStore(this.#options);
    this.#builder = builder;
    this.#accumulator = accumulator;
    this.#size = accumulator.size;
    this.#nodes.clear();
  }
}

function loadFromStore(options: SequencerOptions): { builder: RegistryStateBuilder; accumulator: TileAccumulator } {
  const size = options.store.entryCount();
  const builder = replayLog(options.store, options.config);
  const accumulator = TileAccumulator.restore(options.hasher, size, (level, index) => options.store.readTile(level, index));
  return { builder, accumulator };
}

// A fold error names the index the entry would have had; add its position in the submission.
function withPosition(error: unknown, first: number): unknown {
  if (!(error instanceof ProtocolError) || typeof error.details?.index !== 'number') return error;
  return new ProtocolError(error.code, error.message, { details: { ...error.details, entry: error.details.index - first }, cause: error.cause });
}

function inconsistent(message: string): StoreError {
  return new StoreError('DB_INCONSISTENT', message);
}

function badSignature(position: number, bad: readonly BadSignature[]): ProtocolError {
  return new ProtocolError('ENTRY_BAD_SIGNATURE', `statement ${position}: ${bad.length} signature(s) do not verify`, {
    details: { entry: position, rule: 'BAD_SIGNATURE', bad },
  });
}
