import '../styles/screens.css';
import { useEffect } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { formatCount } from '../format.ts';
import { activeFilterCount } from '../agents/agents-query.ts';
import { agentsSelectors } from '../agents/agents-selectors.ts';
import { useAgentsStore } from '../agents/agents-store.ts';
import { AgentsFilters } from '../agents/AgentsFilters.tsx';
import { AgentsTable } from '../agents/AgentsTable.tsx';
import { ColumnChooser } from '../agents/ColumnChooser.tsx';

/** The Agents screen: search, filter, sort and export every agent of replica `originId`. */
export function AgentsScreen({ originId }: { originId: number }) {
  const open = useAgentsStore(agentsSelectors.open);
  const status = useAgentsStore(agentsSelectors.status);
  const error = useAgentsStore(agentsSelectors.error);
  const total = useAgentsStore(agentsSelectors.total);
  const search = useAgentsStore(agentsSelectors.search);
  const filter = useAgentsStore(agentsSelectors.filter);
  const retry = useAgentsStore(agentsSelectors.retry);
  const clearFilters = useAgentsStore(agentsSelectors.clearFilters);
  const exportCsv = useAgentsStore(agentsSelectors.exportCsv);
  const exporting = useAgentsStore(agentsSelectors.exporting);
  const exportError = useAgentsStore(agentsSelectors.exportError);
  const generation = useAgentsStore(agentsSelectors.generation);
  const facetsError = useAgentsStore(agentsSelectors.facetsError);
  const loadFacets = useAgentsStore(agentsSelectors.loadFacets);

  useEffect(() => {
    performance.mark('agents:mount');
    open(originId);
  }, [open, originId]);

  // For the benchmark: an empty result is shown too (the table marks its first rows itself).
  useEffect(() => {
    if (total === 0) performance.mark('agents:rows');
  }, [total, generation]);

  const filtered = activeFilterCount(search, filter) > 0;
  return (
    <div className="screen screen-agents">
      <header className="screen-header">
        <h1>Agents</h1>
        <p className="screen-count" role="status" aria-live="polite">
          {total === null ? 'Counting agents…' : `${formatCount(total)} ${total === 1 ? 'agent' : 'agents'}${filtered ? ' match' : ''}`}
        </p>
        <div className="screen-actions">
          <ColumnChooser />
          <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting || total === 0 || total === null}>
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </header>
      <AgentsFilters />
      {facetsError !== null && <ErrorPanel error={facetsError} onRetry={loadFacets} retryLabel="Load the tenant and owner lists again" />}
      {exportError !== null && <ErrorPanel error={exportError} onRetry={() => void exportCsv()} retryLabel="Export again" />}
      {status === 'failed' && error !== null ? (
        <ErrorPanel error={error} onRetry={retry} />
      ) : total === 0 ? (
        <EmptyState
          title={filtered ? 'No agents match' : 'No agents yet'}
          actions={
            filtered ? (
              <button type="button" className="button" onClick={clearFilters}>
                Clear filters
              </button>
            ) : undefined
          }
        >
          {filtered
            ? 'No agent in this replica matches the search and filters. Loosen a filter or clear them all.'
            : 'This replica holds no registered agents. Sync the registry or open another evidence bundle.'}
        </EmptyState>
      ) : (
        <AgentsTable />
      )}
    </div>
  );
}
