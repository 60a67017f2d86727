/**
 * Importing an evidence bundle into the replica (issue 4 "Evidence bundles"; the app's "Open
 * evidence bundle…" and `warden bundle import`): verified exactly as a sync, by the same code path.
 *
 * Policy, in order:
 * 1. The container is checked whole before the replica is touched (open-bundle.ts: zip structure,
 *    names, limits, manifest, every member's SHA-256, every tile the tree size needs). A hostile or
 *    damaged bundle is refused with its BUNDLE_* code and NOTHING is stored.
 * 2. Keys never come from the bundle: the log key is the caller's (`logKey`), else the one pinned
 *    for the bundle's origin; another key than the pinned one is SYNC_LOG_KEY_MISMATCH. Every
 *    checkpoint note in the bundle (the `checkpoint` member and the history) must verify under it
 *    (and under the configured witnesses; the newest also meets the witness quorum), else
 *    SYNC_CHECKPOINT_INVALID / SYNC_WITNESS_MISSING, still before anything is stored.
 * 3. The notes are then taken in increasing size (the `checkpoint` member first among equal sizes):
 *    - a note larger than the replica's verified tree is synced to by `syncReplica` over a
 *      BundleLogSource presenting that note as the newest checkpoint: signature, consistency with
 *      the verified tree from tiles, rollback and fork refusal with evidence, tile and entry
 *      verification, replay, all as from a registry;
 *    - a note not larger is checked against the verified tree (stored-history.ts): the same root at
 *      its size is recorded as verified; another root is a fork, refused with evidence (SYNC_FORK).
 *    Witness quorum is required of the newest note only (older checkpoints may predate a witness).
 *    A refusal after some notes were synced keeps what was verified, as an interrupted sync does.
 * 4. The claimed state, if the bundle has one, is not stored (the replica keeps no claims); the
 *    verifier reads it from the bundle (`warden verify bundle.zip`). Nor are the bundle's first-seen
 *    times: the replica records when IT saw each checkpoint.
 */
import { equalBytes } from '../../core/encoding/bytes.ts';
import { bytesToHex } from '../../core/encoding/hex.ts';
import { bytesToUtf8 } from '../../core/encoding/utf8.ts';
import { isProtocolError } from '../../core/errors.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { openCheckpoint, type OpenedCheckpoint } from '../../core/note/open-checkpoint.ts';
import { parseVerifierKey } from '../../core/note/vkey.ts';
import type { VerifyPool } from '../crypto/index.ts';
import { nativeHasher } from '../merkle/native-hasher.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import type { CheckpointRecord, CosignatureInfo, NewCheckpoint, OriginRecord, ReplicaStore } from '../replica/replica-store.ts';
import { abortError } from '../sync/http-get.ts';
import { logKeyFingerprint } from '../sync/key-fingerprint.ts';
import type { SyncProgress } from '../sync/progress.ts';
import { syncReplica, type SyncResult } from '../sync/sync-replica.ts';
import { LATEST_CHECKPOINT_PATH } from '../verify/layout-source.ts';
import { createBundleError } from './bundle-errors.ts';
import { HISTORY_NAME, type BundleLimits } from './bundle-format.ts';
import { BundleLogSource } from './bundle-log-source.ts';
import { openBundle, type EvidenceBundle } from './open-bundle.ts';
import { computeStoredRoot, recordConsistentCheckpoint, refuseStoredFork } from './stored-history.ts';

export interface ImportBundleOptions {
  /** The replica (ReplicaStore.open). */
  readonly store: ReplicaStore;
  /** The bundle file. */
  readonly file: string;
  /** The log's vkey: required when the bundle's origin is not pinned yet, checked against the pinned one after. */
  readonly logKey?: string;
  /** Witness vkeys; when given they replace the origin's stored list (as in sync). */
  readonly witnesses?: readonly string[];
  /** Witnesses that must cosign the newest checkpoint (default: all configured). */
  readonly witnessQuorum?: number;
  /** Container limits (open-bundle.ts), e.g. a smaller file size for the app. */
  readonly limits?: Partial<BundleLimits>;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly signal?: AbortSignal;
  readonly verifyPool?: VerifyPool;
  /** Entries per transaction (sync's default when absent). */
  readonly batchEntries?: number;
  readonly hasher?: MerkleHasher;
}

