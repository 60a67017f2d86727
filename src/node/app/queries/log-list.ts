import type { ApiArgs, ApiResult } from '../../../core/api/contract.ts';
import type { LogRow } from '../../../core/api/schemas/log.ts';
import type { AppReadContext } from '../app-context.ts';
import { requireOrigin } from './not-found.ts';
import { entryView } from './entry-view.ts';
import { entryCount, OriginMemo } from './origin-memo.ts';

/**
 * log.list and log.types: the Log screen's pages. Paging is by index (keyset), in either direction:
 * a page starts at `fromIndex` (the first entry ≥ it ascending, ≤ it descending) and `next` is the
 * index to pass for the following page, or null at the end. Filters (type, tenant, subject, time
 * range) are bound parameters combined with AND, answered from the indexed copy of the envelopes
 * (entry-view.ts); only entries folded so far (the sync cursor) are listed. Throws APP_NOT_FOUND.
 */

interface EntryRow {
  idx: number;
  type: string | null;
  tenant: string | null;
  subject: string | null;
  time: string | null;
  rejection: string | null;
}

export function listLog(ctx: AppReadContext, args: ApiArgs<'log.list'>): ApiResult<'log.list'> {
  requireOrigin(ctx, args.originId);
  const entries = entryCount(ctx, args.originId);
  const where = ['e.origin_id = ?', 'e.idx < ?'];
  const params: unknown[] = [args.originId, entries];
  const add = (clause: string, value: unknown): void => {
    where.push(clause);
    params.push(value);
  };
  if (args.type !== undefined) add('e.type = ?', args.type);
  if (args.tenant !== undefined) add('e.tenant = ?', args.tenant);
  if (args.subject !== undefined) add('e.subject = ?', args.subject);
  if (args.timeFrom !== undefined) add('e.time >= ?', args.timeFrom);
  if (args.timeTo !== undefined) add('e.time <= ?', args.timeTo);
  const filtered = where.length > 2;
  // Without a filter the count is the cursor itself: no scan of the entries.
  const view = entryView(ctx, args.originId);
  const total = filtered ? (ctx.store.db.prepare(`SELECT count(*) AS n FROM ${view} e WHERE ${where.join(' AND ')}`).get(...params) as { n: number }).n : entries;
  const asc = args.direction === 'asc';
  const pageWhere = [...where];
  const pageParams = [...params];
  if (args.fromIndex !== undefined) {
    pageWhere.push(asc ? 'e.idx >= ?' : 'e.idx <= ?');
    pageParams.push(args.fromIndex);
  }
  const rows = ctx.store.db
    .prepare(
      `SELECT e.idx, e.type, e.tenant, e.subject, e.time, r.code AS rejection
       FROM ${view} e LEFT JOIN entry_rejections r ON r.origin_id = e.origin_id AND r.idx = e.idx
       WHERE ${pageWhere.join(' AND ')} ORDER BY e.idx ${asc ? 'ASC' : 'DESC'} LIMIT ?`,
    )
    .all(...pageParams, args.limit + 1) as EntryRow[];
  const next = rows.length > args.limit ? (rows[args.limit] as EntryRow).idx : null;
  return { entries, total, rows: rows.slice(0, args.limit).map(logRowOf), next };
}

function logRowOf(r: EntryRow): LogRow {
  return { index: r.idx, type: r.type, tenant: r.tenant, subject: r.subject, time: r.time, rejection: r.rejection };
}

// Counted from the type index of the copy, once per replica size (types change only when entries are added).
const typeCounts = new OriginMemo(
  (ctx, originId) =>
    ctx.store.db
      .prepare(
        `SELECT type, count(*) AS count FROM ${entryView(ctx, originId)} WHERE origin_id = ? AND type IS NOT NULL GROUP BY type ORDER BY count DESC, type LIMIT 100`,
      )
      .all(originId) as { type: string; count: number }[],
);

/** log.types: the statement types in the log with their counts, most frequent first (at most 100). */
export function logTypes(ctx: AppReadContext, args: ApiArgs<'log.types'>): ApiResult<'log.types'> {
  requireOrigin(ctx, args.originId);
  return { types: typeCounts.get(ctx, args.originId) };
}
