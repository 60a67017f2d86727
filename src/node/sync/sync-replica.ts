/**
 * Verified incremental sync of one registry log into the replica (DESIGN §4; issue 4).
 *
 * Policy, in order:
 * 1. Keys: the log key is pinned per origin at the first sync (which needs `logKey`); a different
 *    key later is refused (SYNC_LOG_KEY_MISMATCH). Keys never come from the source.
 * 2. The newest checkpoint must be validly signed by the pinned key and cosigned by the configured
 *    witnesses (at least `witnessQuorum`, default all); otherwise it is recorded as rejected and
 *    refused (SYNC_CHECKPOINT_INVALID, SYNC_WITNESS_MISSING).
 * 3. It is compared with the frontier: the pending target of an unfinished sync, else the last
 *    verified checkpoint. Smaller: rollback (SYNC_ROLLBACK, or SYNC_FORK when our own tiles prove
 *    the smaller tree is not a prefix of ours). Same size, other root: fork. Larger: consistency is
 *    proven from the NEW tree's tiles (tile-consistency.ts); a proof that reproduces the new root
 *    but not the old one is a fork. Rollbacks and forks are refused and stored as portable evidence
 *    (fork-evidence.ts), with both signed notes.
 * 4. The tile structure of the new tree is verified against its root (tree-phase.ts); then entries
 *    are streamed, each checked against its verified leaf hash, parsed, signature-checked and folded,
 *    in batches of one transaction each (entry-phase.ts). The checkpoint is recorded as verified in
 *    the transaction of the last batch, never before. A sync killed at any point leaves whole
 *    batches; the next one restores the fold state from the derived tables and resumes.
 * 5. Network faults are retried with backoff (retry.ts); per-request deadlines (the source's) and
 *    an overall stall watchdog bound the time; cancellation via `signal` stops at once, keeping the
 *    committed batches.
 */
import { bytesToHex, equalBytes } from '../../core/encoding/index.ts';
import { isProtocolError } from '../../core/errors.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { parseCheckpoint, type Checkpoint } from '../../core/note/checkpoint.ts';
import { openCheckpoint, type OpenedCheckpoint } from '../../core/note/open-checkpoint.ts';
import { parseNote } from '../../core/note/signed-note.ts';
import { parseVerifierKey, type VerifierKey } from '../../core/note/vkey.ts';
import type { VerifyPool } from '../crypto/index.ts';
import { nativeHasher } from '../merkle/index.ts';
import { FoldSession } from '../replica/fold-session.ts';
import { restoreFoldState } from '../replica/fold-state.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import type { CheckpointRecord, CosignatureInfo, OriginRecord, ReplicaStore } from '../replica/replica-store.ts';
import { DerivedStateWriter } from '../replica/state-writer.ts';
import { catchUpFold } from './catch-up-fold.ts';
import { syncEntries, VERIFY_CHUNK } from './entry-phase.ts';
import { logKeyFingerprint } from './key-fingerprint.ts';
import type { LogSource } from './log-source.ts';
import { ProgressMeter, type SyncProgress } from './progress.ts';
import { DEFAULT_RETRY_POLICY, StallWatchdog, type RetryPolicy } from './retry.ts';
import { createSignatureVerifier } from './signature-verifier.ts';
import { fetchTileOnce, retrying, type FetchContext } from './source-fetch.ts';
import { proofOf, refuse, refuseRollback } from './refusals.ts';
import { checkConsistencyFromTiles, type ConsistencyFinding } from './tile-consistency.ts';
import { applySyncPragmas } from './sync-pragmas.ts';
import { verifyRightEdge, verifyUpperTiles, type TreeContext } from './tree-phase.ts';
import { TreeTiles } from './tree-tiles.ts';

export interface SyncReplicaOptions {
  /** The replica (ReplicaStore.open). */
  readonly db: ReplicaStore;
  readonly source: LogSource;
  /** The log's vkey: required at the first sync of an origin, checked against the pinned one after. */
  readonly logKey?: string;
  /** Which pinned origin to sync when no `logKey` is given (default: the one last synced from `source.location`). */
  readonly origin?: string;
  /** Witness vkeys; when given they replace the origin's stored list. */
  readonly witnesses?: readonly string[];
  /** Witnesses that must cosign (default: all configured). */
  readonly witnessQuorum?: number;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly onRetry?: (error: ReplicaError, attempt: number, delayMs: number) => void;
  readonly signal?: AbortSignal;
  /** Tiles fetched ahead (each a hash tile and an entry bundle); default 8. */
  readonly concurrency?: number;
  /** Entries per transaction; default 16384 (parsed and verified in chunks of at most VERIFY_CHUNK). */
  readonly batchEntries?: number;
  /** Unwritten derived rows above which a batch also writes the fold's rows; default FLUSH_ROWS (entry-phase.ts). */
  readonly flushRows?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** No byte received and no batch committed for this long: SYNC_STALLED. Default 120 s. */
  readonly stallTimeoutMs?: number;
  /** A shared verify pool (not closed); default: a 2-worker pool for large batches, closed at the end. */
  readonly verifyPool?: VerifyPool;
  readonly hasher?: MerkleHasher;
}

