/**
 * Bringing the derived state level with the stored entries: folds stored entries [fold.entries,
 * until) in batches, one transaction each. Needed when the derived tables are behind the entries (a
 * replica created before migration 0002, or one whose derived tables were dropped to be rebuilt);
 * the entries were verified when they were stored, and are parsed and signature-checked again here,
 * exactly as the sync does.
 */
import type { SignatureCheck } from '../../core/log/verify-signatures.ts';
import { applySignatureResults, prepareEntries, toFoldItem } from '../replica/entry-checks.ts';
import type { FoldSession } from '../replica/fold-session.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import type { ReplicaStore } from '../replica/replica-store.ts';
import type { DerivedStateWriter } from '../replica/state-writer.ts';
import type { SignatureVerifier } from './signature-verifier.ts';

export interface CatchUpContext {
  readonly store: ReplicaStore;
  readonly originId: number;
  readonly fold: FoldSession;
  readonly writer: DerivedStateWriter;
  readonly verifier: SignatureVerifier;
  readonly batchEntries: number;
}

/** Folds stored entries up to `until`. Throws REPLICA_CORRUPT if the fold is ahead or an entry is missing. */
export async function catchUpFold(ctx: CatchUpContext, until: number): Promise<void> {
  if (ctx.fold.entries > until) {
    throw new ReplicaError('REPLICA_CORRUPT', `the derived state covers ${ctx.fold.entries} entries but only ${until} are stored`);
  }
  while (ctx.fold.entries < until) {
    const from = ctx.fold.entries;
    const to = Math.min(until, from + ctx.batchEntries);
    const stored = [...ctx.store.iterateEntries(ctx.originId, from, to)].map((e) => ({ index: e.index, bytes: e.data }));
    if (stored.length !== to - from) throw new ReplicaError('REPLICA_CORRUPT', `entries ${from}..${to - 1} are not all stored`);
    const checks: SignatureCheck[] = [];
    const items = prepareEntries(stored, checks);
    applySignatureResults(items, await ctx.verifier.verify(checks));
    ctx.store.transaction(() => {
      for (const item of items) ctx.fold.fold(toFoldItem(item));
      ctx.fold.flush(ctx.writer);
    });
  }
}
