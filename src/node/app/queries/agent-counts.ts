import type { AppReadContext } from '../app-context.ts';
import { agentView } from './agent-view.ts';
import { dormantCutoff } from './log-time.ts';

/** The agent counts of the Overview, from one pass over the narrow copy of the agents table. */
export interface AgentCounts {
  readonly total: number;
  readonly active: number;
  readonly suspended: number;
  readonly revoked: number;
  /** Live = not revoked. */
  readonly liveUnscored: number;
  readonly liveWithoutOwner: number;
  readonly liveNeverAuthenticated: number;
  /** Active agents with no session within the dormancy period of the newest log time (log-time.ts). */
  readonly activeDormant: number;
}

/** Counts the origin's agents (see AgentCounts). */
export function countAgents(ctx: AppReadContext, originId: number): AgentCounts {
  const view = agentView(ctx, originId);
  // No cutoff (an empty log): nothing is dormant; '' sorts before every time, so `< ''` is never true.
  const cutoff = dormantCutoff(ctx, originId) ?? '';
  const row = ctx.store.db
    .prepare(
      `SELECT count(*) AS total,
         coalesce(sum(status = 'active'), 0) AS active,
         coalesce(sum(status = 'suspended'), 0) AS suspended,
         coalesce(sum(status = 'revoked'), 0) AS revoked,
         coalesce(sum(status <> 'revoked' AND trust_score IS NULL), 0) AS liveUnscored,
         coalesce(sum(status <> 'revoked' AND owner IS NULL), 0) AS liveWithoutOwner,
         coalesce(sum(status <> 'revoked' AND session_count = 0), 0) AS liveNeverAuthenticated,
         coalesce(sum(status = 'active' AND ? <> '' AND (last_session_time IS NULL OR last_session_time < ?)), 0) AS activeDormant
       FROM ${view} WHERE origin_id = ?`,
    )
    .get(cutoff, cutoff, originId) as AgentCounts;
  return row;
}
