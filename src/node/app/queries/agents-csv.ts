import type { ApiArgs, ApiResult } from '../../../core/api/contract.ts';
import type { AgentColumn, AgentRow } from '../../../core/api/schemas/agents.ts';
import type { AppReadContext } from '../app-context.ts';
import { agentOrder, isFiltered, agentRowOf, agentSelect, type AgentDbRow } from './agent-sql.ts';
import { csvRecord } from './csv.ts';
import { requireOrigin } from './not-found.ts';

/** Header names (the column ids, which are stable and need no quoting). */
const HEADER: Readonly<Record<AgentColumn, string>> = {
  id: 'id',
  displayName: 'display_name',
  tenant: 'tenant',
  owner: 'owner',
  status: 'status',
  trustScore: 'trust_score',
  trustBand: 'trust_band',
  registeredTime: 'registered_time',
  lastSessionTime: 'last_session_time',
  sessionCount: 'session_count',
  keyCount: 'key_count',
  depth: 'depth',
  findings: 'findings',
};

/**
 * agents.exportCsv: the current view of the Agents table (filter and sort as agents.query, every
 * page) as RFC 4180 CSV with a header row and the chosen columns in the chosen order (csv.ts).
 * Rows are streamed from SQLite. Throws APP_NOT_FOUND for an unknown origin.
 */
export function exportAgentsCsv(ctx: AppReadContext, args: ApiArgs<'agents.exportCsv'>): ApiResult<'agents.exportCsv'> {
  const origin = requireOrigin(ctx, args.originId);
  const select = agentSelect(ctx, args.originId, args.filter, args.sort.column === 'findings');
  const statement = ctx.store.db.prepare(`SELECT ${select.columns} ${select.from} ${agentOrder(args.sort.column, args.sort.direction, isFiltered(args.filter))}`);
  const parts: string[] = [csvRecord(args.columns.map((c) => HEADER[c]))];
  let rows = 0;
  for (const db of statement.iterate(...select.params) as Iterable<AgentDbRow>) {
    const row: AgentRow = agentRowOf(db, select.findings);
    parts.push(csvRecord(args.columns.map((c) => row[c])));
    rows++;
  }
  return { fileName: `agents-${slug(origin.origin)}.csv`, rows, csv: parts.join('') };
}

/** A file-name-safe form of an origin. */
function slug(origin: string): string {
  return origin.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'replica';
}
