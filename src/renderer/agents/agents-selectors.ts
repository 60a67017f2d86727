import type { AgentsState } from './agents-store.ts';

/** Named selectors for useAgentsStore (STYLE.md). */
export const agentsSelectors = {
  originId: (s: AgentsState) => s.originId,
  search: (s: AgentsState) => s.search,
  filter: (s: AgentsState) => s.filter,
  sort: (s: AgentsState) => s.sort,
  generation: (s: AgentsState) => s.generation,
  total: (s: AgentsState) => s.total,
  pages: (s: AgentsState) => s.pages,
  status: (s: AgentsState) => s.status,
  error: (s: AgentsState) => s.error,
  facets: (s: AgentsState) => s.facets,
  facetsError: (s: AgentsState) => s.facetsError,
  loadFacets: (s: AgentsState) => s.loadFacets,
  columns: (s: AgentsState) => s.columns,
  exporting: (s: AgentsState) => s.exporting,
  exportError: (s: AgentsState) => s.exportError,
  open: (s: AgentsState) => s.open,
  setSearch: (s: AgentsState) => s.setSearch,
  setFilter: (s: AgentsState) => s.setFilter,
  clearFilters: (s: AgentsState) => s.clearFilters,
  toggleSort: (s: AgentsState) => s.toggleSort,
  ensureRange: (s: AgentsState) => s.ensureRange,
  setColumnShown: (s: AgentsState) => s.setColumnShown,
  retry: (s: AgentsState) => s.retry,
  exportCsv: (s: AgentsState) => s.exportCsv,
};
