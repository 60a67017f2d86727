import type { RevocationSummary } from '../../../core/api/schemas/replicas.ts';
import type { AppReadContext } from '../app-context.ts';

interface StatusActionRow {
  idx: number;
  time: string;
  tenant: string;
  action: string;
  by: string;
  targets: string;
  affected: string;
  reason: string;
}

const ACTIONS = new Set(['revoke', 'suspend', 'reinstate']);

/** The `limit` newest executed status actions (suspensions, reinstatements, revocations), newest first. */
export function recentStatusActions(ctx: AppReadContext, originId: number, limit: number): RevocationSummary[] {
  const rows = ctx.store.db
    .prepare('SELECT idx, time, tenant, action, by, targets, affected, reason FROM status_actions WHERE origin_id = ? ORDER BY idx DESC LIMIT ?')
    .all(originId, limit) as StatusActionRow[];
  return rows.filter((r) => ACTIONS.has(r.action)).map((r) => ({
    index: r.idx,
    time: r.time,
    tenant: r.tenant,
    action: r.action as RevocationSummary['action'],
    by: r.by,
    targets: (JSON.parse(r.targets) as string[]).slice(0, 1000),
    affected: (JSON.parse(r.affected) as string[]).length,
    reason: r.reason.slice(0, 4000),
  }));
}
