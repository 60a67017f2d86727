import { create } from 'zustand';
import type { ApiResult } from '../../core/api/contract.ts';
import type { LogEntryView, LogRow } from '../../core/api/schemas/log.ts';
import { call, toShownError, type ApiCall, type ShownError } from '../api.ts';

/**
 * The Log screen's store: a filtered list of entries paged with log.list's `next` cursor, the
 * statement types, and the selected entry (log.entry) with its proof.
 *
 * Policy: a change of filter or replica bumps `generation` and drops the list; answers for an older
 * generation (or an entry no longer selected) are ignored. Actions never reject.
 */
export const LOG_PAGE_SIZE = 100;

export interface LogQuery {
  readonly type?: string;
  readonly subject?: string;
  readonly tenant?: string;
  readonly timeFrom?: string;
  readonly timeTo?: string;
  readonly fromIndex?: number;
  readonly direction: 'asc' | 'desc';
}

export const DEFAULT_LOG_QUERY: LogQuery = { direction: 'desc' };

export interface LogState {
  originId: number | null;
  query: LogQuery;
  generation: number;
  rows: readonly LogRow[];
  next: number | null;
  total: number | null;
  entries: number | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  loadingMore: boolean;
  error: ShownError | null;
  types: ApiResult<'log.types'>['types'];
  /** log.types failed: the type picker is empty, browsing still works. */
  typesError: ShownError | null;
  entryIndex: number | null;
  entry: LogEntryView | null;
  entryStatus: 'idle' | 'loading' | 'ready' | 'failed';
  entryError: ShownError | null;
  open: (originId: number) => void;
  setQuery: (patch: Partial<LogQuery>) => void;
  clearQuery: () => void;
  loadMore: () => Promise<void>;
  retry: () => void;
  loadTypes: () => void;
  /** Selects entry `index` (null: none) and loads it. */
  selectEntry: (index: number | null) => void;
  reset: () => void;
}

/** `query` without empty fields, as log.list arguments. */
export function listArgs(originId: number, query: LogQuery, fromIndex: number | undefined) {
  const clean = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  return {
    originId,
    type: clean(query.type),
    subject: clean(query.subject),
    tenant: clean(query.tenant),
    timeFrom: clean(query.timeFrom),
    timeTo: clean(query.timeTo),
    fromIndex,
    direction: query.direction,
    limit: LOG_PAGE_SIZE,
  };
}

const emptyList = { rows: [], next: null, total: null, entries: null, error: null, loadingMore: false };
const noEntry = { entryIndex: null, entry: null, entryStatus: 'idle' as const, entryError: null };

/** A fresh Log store calling `api`. */
export function createLogStore(api: ApiCall = call) {
  return create<LogState>()((set, get) => {
    const load = async (append: boolean) => {
      const { originId, query, generation, next } = get();
      if (originId === null) return;
      const fromIndex = append ? (next ?? undefined) : query.fromIndex;
      try {
        const result = await api('log.list', listArgs(originId, query, fromIndex));
        if (get().generation !== generation) return;
        set((s) => ({
          rows: append ? [...s.rows, ...result.rows] : result.rows,
          next: result.next,
          total: result.total,
          entries: result.entries,
          status: 'ready',
          loadingMore: false,
        }));
      } catch (error) {
        if (get().generation !== generation) return;
        set({ status: 'failed', loadingMore: false, error: toShownError(error) });
      }
    };
    const restart = (patch: Partial<LogState>) => {
      set((s) => ({ ...patch, ...emptyList, generation: s.generation + 1, status: 'loading' }));
      void load(false);
    };
    const loadEntry = async (index: number) => {
      const { originId } = get();
      if (originId === null) return;
      set({ entryIndex: index, entry: null, entryStatus: 'loading', entryError: null });
      try {
        const entry = await api('log.entry', { originId, index });
        if (get().entryIndex === index && get().originId === originId) set({ entry, entryStatus: 'ready' });
      } catch (error) {
        if (get().entryIndex === index) set({ entryStatus: 'failed', entryError: toShownError(error) });
      }
    };
    return {
      originId: null,
      query: DEFAULT_LOG_QUERY,
      generation: 0,
      ...emptyList,
      status: 'idle',
      types: [],
      typesError: null,
      ...noEntry,
      open: (originId) => {
        // The same replica again: keep the filters, reload the list (the log may have grown).
        const same = get().originId === originId;
        if (same && get().status === 'loading') return;
        restart(same ? { originId } : { originId, query: DEFAULT_LOG_QUERY, types: [], ...noEntry });
        get().loadTypes();
      },
      loadTypes: () => {
        const { originId } = get();
        if (originId === null) return;
        set({ typesError: null });
        api('log.types', { originId }).then(
          ({ types }) => {
            if (get().originId === originId) set({ types });
          },
          (error: unknown) => {
            if (get().originId === originId) set({ typesError: toShownError(error) });
          },
        );
      },
      setQuery: (patch) => restart({ query: { ...get().query, ...patch } }),
      clearQuery: () => restart({ query: DEFAULT_LOG_QUERY }),
      loadMore: async () => {
        const { next, loadingMore, status } = get();
        if (next === null || loadingMore || status !== 'ready') return;
        set({ loadingMore: true });
        await load(true);
      },
      retry: () => restart({}),
      selectEntry: (index) => {
        if (index === null) {
          set(noEntry);
          return;
        }
        if (get().entryIndex === index && get().entryStatus !== 'failed' && get().entryStatus !== 'idle') return;
        void loadEntry(index);
      },
      reset: () => set({ originId: null, query: DEFAULT_LOG_QUERY, generation: 0, ...emptyList, status: 'idle', types: [], typesError: null, ...noEntry }),
    };
  });
}

export const useLogStore = createLogStore();

/** Named selectors for useLogStore. */
export const logSelectors = {
  query: (s: LogState) => s.query,
  rows: (s: LogState) => s.rows,
  next: (s: LogState) => s.next,
  total: (s: LogState) => s.total,
  entries: (s: LogState) => s.entries,
  status: (s: LogState) => s.status,
  loadingMore: (s: LogState) => s.loadingMore,
  error: (s: LogState) => s.error,
  types: (s: LogState) => s.types,
  typesError: (s: LogState) => s.typesError,
  loadTypes: (s: LogState) => s.loadTypes,
  entryIndex: (s: LogState) => s.entryIndex,
  entry: (s: LogState) => s.entry,
  entryStatus: (s: LogState) => s.entryStatus,
  entryError: (s: LogState) => s.entryError,
  open: (s: LogState) => s.open,
  setQuery: (s: LogState) => s.setQuery,
  clearQuery: (s: LogState) => s.clearQuery,
  loadMore: (s: LogState) => s.loadMore,
  retry: (s: LogState) => s.retry,
  selectEntry: (s: LogState) => s.selectEntry,
};