export interface SyncResult {
  readonly origin: string;
  readonly originId: number;
  /** True when this sync pinned the log key (first connection). */
  readonly pinned: boolean;
  readonly logKeyFingerprint: string;
  readonly checkpointId: number;
  readonly treeSize: number;
  readonly rootHex: string;
  /** Size of the last verified checkpoint before this sync (0 if none). */
  readonly previousSize: number;
  readonly entriesAdded: number;
  /** Entries among those added that the fold refused (recorded in entry_rejections). */
  readonly entriesRejected: number;
  /** Nothing new: the checkpoint was the one already verified. */
  readonly upToDate: boolean;
  readonly bytes: number;
  readonly elapsedMs: number;
}

interface ResolvedKey {
  readonly origin: OriginRecord | undefined;
  readonly key: VerifierKey;
}

/**
 * Syncs the replica with `source` (see the module policy). Resolves with what was done; rejects
 * with ReplicaError (codes in src/node/replica/replica-error.ts), VKEY_MALFORMED (ProtocolError) for
 * a bad key argument, or a store error.
 */
export async function syncReplica(options: SyncReplicaOptions): Promise<SyncResult> {
  const store = options.db;
  const started = performance.now();
  const run = new AbortController();
  const watchdog = new StallWatchdog(options.stallTimeoutMs ?? 120_000);
  const signal = AbortSignal.any([run.signal, watchdog.signal, ...(options.signal === undefined ? [] : [options.signal])]);
  const meter = new ProgressMeter(options.onProgress);
  const fetchCtx: FetchContext = {
    source: options.source,
    signal,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    meter,
    watchdog,
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
  };
  const verifier = createSignatureVerifier(options.verifyPool);
  let originId: number | undefined;
  let restorePragmas: (() => void) | undefined;
  try {
    const resolved = resolveKey(store, options);
    originId = resolved.origin?.id;
    meter.phase('checkpoint');
    const note = await fetchNote(fetchCtx);
    const witnesses = options.witnesses ?? resolved.origin?.witnesses ?? [];
    const opened = openNoteChecked(store, resolved, note, witnesses, options.witnessQuorum, options.source.location);
    const size = treeSizeOf(opened.checkpoint);

    let origin = resolved.origin;
    const pinned = origin === undefined;
    if (origin === undefined) {
      origin = store.pinOrigin({ logKey: options.logKey as string, witnesses, source: options.source.location });
    } else {
      store.setOriginSource(origin.id, options.source.location);
      if (options.witnesses !== undefined) store.setWitnesses(origin.id, options.witnesses);
    }
    originId = origin.id;
    const target = store.recordCheckpoint(origin.id, {
      note,
      size,
      root: opened.checkpoint.rootHash,
      cosignatures: cosignaturesOf(opened),
      source: options.source.location,
      status: 'seen',
    });

    const ctx: TreeContext = { ...fetchCtx, store, originId: origin.id, hasher: options.hasher ?? nativeHasher, concurrency: options.concurrency ?? 8 };
    const state = store.getSyncState(origin.id);
    const verified = state.verifiedCheckpointId === null ? undefined : store.getCheckpoint(state.verifiedCheckpointId);
    const pending = state.targetCheckpointId === null ? undefined : store.getCheckpoint(state.targetCheckpointId);
    const base = {
      origin: origin.origin,
      originId: origin.id,
      pinned,
      logKeyFingerprint: logKeyFingerprint(resolved.key),
      checkpointId: target.id,
      treeSize: size,
      rootHex: bytesToHex(target.root),
      previousSize: verified?.size ?? 0,
    };
    const done = (added: number, rejected: number, upToDate = false): SyncResult => ({
      ...base,
      entriesAdded: added,
      entriesRejected: rejected,
      upToDate,
      bytes: meter.bytes,
      elapsedMs: performance.now() - started,
    });

    const frontier = pending ?? verified;
    if (frontier !== undefined && size < frontier.size) await refuseRollback(ctx, origin, frontier, target);
    if (frontier !== undefined && size === frontier.size && !equalBytes(frontier.root, target.root)) refuse(ctx, origin, 'fork', frontier, target, undefined);
    if (pending === undefined && verified !== undefined && size === verified.size && state.entries === size) {
      if (target.id !== verified.id) store.setCheckpointStatus(target.id, 'verified');
      meter.phase('done', { origin: origin.origin, treeSize: size, cursor: state.entries });
      return done(0, 0, true);
    }

    meter.phase('consistency', { origin: origin.origin, treeSize: size, cursor: state.entries });
    verifier.warm(size - state.entries); // the workers boot while the tiles are checked
    const tiles = await proveTree(ctx, origin, frontier, target);
    store.transaction(() => {
      if (target.status !== 'verified') store.setCheckpointStatus(target.id, 'pending');
      store.setTarget(origin.id, target.id);
    });
    meter.phase('tiles');
    await verifyUpperTiles(ctx, tiles, state.entries);

    meter.phase('entries');
    restorePragmas = applySyncPragmas(store.db);
    const restored = restoreFoldState(store.db, origin.id, { origin: origin.origin, registryKey: origin.registryKey });
    const fold = new FoldSession(origin.id, restored.state, restored.position);
    const writer = new DerivedStateWriter(store.db, origin.id, { storedAgents: restored.storedAgents });
    const batchEntries = options.batchEntries ?? 16_384;
    if (fold.entries !== state.entries) {
      await catchUpFold({ store, originId: origin.id, fold, writer, verifier, batchEntries: Math.min(batchEntries, VERIFY_CHUNK) }, state.entries);
    }
    const finish = (): void => {
      store.markSynced(origin.id, target.id);
      if (pending !== undefined && pending.id !== target.id) store.setCheckpointStatus(pending.id, 'verified');
    };
    const entriesCtx = { ...ctx, batchEntries, verifier, fold, writer, ...(options.flushRows === undefined ? {} : { flushRows: options.flushRows }) };
    const { added, rejected } = await syncEntries(entriesCtx, tiles, state.entries, finish, (cursor) => meter.advance(cursor));
    meter.phase('done');
    return done(added, rejected);
  } catch (error) {
    if (originId !== undefined) recordFailure(store, originId, error);
    throw error;
  } finally {
    watchdog.stop();
    run.abort();
    restorePragmas?.();
    await verifier.close();
  }
}

