import type { ApiArgs, ApiResult } from '../../../core/api/contract.ts';
import type { AppReadContext } from '../app-context.ts';
import { agentOrder, isFiltered, agentRowOf, agentSelect, type AgentDbRow } from './agent-sql.ts';
import { requireOrigin } from './not-found.ts';

/**
 * agents.query: one page of the Agents table, filtered, sorted and paged in SQL (agent-sql.ts), with
 * the number of agents matching the filter. An offset past the end gives an empty page, not an
 * error (the table may have shrunk under a filter). Throws APP_NOT_FOUND for an unknown origin.
 */
export function queryAgents(ctx: AppReadContext, args: ApiArgs<'agents.query'>): ApiResult<'agents.query'> {
  requireOrigin(ctx, args.originId);
  const counted = agentSelect(ctx, args.originId, args.filter);
  const { total } = ctx.store.db.prepare(`SELECT count(*) AS total ${counted.from}`).get(...counted.params) as { total: number };
  if (args.offset >= total) return { total, offset: args.offset, rows: [] };
  const select = args.sort.column === 'findings' ? agentSelect(ctx, args.originId, args.filter, true) : counted;
  // Two steps: the page's ids (the sort reads only the id and the sort key, and the default order is
  // answered from the name index alone, however deep the page), then those rows by primary key.
  const ids = ctx.store.db
    .prepare(`SELECT a.id ${select.from} ${agentOrder(args.sort.column, args.sort.direction, isFiltered(args.filter))} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...select.params, args.limit, args.offset) as string[];
  const byId = new Map(
    (
      ctx.store.db
        .prepare(`SELECT ${select.columns} ${select.from} AND a.id IN (SELECT value FROM json_each(?))`)
        .all(...select.params, JSON.stringify(ids)) as AgentDbRow[]
    ).map((r) => [r.id, r]),
  );
  const rows = ids.map((id) => byId.get(id)).filter((r): r is AgentDbRow => r !== undefined);
  return { total, offset: args.offset, rows: rows.map((r) => agentRowOf(r, select.findings)) };
}
