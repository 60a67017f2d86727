import { AGENT_COLUMNS, type AgentColumn, type AgentFilter, type AgentRow } from '../../core/api/schemas/agents.ts';

/**
 * Pure helpers of the Agents table: which pages a visible range needs, which cached pages to drop,
 * how a header click changes the sort, and which stored column choices are valid. No DOM, no store:
 * tested alone (test/renderer/agents).
 */
export const AGENT_PAGE_SIZE = 200;
/** Pages kept in memory (×200 rows): enough for fast scrolling back, bounded whatever the total. */
export const MAX_CACHED_PAGES = 40;

export type SortDirection = 'asc' | 'desc';
export interface AgentSort {
  readonly column: AgentColumn;
  readonly direction: SortDirection;
}

export const DEFAULT_SORT: AgentSort = { column: 'displayName', direction: 'asc' };
export const DEFAULT_COLUMNS: readonly AgentColumn[] = ['displayName', 'tenant', 'owner', 'status', 'trustScore', 'lastSessionTime', 'findings'];

/** The pages (by number) covering rows first..last inclusive, clipped to `total`. Empty when total is 0. */
export function pagesForRange(first: number, last: number, total: number, pageSize = AGENT_PAGE_SIZE): number[] {
  if (total <= 0 || last < first) return [];
  const lo = Math.max(0, Math.floor(Math.max(0, first) / pageSize));
  const hi = Math.floor(Math.min(total - 1, Math.max(0, last)) / pageSize);
  const pages: number[] = [];
  for (let p = lo; p <= hi; p++) pages.push(p);
  return pages;
}

/**
 * The cached page numbers to drop so that at most `max` remain: the farthest from `around` first
 * (the rows the person is looking at stay).
 */
export function pagesToEvict(cached: readonly number[], around: number, max = MAX_CACHED_PAGES): number[] {
  if (cached.length <= max) return [];
  const byDistance = [...cached].sort((a, b) => Math.abs(b - around) - Math.abs(a - around) || b - a);
  return byDistance.slice(0, cached.length - max);
}

/** The row at `index` from the page cache, or undefined while its page is not loaded. */
export function rowAt(pages: Readonly<Record<number, readonly AgentRow[]>>, index: number, pageSize = AGENT_PAGE_SIZE): AgentRow | undefined {
  return pages[Math.floor(index / pageSize)]?.[index % pageSize];
}

/**
 * The sort after a click on `column`'s header: the same column flips its direction; another column
 * starts ascending, except numbers and times, which start with the largest/latest first (what an
 * auditor looks for).
 */
export function nextSort(current: AgentSort, column: AgentColumn): AgentSort {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: DESCENDING_FIRST.has(column) ? 'desc' : 'asc' };
}
const DESCENDING_FIRST: ReadonlySet<AgentColumn> = new Set(['trustScore', 'registeredTime', 'lastSessionTime', 'sessionCount', 'keyCount', 'depth', 'findings']);

/** `aria-sort` for a header. */
export function ariaSortOf(sort: AgentSort, column: AgentColumn): 'ascending' | 'descending' | 'none' {
  if (sort.column !== column) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/**
 * Column choices read back from storage (attacker-free but possibly stale or hand-edited): known
 * columns only, each once, in the table's order; the defaults when nothing valid remains.
 */
export function parseStoredColumns(raw: string | null): AgentColumn[] {
  if (raw === null) return [...DEFAULT_COLUMNS];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [...DEFAULT_COLUMNS];
  }
  if (!Array.isArray(parsed)) return [...DEFAULT_COLUMNS];
  const wanted = new Set(parsed.filter((c): c is string => typeof c === 'string'));
  const columns = AGENT_COLUMNS.filter((c) => wanted.has(c));
  return columns.length > 0 ? columns : [...DEFAULT_COLUMNS];
}

/** `columns` with `column` shown or hidden, in the table's order; the last shown column cannot be hidden. */
export function toggleColumn(columns: readonly AgentColumn[], column: AgentColumn, shown: boolean): AgentColumn[] {
  const set = new Set(columns);
  if (shown) set.add(column);
  else if (set.size > 1) set.delete(column);
  return AGENT_COLUMNS.filter((c) => set.has(c));
}

/** The filter sent to the API: the search trimmed (omitted when empty), unset fields left out. */
export function effectiveFilter(search: string, filter: AgentFilter): AgentFilter {
  const out: AgentFilter = {};
  const text = search.trim();
  if (text !== '') out.search = text.slice(0, 200);
  if (filter.tenant !== undefined) out.tenant = filter.tenant;
  if (filter.status !== undefined) out.status = filter.status;
  if (filter.owner !== undefined && filter.owner.trim() !== '') out.owner = filter.owner.trim().slice(0, 200);
  if (filter.scoreBand !== undefined) out.scoreBand = filter.scoreBand;
  if (filter.hasFinding !== undefined) out.hasFinding = filter.hasFinding;
  if (filter.dormant !== undefined) out.dormant = filter.dormant;
  return out;
}

/** How many filters are active (the search included), for the "Clear filters" button. */
export function activeFilterCount(search: string, filter: AgentFilter): number {
  return Object.keys(effectiveFilter(search, filter)).length;
}
