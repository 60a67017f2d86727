import { create } from 'zustand';
import type { AgentColumn, AgentFilter, AgentRow } from '../../core/api/schemas/agents.ts';
import type { ApiResult } from '../../core/api/contract.ts';
import {
  AGENT_PAGE_SIZE,
  DEFAULT_SORT,
  effectiveFilter,
  nextSort,
  pagesForRange,
  pagesToEvict,
  parseStoredColumns,
  toggleColumn,
  type AgentSort,
} from './agents-query.ts';
import { saveTextFile } from './save-file.ts';
import { call, toShownError, type ApiCall, type ShownError } from '../api.ts';

/**
 * The Agents screen's store: the query (search, filters, sort), a bounded cache of server pages
 * (agents.query, 200 rows each, fetched as rows scroll into view), facets, chosen columns and CSV
 * export.
 *
 * Policy: every change of the query or replica bumps `generation`, drops the cache and the total;
 * a page answer for an older generation is ignored (a slow answer can never paint rows of a
 * previous filter). Failures are kept as {code, message} for ErrorPanel; actions never reject.
 */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';
export type Facets = ApiResult<'agents.facets'>;

export const COLUMNS_STORAGE_KEY = 'warden.agents.columns.v1';

export interface AgentsState {
  originId: number | null;
  search: string;
  filter: Omit<AgentFilter, 'search'>;
  sort: AgentSort;
  generation: number;
  total: number | null;
  pages: Readonly<Record<number, readonly AgentRow[]>>;
  status: LoadStatus;
  error: ShownError | null;
  facets: Facets | null;
  /** agents.facets failed: the tenant and owner pickers are empty, the table still works. */
  facetsError: ShownError | null;
  columns: readonly AgentColumn[];
  exporting: boolean;
  exportError: ShownError | null;
  /** Opens replica `originId`: keeps the query when it is the same replica, and reloads the rows. */
  open: (originId: number) => void;
  setSearch: (search: string) => void;
  setFilter: (patch: Partial<Omit<AgentFilter, 'search'>>) => void;
  clearFilters: () => void;
  toggleSort: (column: AgentColumn) => void;
  /** Fetches the pages covering rows first..last that are neither cached nor on their way. */
  ensureRange: (first: number, last: number) => void;
  setColumnShown: (column: AgentColumn, shown: boolean) => void;
  /** Reloads the current view from the first page (after an error). */
  retry: () => void;
  loadFacets: () => void;
  exportCsv: () => Promise<void>;
  reset: () => void;
}

function readStoredColumns(): AgentColumn[] {
  try {
    return parseStoredColumns(typeof localStorage === 'undefined' ? null : localStorage.getItem(COLUMNS_STORAGE_KEY));
  } catch {
    // Storage may be disabled; the defaults do.
    return parseStoredColumns(null);
  }
}

function storeColumns(columns: readonly AgentColumn[]): void {
  try {
    if (typeof localStorage !== 'undefined') localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(columns));
  } catch {
    // Not remembering a column choice is harmless.
  }
}

const initialQuery = () => ({
  search: '',
  filter: {},
  sort: DEFAULT_SORT,
  generation: 0,
  total: null,
  pages: {},
  status: 'idle' as LoadStatus,
  error: null,
});

/** A fresh Agents store calling `api` (the real app API unless a test passes a fake). */
export function createAgentsStore(api: ApiCall = call) {
  // Pages on their way, per generation: outside the state so that bookkeeping causes no render.
  let inFlight = new Set<number>();

  return create<AgentsState>()((set, get) => {
    const restart = (patch: Partial<AgentsState>) => {
      inFlight = new Set();
      set((s) => ({ ...patch, generation: s.generation + 1, total: null, pages: {}, status: 'loading', error: null }));
      if (typeof performance !== 'undefined') performance.mark('agents:query');
      get().ensureRange(0, AGENT_PAGE_SIZE - 1);
    };

    const fetchPage = async (page: number) => {
      const { originId, generation, search, filter, sort } = get();
      if (originId === null) return;
      inFlight.add(page);
      const pending = inFlight;
      try {
        const result = await api('agents.query', {
          originId,
          filter: effectiveFilter(search, filter),
          sort,
          offset: page * AGENT_PAGE_SIZE,
          limit: AGENT_PAGE_SIZE,
        });
        if (get().generation !== generation) return;
        set((s) => {
          const pages: Record<number, readonly AgentRow[]> = { ...s.pages, [page]: result.rows };
          for (const old of pagesToEvict(Object.keys(pages).map(Number), page)) delete pages[old];
          return { pages, total: result.total, status: 'ready' };
        });
      } catch (error) {
        if (get().generation !== generation) return;
        set({ status: 'failed', error: toShownError(error) });
      } finally {
        pending.delete(page);
      }
    };

    return {
      originId: null,
      ...initialQuery(),
      facets: null,
      facetsError: null,
      columns: readStoredColumns(),
      exporting: false,
      exportError: null,
      open: (originId) => {
        // Coming back to the same replica keeps the query but refetches (a sync may have changed it).
        const sameReplica = get().originId === originId;
        if (sameReplica && get().status === 'loading') return;
        restart(sameReplica ? { originId } : { originId, search: '', filter: {}, sort: DEFAULT_SORT, facets: null });
        get().loadFacets();
      },
      loadFacets: () => {
        const { originId } = get();
        if (originId === null) return;
        set({ facetsError: null });
        api('agents.facets', { originId }).then(
          (facets) => {
            if (get().originId === originId) set({ facets });
          },
          (error: unknown) => {
            if (get().originId === originId) set({ facetsError: toShownError(error) });
          },
        );
      },
      setSearch: (search) => {
        if (search !== get().search) restart({ search });
      },
      setFilter: (patch) => restart({ filter: { ...get().filter, ...patch } }),
      clearFilters: () => restart({ search: '', filter: {} }),
      toggleSort: (column) => restart({ sort: nextSort(get().sort, column) }),
      ensureRange: (first, last) => {
        const { total, pages, status } = get();
        if (status === 'failed') return;
        // Before the first answer the total is unknown: ask for the first page only.
        const wanted = total === null ? [0] : pagesForRange(first, last, total);
        for (const page of wanted) if (pages[page] === undefined && !inFlight.has(page)) void fetchPage(page);
      },
      setColumnShown: (column, shown) => {
        const columns = toggleColumn(get().columns, column, shown);
        storeColumns(columns);
        set({ columns });
      },
      retry: () => restart({}),
      exportCsv: async () => {
        const { originId, search, filter, sort, columns } = get();
        if (originId === null) return;
        set({ exporting: true, exportError: null });
        try {
          const result = await api('agents.exportCsv', { originId, filter: effectiveFilter(search, filter), sort, columns: [...columns] });
          saveTextFile(result.fileName, result.csv, 'text/csv;charset=utf-8');
          set({ exporting: false });
        } catch (error) {
          set({ exporting: false, exportError: toShownError(error) });
        }
      },
      reset: () => {
        inFlight = new Set();
        set({ originId: null, ...initialQuery(), facets: null, facetsError: null, columns: readStoredColumns(), exporting: false, exportError: null });
      },
    };
  });
}

export const useAgentsStore = createAgentsStore();