/**
 * Fetches the tiles the new tree needs to prove, from them, its consistency with the frontier (a
 * fork is refused with evidence) and its right edge against the signed root. A tile set that does
 * not hash to the signed root (SYNC_TILES_INCONSISTENT) is fetched again from scratch (retry.ts).
 */
async function proveTree(
  ctx: TreeContext,
  origin: OriginRecord,
  frontier: CheckpointRecord | undefined,
  target: CheckpointRecord,
): Promise<TreeTiles> {
  const { tiles, finding } = await retrying(ctx, async () => {
    const fresh = new TreeTiles(target.size, (level, index, width) => fetchTileOnce(ctx, level, index, width), ctx.hasher);
    let result: ConsistencyFinding | undefined;
    if (frontier !== undefined && frontier.size > 0 && target.size > frontier.size) {
      result = await checkConsistencyFromTiles(fresh, frontier.size, frontier.root, target.root, ctx.hasher);
    }
    if (result?.consistent !== false) await verifyRightEdge(fresh, target.root, ctx.hasher);
    return { tiles: fresh, finding: result };
  });
  if (finding?.consistent === false && frontier !== undefined) refuse(ctx, origin, 'fork', frontier, target, proofOf(finding, frontier.size, target.size));
  return tiles;
}

function resolveKey(store: ReplicaStore, options: SyncReplicaOptions): ResolvedKey {
  if (options.logKey !== undefined) {
    const key = parseVerifierKey(options.logKey);
    if (options.origin !== undefined && options.origin !== key.name) {
      throw new ReplicaError('SYNC_LOG_KEY_MISMATCH', `the log key is named ${key.name}, not ${options.origin}`);
    }
    const origin = store.findOrigin(key.name);
    if (origin !== undefined && !sameKey(parseVerifierKey(origin.logKey), key)) {
      throw new ReplicaError('SYNC_LOG_KEY_MISMATCH', `origin ${key.name} is pinned to another log key (${logKeyFingerprint(origin.logKey)})`, {
        details: { origin: key.name, pinned: logKeyFingerprint(origin.logKey), given: logKeyFingerprint(key) },
      });
    }
    return { origin, key: origin === undefined ? key : parseVerifierKey(origin.logKey) };
  }
  const candidates =
    options.origin !== undefined
      ? [store.findOrigin(options.origin)].filter((o): o is OriginRecord => o !== undefined)
      : store.listOrigins().filter((o) => o.source === options.source.location);
  const origin = candidates[0];
  if (candidates.length !== 1 || origin === undefined) {
    throw new ReplicaError('SYNC_LOG_KEY_REQUIRED', 'no log key is pinned for this registry yet: give its verifier key (check its fingerprint with the operator)');
  }
  return { origin, key: parseVerifierKey(origin.logKey) };
}

