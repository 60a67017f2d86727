/**
 * Checking an older checkpoint against the tree the replica has already verified: a checkpoint of
 * size m ≤ the verified size V is consistent with it iff its root is the root of the first m leaves
 * of the verified tree (RFC 9162 §2.1.2), recomputed here from the replica's stored, verified hash
 * tiles (never from the bundle). When it is not, the two validly signed checkpoints are a fork: the
 * RFC 9162 §2.1.4 consistency proof from the verified tree's tiles shows it (tile-consistency.ts),
 * and the pair is stored as portable evidence, in the shape the sync engine stores (fork-evidence.ts),
 * so that `warden fork show` checks it with the public key alone.
 */
import { bytesToHex } from '../../core/encoding/hex.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { computeRootFromNodes } from '../../core/merkle/proof-gen.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import type { CheckpointRecord, NewCheckpoint, OriginRecord, ReplicaStore } from '../replica/replica-store.ts';
import { buildForkEvidence } from '../sync/fork-evidence.ts';
import { checkConsistencyFromTiles, type ConsistencyFinding } from '../sync/tile-consistency.ts';
import { tilesNeeded, TreeTiles } from '../sync/tree-tiles.ts';

/** The tree of `size` over the replica's stored tiles (prefixes of the widest stored versions). */
function storedTiles(store: ReplicaStore, originId: number, size: number, hasher: MerkleHasher): TreeTiles {
  return new TreeTiles(
    size,
    (level, index, width) => {
      const tile = store.getTile(originId, level, index);
      if (tile === undefined || tile.width < width) {
        return Promise.reject(new ReplicaError('REPLICA_CORRUPT', `tile ${level}/${index} of width ${width} is not stored: run warden db check`));
      }
      return Promise.resolve(tile.hashes.subarray(0, width * 32));
    },
    hasher,
  );
}

/**
 * The root of the first `size` leaves of the verified tree, from stored tiles. Precondition: `size`
 * is at most the verified size. Throws REPLICA_CORRUPT if a tile is missing.
 */
export async function computeStoredRoot(store: ReplicaStore, originId: number, size: number, hasher: MerkleHasher): Promise<Uint8Array> {
  if (size === 0) return hasher.emptyRoot();
  const tiles = storedTiles(store, originId, size, hasher);
  await tiles.ensure(tilesNeeded((source) => computeRootFromNodes(source, BigInt(size), hasher)));
  return computeRootFromNodes(tiles, BigInt(size), hasher);
}

/**
 * Records `checkpoint` (consistent with the verified tree) as verified, in one transaction. A note
 * stored before as rejected or conflicting keeps that status (its evidence refers to it).
 * Returns whether a new row was added.
 */
export function recordConsistentCheckpoint(store: ReplicaStore, originId: number, checkpoint: Omit<NewCheckpoint, 'status'>): boolean {
  return store.transaction(() => {
    const last = (store.db.prepare('SELECT max(id) AS id FROM checkpoints').get() as { id: number | null }).id ?? 0;
    const record = store.recordCheckpoint(originId, { ...checkpoint, status: 'verified' });
    if (!record.verified && record.status !== 'rejected' && record.status !== 'conflicting') store.setCheckpointStatus(record.id, 'verified');
    return record.id > last;
  });
}

/**
 * Refuses `conflicting` (validly signed, size ≤ the verified checkpoint `trusted`, another root):
 * stores it as conflicting with the fork evidence (once per pair) and throws ReplicaError SYNC_FORK
 * with `details` { evidenceId, kind, trustedSize, conflictingSize, document } as the sync does.
 */
export async function refuseStoredFork(
  store: ReplicaStore,
  origin: OriginRecord,
  trusted: CheckpointRecord,
  conflicting: Omit<NewCheckpoint, 'status'>,
  source: string,
  hasher: MerkleHasher,
): Promise<never> {
  let finding: ConsistencyFinding | undefined;
  if (conflicting.size > 0 && conflicting.size < trusted.size) {
    const tiles = storedTiles(store, origin.id, trusted.size, hasher);
    finding = await checkConsistencyFromTiles(tiles, conflicting.size, conflicting.root, trusted.root, hasher).catch(() => undefined);
  }
  const summary = `The registry ${origin.origin} signed a checkpoint of size ${conflicting.size} (root ${bytesToHex(conflicting.root)}) that is inconsistent with the checkpoint of size ${trusted.size} this replica had verified.`;
  const record = store.transaction(() => {
    const stored = store.recordCheckpoint(origin.id, { ...conflicting, status: 'conflicting', problem: 'SYNC_FORK' });
    if (stored.status !== 'conflicting') store.setCheckpointStatus(stored.id, 'conflicting', 'SYNC_FORK');
    const again = store.getCheckpoint(stored.id);
    const existing = store.listEvidence(origin.id).find((e) => e.trustedCheckpointId === trusted.id && e.conflictingCheckpointId === again.id && e.kind === 'fork');
    if (existing !== undefined) return existing;
    const document = buildForkEvidence({
      kind: 'fork',
      origin: origin.origin,
      logKey: origin.logKey,
      detectedMs: store.now(),
      source,
      trusted,
      conflicting: again,
      ...(finding === undefined
        ? {}
        : {
            proof: {
              size1: conflicting.size,
              size2: trusted.size,
              hashes: finding.proof,
              ...(finding.subtree === undefined ? {} : { subtree: finding.subtree }),
            },
          }),
      summary,
    });
    return store.addEvidence({
      originId: origin.id,
      kind: 'fork',
      source,
      trustedCheckpointId: trusted.id,
      conflictingCheckpointId: again.id,
      document: JSON.stringify(document),
    });
  });
  throw new ReplicaError('SYNC_FORK', summary, {
    details: { evidenceId: record.id, kind: 'fork', trustedSize: trusted.size, conflictingSize: conflicting.size, document: record.document },
  });
}
