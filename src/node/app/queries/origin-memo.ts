import type { ReplicaStore } from '../../replica/replica-store.ts';
import type { AppReadContext } from '../app-context.ts';

/**
 * Per-origin results that only change when entries are added (the newest log time, the statement
 * types): recomputed when the replica's entry count moves, so a screen that polls pays a full scan
 * once per sync instead of once per call. A replica never loses entries, so the count is a version.
 * Held per store (weakly), so two app contexts or two test databases never share a value.
 */
export class OriginMemo<T> {
  readonly #compute: (ctx: AppReadContext, originId: number) => T;
  readonly #staleWhileBusyMs: number;
  readonly #stores = new WeakMap<ReplicaStore, Map<number, { entries: number; value: T; atMs: number }>>();

  /**
   * `staleWhileBusyMs`: while a sync or import job runs for the origin (ctx.isBusy), a value younger
   * than this is reused although entries were added, so that an expensive value is not rebuilt on
   * every batch; the next call after the job rebuilds it. Default 0 (always current).
   */
  constructor(compute: (ctx: AppReadContext, originId: number) => T, options: { staleWhileBusyMs?: number } = {}) {
    this.#compute = compute;
    this.#staleWhileBusyMs = options.staleWhileBusyMs ?? 0;
  }

  /** The value for `originId` at the replica's current size. */
  get(ctx: AppReadContext, originId: number): T {
    const entries = entryCount(ctx, originId);
    let values = this.#stores.get(ctx.store);
    if (values === undefined) {
      values = new Map();
      this.#stores.set(ctx.store, values);
    }
    const hit = values.get(originId);
    if (hit !== undefined && hit.entries === entries) return hit.value;
    if (hit !== undefined && ctx.now() - hit.atMs < this.#staleWhileBusyMs && ctx.isBusy(originId)) return hit.value;
    const value = this.#compute(ctx, originId);
    values.set(originId, { entries, value, atMs: ctx.now() });
    return value;
  }
}

/** Entries stored, verified and folded for the origin (0 when it has no sync state yet). */
export function entryCount(ctx: AppReadContext, originId: number): number {
  const row = ctx.store.db.prepare('SELECT entries FROM sync_state WHERE origin_id = ?').get(originId) as { entries: number } | undefined;
  return row?.entries ?? 0;
}