function sameKey(a: VerifierKey, b: VerifierKey): boolean {
  return a.name === b.name && a.keyId === b.keyId && a.type === b.type && equalBytes(a.publicKey, b.publicKey);
}

/** Fetches the checkpoint; a body that is not a signed checkpoint at all is SYNC_BAD_RESPONSE (retried). */
function fetchNote(ctx: FetchContext): Promise<string> {
  return retrying(ctx, async () => {
    const text = await ctx.source.fetchCheckpoint(ctx.signal);
    ctx.meter.addBytes(text.length);
    ctx.watchdog.touch();
    try {
      parseCheckpoint(parseNote(text).text);
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      throw new ReplicaError('SYNC_BAD_RESPONSE', `the checkpoint is malformed: ${error.message}`, {
        cause: error,
        details: { cause: error.code, reason: 'malformed_checkpoint' },
      });
    }
    return text;
  });
}

function openNoteChecked(
  store: ReplicaStore,
  resolved: ResolvedKey,
  note: string,
  witnesses: readonly string[],
  quorum: number | undefined,
  source: string,
): OpenedCheckpoint {
  const reject = (code: 'SYNC_CHECKPOINT_INVALID' | 'SYNC_WITNESS_MISSING', message: string, cause?: unknown): never => {
    if (resolved.origin !== undefined) {
      const checkpoint = parseCheckpoint(parseNote(note).text);
      if (checkpoint.size <= BigInt(Number.MAX_SAFE_INTEGER)) {
        const record = store.recordCheckpoint(resolved.origin.id, {
          note,
          size: Number(checkpoint.size),
          root: checkpoint.rootHash,
          cosignatures: [],
          source,
          status: 'rejected',
          problem: code,
        });
        if (record.status !== 'verified') store.setCheckpointStatus(record.id, 'rejected', code);
      }
    }
    throw new ReplicaError(code, message, {
      cause,
      details: { origin: resolved.key.name, ...(isProtocolError(cause) ? { cause: cause.code } : {}) },
    });
  };
  let opened: OpenedCheckpoint;
  try {
    opened = openCheckpoint(note, resolved.key, { witnesses });
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    if (error.code === 'VKEY_MALFORMED') throw error;
    return reject('SYNC_CHECKPOINT_INVALID', `the checkpoint does not verify with the pinned key ${resolved.key.name}: ${error.message}`, error);
  }
  const needed = quorum ?? witnesses.length;
  const cosigned = new Set(opened.cosignatures.map((c) => `${c.name}+${c.keyId}`)).size;
  if (cosigned < needed) {
    return reject('SYNC_WITNESS_MISSING', `the checkpoint carries ${cosigned} of the ${needed} witness cosignatures required`);
  }
  return opened;
}

function treeSizeOf(checkpoint: Checkpoint): number {
  if (checkpoint.size > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ReplicaError('SYNC_TREE_TOO_LARGE', `a tree of ${checkpoint.size} entries is beyond what a replica holds`);
  }
  return Number(checkpoint.size);
}

function cosignaturesOf(opened: OpenedCheckpoint): CosignatureInfo[] {
  return opened.cosignatures.map((c) => ({ name: c.name, keyId: c.keyId, type: c.type, timestamp: c.timestamp === null ? null : String(c.timestamp) }));
}

function recordFailure(store: ReplicaStore, originId: number, error: unknown): void {
  try {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    store.setLastError(originId, `${typeof code === 'string' ? code : 'ERROR'}: ${message}`);
  } catch {
    // Best effort: the store may be closed or locked; the caller gets the original error anyway.
  }
}