export interface ImportBundleResult {
  /** The bundle file's base name and SHA-256. */
  readonly file: string;
  readonly sha256: string;
  readonly origin: string;
  /** True when this import pinned the log key (the origin was new to the replica). */
  readonly pinned: boolean;
  readonly logKeyFingerprint: string;
  /** The bundle's checkpoint. */
  readonly treeSize: number;
  readonly rootHex: string;
  /** The replica's verified size before the import (0 if none). */
  readonly previousSize: number;
  /** The replica's verified size after it. */
  readonly verifiedSize: number;
  readonly entriesAdded: number;
  readonly entriesRejected: number;
  /** Distinct checkpoint notes in the bundle, and how many were new to the replica. */
  readonly checkpoints: number;
  readonly checkpointsAdded: number;
  /** Nothing new: every entry of the bundle was in the replica already. */
  readonly upToDate: boolean;
  /** Whether the bundle carries a claimed state (not stored; see the module policy). */
  readonly claimedState: boolean;
  readonly elapsedMs: number;
}

interface BundleNote {
  readonly member: string;
  readonly text: string;
  readonly opened: OpenedCheckpoint;
  readonly size: number;
  readonly latest: boolean;
}

/**
 * Imports the bundle at `options.file` (see the module policy). Throws ProtocolError BUNDLE_* for
 * the container, VKEY_MALFORMED for a bad key; ReplicaError SYNC_LOG_KEY_REQUIRED,
 * SYNC_LOG_KEY_MISMATCH, SYNC_CHECKPOINT_INVALID, SYNC_WITNESS_MISSING, SYNC_TREE_TOO_LARGE,
 * SYNC_FORK, SYNC_ROLLBACK, SYNC_TILES_INCONSISTENT, SYNC_BAD_RESPONSE, SYNC_CANCELLED, store errors.
 */
