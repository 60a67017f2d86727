/**
 * Refusing a checkpoint that contradicts what the replica verified, and keeping the evidence
 * (fork-evidence.ts): a rollback (a smaller tree) or a fork (another tree of the same size, or a
 * tree that does not extend ours). Each stores the evidence once per pair of checkpoints, marks the
 * new checkpoint conflicting (unless it was verified before, e.g. an old checkpoint served again),
 * and throws SYNC_ROLLBACK or SYNC_FORK with the document in `details.document`.
 */
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import type { CheckpointRecord, OriginRecord, ReplicaStore } from '../replica/replica-store.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import { buildForkEvidence, type EvidenceProofInput } from './fork-evidence.ts';
import { checkConsistencyFromTiles, type ConsistencyFinding } from './tile-consistency.ts';
import { TreeTiles } from './tree-tiles.ts';

/** What a refusal needs: the store, a hasher, and where the refused checkpoint came from. */
export interface RefusalContext {
  readonly store: ReplicaStore;
  readonly hasher: MerkleHasher;
  readonly source: { readonly location: string };
}

/** The tiles of the replica's own tree of `size`, read from the store (REPLICA_CORRUPT if one is missing). */
export function storedTreeTiles(ctx: Pick<RefusalContext, 'store' | 'hasher'>, originId: number, size: number): TreeTiles {
  return new TreeTiles(
    size,
    (level, index, width) => {
      const tile = ctx.store.getTile(originId, level, index);
      if (tile === undefined || tile.width < width) return Promise.reject(new ReplicaError('REPLICA_CORRUPT', `tile ${level}/${index} is not stored`));
      return Promise.resolve(tile.hashes.subarray(0, width * 32));
    },
    ctx.hasher,
  );
}

/**
 * A checkpoint smaller than the frontier. Our own stored tiles decide whether its tree is a prefix
 * of ours (a plain rollback) or not (a fork); when they cannot (tiles not stored yet), it is kept as
 * a rollback without proof. Always throws.
 */
export async function refuseRollback(ctx: RefusalContext, origin: OriginRecord, frontier: CheckpointRecord, target: CheckpointRecord): Promise<never> {
  let finding: ConsistencyFinding | undefined;
  if (target.size > 0) {
    const stored = storedTreeTiles(ctx, origin.id, frontier.size);
    finding = await checkConsistencyFromTiles(stored, target.size, target.root, frontier.root, ctx.hasher).catch(() => undefined);
  }
  const proof = finding === undefined ? undefined : proofOf(finding, target.size, frontier.size);
  return refuse(ctx, origin, finding?.consistent === false ? 'fork' : 'rollback', frontier, target, proof);
}

export function proofOf(finding: ConsistencyFinding, size1: number, size2: number): EvidenceProofInput {
  return { size1, size2, hashes: finding.proof, ...(finding.subtree === undefined ? {} : { subtree: finding.subtree }) };
}

/** Stores the evidence (once per pair of checkpoints) and throws SYNC_FORK or SYNC_ROLLBACK. */
export function refuse(
  ctx: RefusalContext,
  origin: OriginRecord,
  kind: 'fork' | 'rollback',
  trusted: CheckpointRecord,
  conflicting: CheckpointRecord,
  proof: EvidenceProofInput | undefined,
): never {
  const { store } = ctx;
  const summary =
    kind === 'fork'
      ? `The registry ${origin.origin} signed a checkpoint of size ${conflicting.size} that is inconsistent with the checkpoint of size ${trusted.size} this replica had verified.`
      : `The registry ${origin.origin} served a checkpoint of size ${conflicting.size} after this replica had verified size ${trusted.size}.`;
  const record = store.transaction(() => {
    if (conflicting.status === 'seen') store.setCheckpointStatus(conflicting.id, 'conflicting', kind === 'fork' ? 'SYNC_FORK' : 'SYNC_ROLLBACK');
    const existing = store
      .listEvidence(origin.id)
      .find((e) => e.trustedCheckpointId === trusted.id && e.conflictingCheckpointId === conflicting.id && e.kind === kind);
    if (existing !== undefined) return existing;
    const document = buildForkEvidence({
      kind,
      origin: origin.origin,
      logKey: origin.logKey,
      detectedMs: store.now(),
      source: ctx.source.location,
      trusted,
      conflicting,
      ...(proof === undefined ? {} : { proof }),
      summary,
    });
    return store.addEvidence({
      originId: origin.id,
      kind,
      source: ctx.source.location,
      trustedCheckpointId: trusted.id,
      conflictingCheckpointId: conflicting.id,
      document: JSON.stringify(document),
    });
  });
  throw new ReplicaError(kind === 'fork' ? 'SYNC_FORK' : 'SYNC_ROLLBACK', summary, {
    details: { evidenceId: record.id, kind, trustedSize: trusted.size, conflictingSize: conflicting.size, document: record.document },
  });
}

