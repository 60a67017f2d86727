import type { AgentDetail } from '../../../core/api/schemas/agents.ts';
import type { AppReadContext } from '../app-context.ts';

/** One status change that affected an agent (as a target or through a cascade). */
export interface AgentStatusEvent {
  readonly index: number;
  readonly time: string;
  readonly action: string;
  readonly by: string;
  readonly reason: string;
  /** The agent was not a target: its status changed through a cascade from one. */
  readonly cascade: boolean;
}

/** Status actions whose `affected` list names `agentId`, oldest first. */
export function agentStatusEvents(ctx: AppReadContext, originId: number, agentId: string): AgentStatusEvent[] {
  const rows = ctx.store.db
    .prepare(
      `SELECT s.idx, s.time, s.action, s.by, s.reason, s.targets FROM status_actions s
       WHERE s.origin_id = ? AND EXISTS (SELECT 1 FROM json_each(s.affected) WHERE value = ?) ORDER BY s.idx`,
    )
    .all(originId, agentId) as { idx: number; time: string; action: string; by: string; reason: string; targets: string }[];
  return rows.map((r) => ({
    index: r.idx,
    time: r.time,
    action: r.action,
    by: r.by,
    reason: r.reason.slice(0, 4000),
    cascade: !(JSON.parse(r.targets) as string[]).includes(agentId),
  }));
}

/** The status history as the Agent detail screen lists it (at most 10,000, the newest kept). */
export function statusHistory(events: readonly AgentStatusEvent[]): AgentDetail['statusHistory'] {
  return events.slice(-10_000).map((e) => ({ index: e.index, time: e.time, action: e.action, by: e.by, reason: e.reason, cascade: e.cascade }));
}