export async function importBundle(options: ImportBundleOptions): Promise<ImportBundleResult> {
  const started = performance.now();
  const { store } = options;
  const hasher = options.hasher ?? nativeHasher;
  const bundle = await openBundle(options.file, {
    requireComplete: true,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  try {
    const origin = bundle.manifest.origin;
    const pinnedBefore = store.findOrigin(origin);
    const logKey = resolveLogKey(pinnedBefore, origin, options.logKey);
    const witnesses = options.witnesses ?? pinnedBefore?.witnesses ?? [];
    const notes = await readNotes(bundle, logKey, witnesses);
    checkQuorum(notes, witnesses, options.witnessQuorum);
    const location = `bundle:${bundle.name}`;

    const frontier = frontierOf(store, pinnedBefore);
    const previousSize = frontier.verified?.size ?? 0;
    const largest = notes[notes.length - 1]?.size ?? 0;
    if (frontier.pending !== undefined && largest < frontier.pending.size && notes.some((n) => n.size > previousSize)) {
      throw createBundleError('BUNDLE_SYNC_PENDING', `a sync of ${origin} to size ${frontier.pending.size} is unfinished; finish it (warden sync) before importing a bundle that ends at ${largest}`);
    }

    let pinned = false;
    let entriesAdded = 0;
    let entriesRejected = 0;
    let added = 0;
    let synced = false;
    const deferred: BundleNote[] = [];
    const checkStored = async (note: BundleNote): Promise<void> => {
      const current = store.findOrigin(origin) as OriginRecord;
      const trusted = frontierOf(store, current).verified;
      if (trusted === undefined) throw new ReplicaError('REPLICA_CORRUPT', `origin ${origin} has no verified checkpoint`);
      const row = newCheckpoint(note, location);
      const root = await computeStoredRoot(store, current.id, note.size, hasher);
      if (!equalBytes(root, note.opened.checkpoint.rootHash)) await refuseStoredFork(store, current, trusted, row, location, hasher);
      if (recordConsistentCheckpoint(store, current.id, row)) added++;
    };
    for (const note of notes) {
      if (options.signal?.aborted === true) throw abortError(options.signal);
      const current = store.findOrigin(origin);
      const { verified, pending } = frontierOf(store, current);
      if (verified !== undefined && note.size <= verified.size) {
        await checkStored(note);
        continue;
      }
      if (pending !== undefined && note.size < pending.size) {
        deferred.push(note);
        continue;
      }
      const before = maxCheckpointId(store);
      const result: SyncResult = await syncReplica({
        db: store,
        source: new BundleLogSource(bundle, note.text),
        logKey,
        ...(options.witnesses === undefined ? {} : { witnesses: options.witnesses }),
        // Only the bundle's newest checkpoint must meet the witness quorum (see the module policy).
        witnessQuorum: note.size === largest ? (options.witnessQuorum ?? witnesses.length) : 0,
        // A file does not heal: retrying a bad tile would only read the same bytes again.
        retry: { attempts: 1 },
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.verifyPool === undefined ? {} : { verifyPool: options.verifyPool }),
        ...(options.batchEntries === undefined ? {} : { batchEntries: options.batchEntries }),
        hasher,
      });
      synced = true;
      pinned ||= result.pinned;
      entriesAdded += result.entriesAdded;
      entriesRejected += result.entriesRejected;
      if (result.checkpointId > before) added++;
      for (const waiting of deferred.splice(0)) await checkStored(waiting);
    }
    const after = frontierOf(store, store.findOrigin(origin)).verified;
    return {
      file: bundle.name,
      sha256: await bundle.fileSha256(),
      origin,
      pinned,
      logKeyFingerprint: logKeyFingerprint(logKey),
      treeSize: Number(bundle.checkpoint.size),
      rootHex: bytesToHex(bundle.checkpoint.rootHash),
      previousSize,
      verifiedSize: after?.size ?? 0,
      entriesAdded,
      entriesRejected,
      checkpoints: notes.length,
      checkpointsAdded: added,
      upToDate: !synced || entriesAdded === 0,
      claimedState: bundle.manifest.claimed_state,
      elapsedMs: performance.now() - started,
    };
  } finally {
    await bundle.close();
  }
}

/** The key to verify with: the caller's (checked against the pinned one), else the pinned one. */
function resolveLogKey(pinned: OriginRecord | undefined, origin: string, given: string | undefined): string {
  if (given === undefined) {
    if (pinned === undefined) {
      throw new ReplicaError('SYNC_LOG_KEY_REQUIRED', `no log key is pinned for ${origin} yet: give its verifier key (check its fingerprint with the operator); keys are never taken from a bundle`);
    }
    return pinned.logKey;
  }
  const key = parseVerifierKey(given);
  if (pinned !== undefined) {
    const stored = parseVerifierKey(pinned.logKey);
    if (stored.name !== key.name || stored.keyId !== key.keyId || logKeyFingerprint(stored) !== logKeyFingerprint(key)) {
      throw new ReplicaError('SYNC_LOG_KEY_MISMATCH', `origin ${origin} is pinned to another log key (${logKeyFingerprint(stored)})`, {
        details: { origin, pinned: logKeyFingerprint(stored), given: logKeyFingerprint(key) },
      });
    }
  }
  return given;
}

/**
 * Every checkpoint note of the bundle, verified under `logKey` (and the witnesses' cosignatures),
 * distinct, sorted by size with the `checkpoint` member first among equals. Throws ReplicaError
 * SYNC_CHECKPOINT_INVALID, SYNC_TREE_TOO_LARGE; BUNDLE_MALFORMED for a history note past the
 * bundle's checkpoint.
 */
async function readNotes(bundle: EvidenceBundle, logKey: string, witnesses: readonly string[]): Promise<BundleNote[]> {
  const members = [LATEST_CHECKPOINT_PATH, ...[...bundle.members.keys()].filter((name) => HISTORY_NAME.test(name))];
  const seen = new Set<string>();
  const notes: BundleNote[] = [];
  for (const member of members) {
    const bytes = (await bundle.read(member)) as Uint8Array;
    let text: string;
    let opened: OpenedCheckpoint;
    try {
      text = bytesToUtf8(bytes);
      opened = openCheckpoint(text, logKey, { witnesses });
    } catch (error) {
      if (!isProtocolError(error) || error.code === 'VKEY_MALFORMED') throw error;
      throw new ReplicaError('SYNC_CHECKPOINT_INVALID', `${member} in the bundle does not verify with the log key ${parseVerifierKey(logKey).name}: ${error.message}`, {
        cause: error,
        details: { member, cause: error.code },
      });
    }
    if (opened.checkpoint.size > bundle.checkpoint.size) {
      throw createBundleError('BUNDLE_MALFORMED', `${member} is a checkpoint of size ${opened.checkpoint.size}, past the bundle's ${bundle.checkpoint.size}`, { member });
    }
    if (opened.checkpoint.size > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ReplicaError('SYNC_TREE_TOO_LARGE', `a tree of ${opened.checkpoint.size} entries is beyond what a replica holds`);
    }
    if (seen.has(text)) continue;
    seen.add(text);
    notes.push({ member, text, opened, size: Number(opened.checkpoint.size), latest: member === LATEST_CHECKPOINT_PATH });
  }
  // Stable sort: among equal sizes the `checkpoint` member (first in `members`) stays first.
  return notes.sort((a, b) => a.size - b.size);
}

/** The newest note must carry `quorum` (default all) distinct witness cosignatures. */
function checkQuorum(notes: readonly BundleNote[], witnesses: readonly string[], quorum: number | undefined): void {
  const needed = quorum ?? witnesses.length;
  const newest = notes.find((n) => n.latest);
  if (newest === undefined || needed === 0) return;
  const cosigned = new Set(newest.opened.cosignatures.map((c) => `${c.name}+${c.keyId}`)).size;
  if (cosigned < needed) {
    throw new ReplicaError('SYNC_WITNESS_MISSING', `the bundle's checkpoint carries ${cosigned} of the ${needed} witness cosignatures required`);
  }
}

/** The origin's last verified checkpoint and the target of an unfinished sync, if any. */
function frontierOf(store: ReplicaStore, origin: OriginRecord | undefined): { verified?: CheckpointRecord; pending?: CheckpointRecord } {
  if (origin === undefined) return {};
  const state = store.getSyncState(origin.id);
  return {
    ...(state.verifiedCheckpointId === null ? {} : { verified: store.getCheckpoint(state.verifiedCheckpointId) }),
    ...(state.targetCheckpointId === null ? {} : { pending: store.getCheckpoint(state.targetCheckpointId) }),
  };
}

function maxCheckpointId(store: ReplicaStore): number {
  return (store.db.prepare('SELECT max(id) AS id FROM checkpoints').get() as { id: number | null }).id ?? 0;
}

function newCheckpoint(note: BundleNote, source: string): Omit<NewCheckpoint, 'status'> {
  const cosignatures: CosignatureInfo[] = note.opened.cosignatures.map((c) => ({
    name: c.name,
    keyId: c.keyId,
    type: c.type,
    timestamp: c.timestamp === null ? null : String(c.timestamp),
  }));
  return { note: note.text, size: note.size, root: note.opened.checkpoint.rootHash, cosignatures, source };
}
