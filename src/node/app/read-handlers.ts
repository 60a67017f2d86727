import type { ApiHandlers } from '../../core/api/contract.ts';
import type { AppReadContext } from './app-context.ts';
import { getAgent } from './queries/agent-detail.ts';
import { agentView } from './queries/agent-view.ts';
import { entryView } from './queries/entry-view.ts';
import { agentFacets } from './queries/agents-facets.ts';
import { exportAgentsCsv } from './queries/agents-csv.ts';
import { queryAgents } from './queries/agents-query.ts';
import { getLogEntry } from './queries/log-entry.ts';
import { listLog, logTypes } from './queries/log-list.ts';
import { getOverview } from './queries/overview.ts';
import { listReplicas } from './queries/replicas-list.ts';
import { getTrustHistory } from './queries/trust-history.ts';

export type ReadMethod =
  | 'replicas.list'
  | 'overview.get'
  | 'agents.query'
  | 'agents.facets'
  | 'agents.exportCsv'
  | 'agents.get'
  | 'agents.trustHistory'
  | 'log.list'
  | 'log.types'
  | 'log.entry';

/**
 * The read side of the app API (issue 6): the queries behind the Overview, Agents, Agent detail and
 * Log screens, over the replica in `ctx` (./queries, one file per query). Handlers receive
 * arguments the contract has parsed; `invokeMethod` checks their results against it. Synchronous:
 * better-sqlite3 reads on the calling thread, each query bounded by its page size.
 * Failure codes: APP_NOT_FOUND for an unknown origin, agent or entry index.
 */
export function createReadHandlers(ctx: AppReadContext): Pick<ApiHandlers, ReadMethod> {
  return {
    'replicas.list': () => listReplicas(ctx),
    'overview.get': (args) => getOverview(ctx, args),
    'agents.query': (args) => queryAgents(ctx, args),
    'agents.facets': (args) => agentFacets(ctx, args),
    'agents.exportCsv': (args) => exportAgentsCsv(ctx, args),
    'agents.get': (args) => getAgent(ctx, args),
    'agents.trustHistory': (args) => getTrustHistory(ctx, args),
    'log.list': (args) => listLog(ctx, args),
    'log.types': (args) => logTypes(ctx, args),
    'log.entry': (args) => getLogEntry(ctx, args),
  };
}

/**
 * Builds the read side's per-connection copies for an origin now (queries/agent-view.ts and
 * entry-view.ts), so that the first screen after a sync or an import does not pay for them (about
 * a second at 100,000 agents). Optional: every query builds what it needs on first use. Call it
 * after a job that added entries has finished (while one runs, the agents copy is refreshed at most
 * every few seconds). Precondition: `originId` is pinned in ctx.store.
 */
export function warmReadSide(ctx: AppReadContext, originId: number): void {
  agentView(ctx, originId);
  entryView(ctx, originId);
}
