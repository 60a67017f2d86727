import type { AgentColumn, AgentFilter, AgentRow } from '../../../core/api/schemas/agents.ts';
import type { AppReadContext } from '../app-context.ts';
import { AGENT_FINDINGS, AGENT_VIEW, agentFindings, agentView } from './agent-view.ts';
import { dormantCutoff } from './log-time.ts';
import { findingsByAgent, findingsByAgentJson } from './report-findings.ts';

/**
 * The SQL of the Agents table (agents.query and agents.exportCsv). Policy: every value from the
 * renderer is a bound parameter; the only text spliced into the SQL comes from the fixed maps below,
 * chosen by enum values the contract has already validated. Filters combine with AND; sorting is by
 * one column with `id` as the tiebreak, NULLs last in both directions, so that pages are stable.
 */

export interface AgentSelect {
  /** `FROM … WHERE …`. */
  readonly from: string;
  readonly params: unknown[];
  /** Row columns, in AgentRow order (for `SELECT`). */
  readonly columns: string;
  /** Findings per agent of the latest report, for rows selected without the join (agentRowOf). */
  readonly findings: ReadonlyMap<string, number> | null;
}

// The rows come from the narrow copy of the agents table, and the findings per agent of the latest
// report from their own table (agent-view.ts), joined by primary key, only when the filter or the
// sort needs them: a join costs a lookup per matching row, and a page needs only its own 200.
const FROM_JOINED = `FROM ${AGENT_VIEW} a LEFT JOIN ${AGENT_FINDINGS} f ON f.origin_id = a.origin_id AND f.agent = a.id`;
const FROM_PLAIN = `FROM ${AGENT_VIEW} a`;

const COLUMNS = `a.id, a.display_name, a.tenant, a.tenant_name, a.owner, a.status, a.trust_score, a.trust_band, a.registered_time,
  a.last_session_time, a.session_count, a.key_count, a.depth`;

const BAND_RANK = `CASE a.trust_band WHEN 'suspension' THEN 0 WHEN 'human_approval' THEN 1 WHEN 'alert' THEN 2 WHEN 'normal' THEN 3 WHEN 'full_autonomy' THEN 4 END`;

const SORT_EXPRESSIONS: Readonly<Record<AgentColumn, string>> = {
  id: 'a.id',
  displayName: 'a.display_name COLLATE NOCASE', // served by an index of the narrow copy
  tenant: 'a.tenant',
  owner: 'a.owner COLLATE NOCASE',
  status: 'a.status',
  trustScore: 'a.trust_score',
  trustBand: BAND_RANK,
  registeredTime: 'a.registered_idx',
  lastSessionTime: 'a.last_session_time',
  sessionCount: 'a.session_count',
  keyCount: 'a.key_count',
  depth: 'a.depth',
  findings: 'coalesce(f.n, 0)', // the select joins the findings for this sort
};

/**
 * `FROM … WHERE …` and its parameters for `filter` on the origin's agents, with the findings joined
 * when the filter needs them or `joinFindings` (a sort by findings) asks for them.
 */
export function agentSelect(ctx: AppReadContext, originId: number, filter: AgentFilter, joinFindings = false): AgentSelect {
  agentView(ctx, originId);
  const counts = findingsByAgent(ctx, originId);
  const joined = joinFindings || filter.hasFinding !== undefined;
  if (joined) agentFindings(ctx, originId, findingsByAgentJson(counts));
  const where = ['a.origin_id = ?'];
  const params: unknown[] = [originId];
  const add = (clause: string, ...values: unknown[]): void => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.search !== undefined && filter.search !== '') {
    // Case-insensitive (Unicode case folding, as in agent-view.ts) substring of id, name or owner,
    // matched with instr: no pattern characters, so % _ and quotes are literal. No field holds NUL
    // or the separator (statements refuse control characters), so a search with one matches nothing.
    if (filter.search.includes('\u0000') || filter.search.includes('\u001f')) add('0');
    else add('instr(a.search_text, ?) > 0', filter.search.toLowerCase());
  }
  if (filter.tenant !== undefined) add('a.tenant = ?', filter.tenant);
  if (filter.status !== undefined) add('a.status = ?', filter.status);
  if (filter.owner !== undefined) add('a.owner = ?', filter.owner);
  if (filter.scoreBand === 'unscored') add('a.trust_score IS NULL');
  else if (filter.scoreBand !== undefined) add('a.trust_band = ?', filter.scoreBand);
  if (filter.hasFinding !== undefined) add(filter.hasFinding ? 'f.n IS NOT NULL' : 'f.n IS NULL');
  if (filter.dormant !== undefined) {
    const cutoff = dormantCutoff(ctx, originId);
    // "No session within dormantDays of the newest log time" (log-time.ts): never is dormant too.
    if (cutoff === null) add(filter.dormant ? '0' : '1');
    else if (filter.dormant) add('(a.last_session_time IS NULL OR a.last_session_time < ?)', cutoff);
    else add('a.last_session_time >= ?', cutoff);
  }
  return {
    from: `${joined ? FROM_JOINED : FROM_PLAIN} WHERE ${where.join(' AND ')}`,
    params,
    columns: `${COLUMNS}, ${joined ? 'coalesce(f.n, 0)' : '0'} AS findings`,
    findings: joined ? null : counts,
  };
}

// Columns that may be NULL: only these get NULLS LAST (which keeps SQLite from walking an index).
const NULLABLE: ReadonlySet<AgentColumn> = new Set(['owner', 'trustScore', 'trustBand', 'lastSessionTime']);

/**
 * `ORDER BY` for a sort (NULLs last, `id` as the tiebreak in the same direction). `filtered`: the
 * WHERE clause narrows the rows, so sorting the matches beats walking the name index over every
 * agent and skipping most (a unary `+` keeps SQLite from choosing the index; the temp table has no
 * statistics to tell it).
 */
export function agentOrder(column: AgentColumn, direction: 'asc' | 'desc', filtered = false): string {
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  const nulls = NULLABLE.has(column) ? ' NULLS LAST' : '';
  const tiebreak = column === 'id' ? '' : `, a.id ${dir}`;
  const expression = filtered && column === 'displayName' ? '+a.display_name COLLATE NOCASE' : SORT_EXPRESSIONS[column];
  return `ORDER BY ${expression} ${dir}${nulls}${tiebreak}`;
}

/** Whether `filter` constrains the rows at all. */
export function isFiltered(filter: AgentFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined && v !== '');
}

export interface AgentDbRow {
  id: string;
  display_name: string;
  tenant: string;
  tenant_name: string | null;
  owner: string | null;
  status: AgentRow['status'];
  trust_score: number | null;
  trust_band: AgentRow['trustBand'];
  registered_time: string;
  last_session_time: string | null;
  session_count: number;
  key_count: number;
  depth: number;
  findings: number;
}

/** The API row of a database row (`findings` from the map when the select did not join them). */
export function agentRowOf(r: AgentDbRow, findings: ReadonlyMap<string, number> | null): AgentRow {
  return {
    id: r.id,
    displayName: r.display_name,
    tenant: r.tenant,
    tenantName: r.tenant_name,
    owner: r.owner,
    status: r.status,
    trustScore: r.trust_score,
    trustBand: r.trust_band,
    registeredTime: r.registered_time,
    lastSessionTime: r.last_session_time,
    sessionCount: r.session_count,
    keyCount: r.key_count,
    depth: r.depth,
    findings: findings === null ? r.findings : (findings.get(r.id) ?? 0),
  };
}
