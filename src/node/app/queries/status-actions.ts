import type { RevocationSummary } from '../../../core/api/schemas/replicas.ts';
import type { AppReadContext } from '../app-context.ts';

interface StatusActionRow {
  idx: number;
  time: string;
  tenant: string;
  tenant_name: string | null;
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
    .prepare(
      `SELECT s.idx, s.time, s.tenant, t.name AS tenant_name, s.action, s.by, s.targets, s.affected, s.reason
       FROM status_actions s LEFT JOIN tenants t ON t.origin_id = s.origin_id AND t.id = s.tenant
       WHERE s.origin_id = ? ORDER BY s.idx DESC LIMIT ?`,
    )
    .all(originId, limit) as StatusActionRow[];
  return rows.filter((r) => ACTIONS.has(r.action)).map((r) => ({
    index: r.idx,
    time: r.time,
    tenant: r.tenant,
    tenantName: r.tenant_name,
    action: r.action as RevocationSummary['action'],
    by: r.by,
    targets: (JSON.parse(r.targets) as string[]).slice(0, 1000),
    affected: (JSON.parse(r.affected) as string[]).length,
    reason: r.reason.slice(0, 4000),
  }));
}
