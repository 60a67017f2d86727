import type { ApiArgs, ApiResult } from '../../../core/api/contract.ts';
import type { AppReadContext } from '../app-context.ts';
import { agentView } from './agent-view.ts';
import { requireOrigin } from './not-found.ts';
import { OriginMemo } from './origin-memo.ts';

const MAX_OWNERS = 500;

/**
 * agents.facets: the choices of the Agents filters: every tenant (name and agent count, by name)
 * and the most common owners (at most 500, most agents first, then by name). They change only when
 * entries are folded, so they are computed once per replica size. Throws APP_NOT_FOUND.
 */
export function agentFacets(ctx: AppReadContext, args: ApiArgs<'agents.facets'>): ApiResult<'agents.facets'> {
  requireOrigin(ctx, args.originId);
  // A copy: the memoised value must not be changed by whoever receives it.
  return structuredClone(facets.get(ctx, args.originId));
}

const facets = new OriginMemo((ctx, originId) => computeFacets(ctx, { originId }), { staleWhileBusyMs: 5_000 });

function computeFacets(ctx: AppReadContext, args: ApiArgs<'agents.facets'>): ApiResult<'agents.facets'> {
  const db = ctx.store.db;
  const view = agentView(ctx, args.originId);
  const tenants = db
    .prepare(
      `SELECT t.id, t.name, coalesce(c.n, 0) AS agents
       FROM tenants t LEFT JOIN (SELECT tenant, count(*) AS n FROM ${view} WHERE origin_id = ? GROUP BY tenant) c ON c.tenant = t.id
       WHERE t.origin_id = ? ORDER BY t.name, t.id LIMIT 10000`,
    )
    .all(args.originId, args.originId) as { id: string; name: string; agents: number }[];
  const owners = db
    .prepare(`SELECT owner FROM ${view} WHERE origin_id = ? AND owner IS NOT NULL GROUP BY owner ORDER BY count(*) DESC, owner LIMIT ?`)
    .all(args.originId, MAX_OWNERS) as { owner: string }[];
  return { tenants, owners: owners.map((o) => o.owner) };
}
