import type { Overview } from '../../../core/api/schemas/replicas.ts';
import type { AppReadContext } from '../app-context.ts';
import type { AgentCounts } from './agent-counts.ts';

type Gap = Overview['coverageGaps'][number];

/**
 * Coverage gaps: what the evidence does not show about the inventory, each with a stable code the
 * window links to a filter. Only gaps with a count above zero are listed. Agents counted are the
 * live ones (not revoked), except DORMANT which counts active agents (a suspended agent is expected
 * to be idle). Staleness is the one check against the wall clock: it is about the replica now.
 */
export function coverageGaps(
  ctx: AppReadContext,
  originId: number,
  agents: AgentCounts,
  checkpoint: { size: number; firstSeenMs: number } | null,
  entries: number,
): Gap[] {
  const policy = ctx.policy();
  const { n: rejected } = ctx.store.db.prepare('SELECT count(*) AS n FROM entry_rejections WHERE origin_id = ?').get(originId) as { n: number };
  const gaps: Gap[] = [
    {
      code: 'NOT_VERIFIED',
      count: ctx.latestReport(originId) === null ? entries : 0,
      description: 'Entries this app has not verified independently yet: run a verification.',
    },
    {
      code: 'STALE_CHECKPOINT',
      count: checkpoint !== null && ctx.now() - checkpoint.firstSeenMs > policy.checkpointMaxAgeHours * 3_600_000 ? 1 : 0,
      description: `The last verified checkpoint is older than ${policy.checkpointMaxAgeHours} hours: sync to see what changed since.`,
    },
    {
      code: 'UNCHECKPOINTED_ENTRIES',
      count: checkpoint === null ? entries : Math.max(0, entries - checkpoint.size),
      description: 'Entries stored beyond the last verified checkpoint.',
    },
    {
      code: 'ENTRIES_REJECTED',
      count: rejected,
      description: 'Entries the registry logged although the rules refuse them: they changed nothing, but the registry misbehaved.',
    },
    { code: 'NO_TRUST_SCORE', count: agents.liveUnscored, description: 'Agents that were never given a trust score.' },
    { code: 'NO_OWNER', count: agents.liveWithoutOwner, description: 'Agents without an owner: nobody is accountable for them.' },
    {
      code: 'NEVER_AUTHENTICATED',
      count: agents.liveNeverAuthenticated,
      description: 'Agents that never opened a session: registered but apparently unused.',
    },
    {
      code: 'DORMANT',
      count: agents.activeDormant,
      description: `Active agents with no session in the ${policy.dormantDays} days before the newest entry: consider suspending them.`,
    },
  ];
  return gaps.filter((g) => g.count > 0);
}
