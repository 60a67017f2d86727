import type { AppReadContext } from '../app-context.ts';
import { entryView } from './entry-view.ts';

/**
 * Dormancy is judged at the log's own time, never the wall clock: an agent is dormant when it has no
 * session within `policy().dormantDays` of the NEWEST statement time in the replica. Evidence that
 * is reviewed months later (an imported bundle) is then judged as it stood when it was written,
 * and the same replica gives the same answer whenever it is opened.
 */

const DAY_MS = 86_400_000;

/**
 * The newest statement time in the origin's log, or null for an empty log. Statement times are
 * fixed-width RFC 3339 (YYYY-MM-DDTHH:MM:SS.sssZ, docs/protocol.md §2), so string order is time
 * order and MAX works on the text; entries need not be in time order, hence MAX rather than the last
 * entry's time (answered from the time index of entry-view.ts).
 */
export function newestLogTime(ctx: AppReadContext, originId: number): string | null {
  const row = ctx.store.db.prepare(`SELECT max(time) AS t FROM ${entryView(ctx, originId)} WHERE origin_id = ?`).get(originId) as { t: string | null };
  return row.t;
}

/**
 * The dormancy cutoff: agents whose last session is before it (or who never had one) are dormant.
 * Null for an empty log (nothing is dormant before anything happened).
 */
export function dormantCutoff(ctx: AppReadContext, originId: number): string | null {
  const newest = newestLogTime(ctx, originId);
  if (newest === null) return null;
  const ms = Date.parse(newest);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms - ctx.policy().dormantDays * DAY_MS).toISOString();
}
