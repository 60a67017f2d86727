import type { ApiResult } from '../../../core/api/contract.ts';
import type { PinnedKey, ReplicaSummary } from '../../../core/api/schemas/replicas.ts';
import { bytesToHex } from '../../../core/encoding/index.ts';
import { parseVerifierKey } from '../../../core/note/vkey.ts';
import type { CheckpointRecord, OriginRecord } from '../../replica/replica-store.ts';
import { logKeyFingerprint } from '../../sync/key-fingerprint.ts';
import type { AppReadContext } from '../app-context.ts';

/**
 * replicas.list and the replica part of the Overview: each pinned origin with its keys (and their
 * fingerprints, for people to compare out of band), its sync state, the last verified checkpoint
 * with the witnesses that cosigned it, and the fork or rollback evidence held against it.
 */
export function listReplicas(ctx: AppReadContext): ApiResult<'replicas.list'> {
  return { replicas: ctx.store.listOrigins().map((origin) => replicaSummary(ctx, origin)) };
}

/** The summary of one pinned origin. Precondition: `origin` is in ctx.store. */
export function replicaSummary(ctx: AppReadContext, origin: OriginRecord): ReplicaSummary {
  const db = ctx.store.db;
  const sync = db.prepare('SELECT entries, verified_checkpoint_id, last_success_ms, last_error FROM sync_state WHERE origin_id = ?').get(origin.id) as
    | { entries: number; verified_checkpoint_id: number | null; last_success_ms: number | null; last_error: string | null }
    | undefined;
  const { n: forks } = db.prepare('SELECT count(*) AS n FROM fork_evidence WHERE origin_id = ?').get(origin.id) as { n: number };
  const checkpoint = sync?.verified_checkpoint_id == null ? null : ctx.store.getCheckpoint(sync.verified_checkpoint_id);
  return {
    originId: origin.id,
    origin: origin.origin,
    kind: ctx.originKind(origin),
    source: sourceLabel(origin.source),
    logKey: pinnedKey(origin.logKey),
    witnesses: origin.witnesses.map(pinnedKey),
    entries: sync?.entries ?? 0,
    verifiedCheckpoint: checkpoint === null ? null : checkpointView(checkpoint),
    lastSuccessMs: sync?.last_success_ms ?? null,
    lastError: sync?.last_error ?? null,
    forkEvidence: forks,
    busy: ctx.isBusy(origin.id),
  };
}

function checkpointView(c: CheckpointRecord): NonNullable<ReplicaSummary['verifiedCheckpoint']> {
  return {
    size: String(c.size),
    rootHex: bytesToHex(c.root),
    firstSeenMs: c.firstSeenMs,
    verifiedMs: c.verifiedMs,
    // The store keeps only the cosignatures that verified against the pinned witnesses (sync-replica.ts).
    cosigners: [...new Set(c.cosignatures.map((s) => s.name))].slice(0, 64),
  };
}

/** A pinned vkey as people see it. Keys in the store were parsed when they were pinned. */
export function pinnedKey(vkey: string): PinnedKey {
  return { name: parseVerifierKey(vkey).name, vkey, fingerprint: logKeyFingerprint(vkey) };
}

/**
 * The registry URL, or for a bundle only its file name: the stored location is `bundle:<name>`, and
 * a path is cut to its last part so that no local path the person did not choose reaches the window.
 */
export function sourceLabel(source: string | null): string | null {
  if (source === null) return null;
  if (!source.startsWith('bundle:')) return source;
  const name = source.slice('bundle:'.length);
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}
