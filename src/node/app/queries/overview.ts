import type { ApiArgs, ApiResult } from '../../../core/api/contract.ts';
import type { Overview } from '../../../core/api/schemas/replicas.ts';
import { TRUST_BANDS } from '../../../core/trust/score.ts';
import type { AppReadContext } from '../app-context.ts';
import { countAgents } from './agent-counts.ts';
import { agentView } from './agent-view.ts';
import { coverageGaps } from './coverage-gaps.ts';
import { requireOrigin } from './not-found.ts';
import { replicaSummary } from './replicas-list.ts';
import { recentStatusActions } from './status-actions.ts';

/**
 * overview.get: the Overview screen of one replica: the replica, tenants, agents by status, the
 * latest verification (of this app), current trust scores by band and as a 10-point histogram, the
 * 20 newest status actions, and the coverage gaps. Throws APP_NOT_FOUND for an unknown origin.
 */
export function getOverview(ctx: AppReadContext, args: ApiArgs<'overview.get'>): ApiResult<'overview.get'> {
  const origin = requireOrigin(ctx, args.originId);
  const db = ctx.store.db;
  const replica = replicaSummary(ctx, origin);
  const { n: tenants } = db.prepare('SELECT count(*) AS n FROM tenants WHERE origin_id = ?').get(origin.id) as { n: number };
  const counts = countAgents(ctx, origin.id);
  const report = ctx.latestReport(origin.id);
  const checkpoint = replica.verifiedCheckpoint === null ? null : { size: Number(replica.verifiedCheckpoint.size), firstSeenMs: replica.verifiedCheckpoint.firstSeenMs };
  return {
    replica,
    tenants,
    agents: { total: counts.total, active: counts.active, suspended: counts.suspended, revoked: counts.revoked },
    lastVerification:
      report === null ? null : { verdict: report.verdict, atMs: report.atMs, treeSize: report.treeSize, findings: { ...report.counts } },
    trust: trustDistribution(ctx, origin.id),
    recentStatusActions: recentStatusActions(ctx, origin.id, 20),
    coverageGaps: coverageGaps(ctx, origin.id, counts, checkpoint, replica.entries),
  };
}

/** Current scores (every agent's latest) by band and in ten buckets: 0–9, …, 80–89, 90–100. */
function trustDistribution(ctx: AppReadContext, originId: number): Overview['trust'] {
  const rows = ctx.store.db
    .prepare(
      `SELECT min(trust_score / 10, 9) AS bucket, trust_band AS band, count(*) AS n FROM ${agentView(ctx, originId)}
       WHERE origin_id = ? AND trust_score IS NOT NULL GROUP BY 1, 2`,
    )
    .all(originId) as { bucket: number; band: string; n: number }[];
  const bands = Object.fromEntries(TRUST_BANDS.map((b) => [b, 0])) as Overview['trust']['bands'];
  const histogram = new Array<number>(10).fill(0);
  let scored = 0;
  for (const r of rows) {
    scored += r.n;
    histogram[r.bucket] = (histogram[r.bucket] ?? 0) + r.n;
    if (r.band in bands) bands[r.band as keyof typeof bands] += r.n;
  }
  return { scored, bands, histogram };
}
