/**
 * Verifying a checkpoint of a tree the replica already holds: an older checkpoint carried by an
 * evidence bundle, or one a registry serves again. The sync itself records only the newest
 * checkpoint; this records the others, with the same rules:
 * - the note must verify with the PINNED log key (and the configured witnesses);
 * - for a size the replica has verified, the root is recomputed from the stored hash tiles; equal,
 *   the checkpoint is recorded as verified; different, it is a fork, refused with evidence (the
 *   proof, from our tiles, reproduces our verified root and shows the other root is not its prefix);
 * - a larger size is only recorded as seen (a sync must fetch and verify its entries first).
 */
import { equalBytes } from '../../core/encoding/index.ts';
import { isProtocolError } from '../../core/errors.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { computeRootFromNodes } from '../../core/merkle/proof-gen.ts';
import { openCheckpoint } from '../../core/note/open-checkpoint.ts';
import { nativeHasher } from '../merkle/index.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import type { CheckpointRecord, ReplicaStore } from '../replica/replica-store.ts';
import { proofOf, refuse, storedTreeTiles } from './refusals.ts';
import { checkConsistencyFromTiles } from './tile-consistency.ts';
import { tilesNeeded } from './tree-tiles.ts';

export interface PastCheckpointOptions {
  readonly db: ReplicaStore;
  /** The pinned origin the checkpoint belongs to. */
  readonly origin: string;
  /** The signed note, verbatim. */
  readonly note: string;
  /** Where it came from: a URL, or `bundle:<file>`. */
  readonly source: string;
  /** Witness vkeys that must cosign (default: the origin's configured witnesses). */
  readonly witnesses?: readonly string[];
  readonly hasher?: MerkleHasher;
}

/**
 * Verifies and records `note` (see the module comment) and returns its record. Throws
 * REPLICA_ORIGIN_UNKNOWN, SYNC_CHECKPOINT_INVALID (bad signature, wrong origin, missing witness),
 * SYNC_TREE_TOO_LARGE, SYNC_FORK (with evidence), REPLICA_CORRUPT (a stored tile is missing).
 */
export async function verifyPastCheckpoint(options: PastCheckpointOptions): Promise<CheckpointRecord> {
  const { db: store } = options;
  const origin = store.findOrigin(options.origin);
  if (origin === undefined) throw new ReplicaError('REPLICA_ORIGIN_UNKNOWN', `origin ${options.origin} is not pinned in this replica`);
  const witnesses = options.witnesses ?? origin.witnesses;
  let opened;
  try {
    opened = openCheckpoint(options.note, origin.logKey, { witnesses });
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    throw new ReplicaError('SYNC_CHECKPOINT_INVALID', `the checkpoint does not verify with the pinned key of ${origin.origin}: ${error.message}`, {
      cause: error,
      details: { cause: error.code },
    });
  }
  if (new Set(opened.cosignatures.map((c) => `${c.name}+${c.keyId}`)).size < witnesses.length) {
    throw new ReplicaError('SYNC_CHECKPOINT_INVALID', 'the checkpoint lacks a configured witness cosignature', { details: { cause: 'SYNC_WITNESS_MISSING' } });
  }
  if (opened.checkpoint.size > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ReplicaError('SYNC_TREE_TOO_LARGE', `a tree of ${opened.checkpoint.size} entries is beyond what a replica holds`);
  }
  const size = Number(opened.checkpoint.size);
  const record = store.recordCheckpoint(origin.id, {
    note: options.note,
    size,
    root: opened.checkpoint.rootHash,
    cosignatures: opened.cosignatures.map((c) => ({ name: c.name, keyId: c.keyId, type: c.type, timestamp: c.timestamp === null ? null : String(c.timestamp) })),
    source: options.source,
    status: 'seen',
  });
  const state = store.getSyncState(origin.id);
  const verified = state.verifiedCheckpointId === null ? undefined : store.getCheckpoint(state.verifiedCheckpointId);
  if (verified === undefined || size > verified.size || record.status === 'verified') return store.getCheckpoint(record.id);

  const hasher = options.hasher ?? nativeHasher;
  const ctx = { store, hasher, source: { location: options.source } };
  const mine = storedTreeTiles(ctx, origin.id, size);
  await mine.ensure(tilesNeeded((source) => computeRootFromNodes(source, BigInt(size), hasher)));
  const root = computeRootFromNodes(mine, BigInt(size), hasher);
  if (equalBytes(root, record.root)) {
    store.setCheckpointStatus(record.id, 'verified');
    return store.getCheckpoint(record.id);
  }
  // Our verified tree has another root at this size: a fork. The proof comes from our own tiles.
  const finding =
    size === 0 || size === verified.size
      ? undefined
      : await checkConsistencyFromTiles(storedTreeTiles(ctx, origin.id, verified.size), size, record.root, verified.root, hasher);
  return refuse(ctx, origin, 'fork', verified, record, finding === undefined ? undefined : proofOf(finding, size, verified.size));
}
