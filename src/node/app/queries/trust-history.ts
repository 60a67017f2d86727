import type { ApiArgs, ApiResult } from '../../../core/api/contract.ts';
import type { TrustHistory } from '../../../core/api/schemas/agents.ts';
import { TRUST_FACTOR_NAMES, type TrustFactorName } from '../../../core/trust/score.ts';
import type { AppReadContext } from '../app-context.ts';
import { agentStatusEvents, type AgentStatusEvent } from './agent-history.ts';
import { notFound, requireOrigin } from './not-found.ts';

/**
 * agents.trustHistory: one agent's recorded trust scores as columns (oldest first) for the chart,
 * with the factors of each point and the points to mark. Anomalies (policy):
 * - DROP: the score fell by at least `policy().trustDropPoints` since the previous point;
 * - FLAG: the registry recorded anomaly flags with the score;
 * - SUSPENSION_NOT_ENFORCED: the score is in the suspension band (0–29) while the agent was active,
 *   and no suspension or revocation of it followed before its next score (or the end of the log):
 *   the threshold was crossed without the required action (DESIGN §3).
 * Throws APP_NOT_FOUND for an unknown origin or agent.
 */
export function getTrustHistory(ctx: AppReadContext, args: ApiArgs<'agents.trustHistory'>): ApiResult<'agents.trustHistory'> {
  requireOrigin(ctx, args.originId);
  const db = ctx.store.db;
  if (db.prepare('SELECT 1 FROM agents WHERE origin_id = ? AND id = ?').get(args.originId, args.agentId) === undefined) {
    throw notFound(`The replica has no agent ${args.agentId}.`);
  }
  const rows = db
    .prepare('SELECT idx, time, score, band, factors, flags FROM trust_history WHERE origin_id = ? AND agent = ? ORDER BY idx')
    .all(args.originId, args.agentId) as { idx: number; time: string; score: number; band: string; factors: string; flags: string }[];
  const factors = Object.fromEntries(TRUST_FACTOR_NAMES.map((n) => [n, [] as number[]])) as Record<TrustFactorName, number[]>;
  const points = rows.map((r) => ({ ...r, timeMs: Date.parse(r.time), flagList: JSON.parse(r.flags) as string[] }));
  for (const r of rows) {
    const values = JSON.parse(r.factors) as Partial<Record<TrustFactorName, number>>;
    for (const name of TRUST_FACTOR_NAMES) factors[name].push(values[name] ?? 0);
  }
  const events = agentStatusEvents(ctx, args.originId, args.agentId);
  const drop = ctx.policy().trustDropPoints;
  const anomalies: TrustHistory['anomalies'] = [];
  points.forEach((p, i) => {
    const mark = (kind: string, detail: string): void => {
      anomalies.push({ index: p.idx, timeMs: p.timeMs, score: p.score, kind, detail });
    };
    const previous = points[i - 1];
    if (previous !== undefined && previous.score - p.score >= drop) mark('DROP', `The score fell ${previous.score - p.score} points (from ${previous.score} to ${p.score}).`);
    if (p.flagList.length > 0) mark('FLAG', `The registry flagged: ${p.flagList.join(', ')}.`);
    if (p.band === 'suspension' && statusAt(events, p.idx) === 'active' && !enforced(events, p.idx, points[i + 1]?.idx)) {
      mark('SUSPENSION_NOT_ENFORCED', `Threshold crossed without the required action: a score of ${p.score} requires a suspension, and the agent stayed active.`);
    }
  });
  return {
    agentId: args.agentId,
    indices: points.map((p) => p.idx),
    timesMs: points.map((p) => p.timeMs),
    scores: points.map((p) => p.score),
    factors,
    anomalies: anomalies.slice(0, 100_000),
  };
}

/** The agent's status just before entry `index`, from its status actions (active until the first). */
function statusAt(events: readonly AgentStatusEvent[], index: number): 'active' | 'suspended' | 'revoked' {
  let status: 'active' | 'suspended' | 'revoked' = 'active';
  for (const e of events) {
    if (e.index >= index) break;
    status = e.action === 'revoke' ? 'revoked' : e.action === 'suspend' ? 'suspended' : e.action === 'reinstate' ? 'active' : status;
  }
  return status;
}

/** Whether a suspension or revocation of the agent was logged after `index` and before `until` (exclusive; undefined: the end). */
function enforced(events: readonly AgentStatusEvent[], index: number, until: number | undefined): boolean {
  return events.some((e) => e.index > index && (until === undefined || e.index < until) && (e.action === 'suspend' || e.action === 'revoke'));
}
