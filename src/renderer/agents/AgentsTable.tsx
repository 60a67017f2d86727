import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AgentColumn } from '../../core/api/schemas/agents.ts';
import { navigate, routeToHash } from '../router.ts';
import { ariaSortOf, rowAt } from './agents-query.ts';
import { agentsSelectors } from './agents-selectors.ts';
import { useAgentsStore } from './agents-store.ts';
import { COLUMN_SPECS } from './agent-columns.tsx';

const ROW_HEIGHT = 36;
const SCROLL_SETTLE_MS = 60;

/**
 * The Agents grid (ARIA grid pattern, one tab stop): virtualised rows (only those in view exist in
 * the DOM, so 100,000 agents scroll smoothly), `aria-rowcount`/`aria-rowindex` so assistive
 * technology knows the true size, arrow keys / Page Up / Page Down / Home / End move the focused
 * row, Enter opens the agent. Pages are fetched as rows come into view.
 */
export function AgentsTable() {
  const total = useAgentsStore(agentsSelectors.total) ?? 0;
  const pages = useAgentsStore(agentsSelectors.pages);
  const columns = useAgentsStore(agentsSelectors.columns);
  const sort = useAgentsStore(agentsSelectors.sort);
  const generation = useAgentsStore(agentsSelectors.generation);
  const ensureRange = useAgentsStore(agentsSelectors.ensureRange);
  const toggleSort = useAgentsStore(agentsSelectors.toggleSort);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(0);
  const focusPending = useRef(false);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // Fetch what is in view once scrolling pauses: dragging the scroll bar across 100,000 rows must
  // not ask for every page it passes (the store fetches the first page of a query itself).
  useEffect(() => {
    const timer = setTimeout(() => ensureRange(first, last), SCROLL_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [first, last, generation, total, ensureRange]);

  // A new query starts at the top.
  useEffect(() => {
    setFocused(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [generation]);

  // Marks for the benchmark: the first rows of each query are on screen.
  const firstLoaded = pages[0] !== undefined;
  useEffect(() => {
    if (firstLoaded) performance.mark('agents:rows');
  }, [firstLoaded, generation]);

  useEffect(() => {
    if (!focusPending.current) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row="${focused}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      focusPending.current = false;
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setFocused(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(focused + 1),
      ArrowUp: () => moveTo(focused - 1),
      PageDown: () => moveTo(focused + pageRows),
      PageUp: () => moveTo(focused - pageRows),
      Home: () => moveTo(0),
      End: () => moveTo(total - 1),
      Enter: () => {
        const row = rowAt(pages, focused);
        if (row) navigate({ screen: 'agent', agentId: row.id });
      },
    };
    const action = keys[event.key];
    if (action === undefined || total === 0) return;
    event.preventDefault();
    action();
  };

  return (
    <div className="agents-grid" role="grid" aria-label="Agents" aria-rowcount={total + 1} aria-colcount={columns.length}>
      <div role="rowgroup" className="agents-head">
        <div role="row" aria-rowindex={1} className="agents-row">
          {columns.map((column) => (
            <HeaderCell key={column} column={column} sort={ariaSortOf(sort, column)} onSort={() => toggleSort(column)} />
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="agents-body" role="rowgroup" onKeyDown={onKeyDown}>
        <div className="agents-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rowAt(pages, item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                data-row={item.index}
                tabIndex={item.index === focused ? 0 : -1}
                className={row === undefined ? 'agents-row loading' : 'agents-row'}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => {
                  setFocused(item.index);
                  if (row) navigate({ screen: 'agent', agentId: row.id });
                }}
                onFocus={() => setFocused(item.index)}
              >
                {columns.map((column) => (
                  <div key={column} role="gridcell" className={cellClass(column)}>
                    {row === undefined ? (
                      column === columns[0] ? <span className="muted">Loading…</span> : null
                    ) : column === 'displayName' ? (
                      <a href={routeToHash({ screen: 'agent', agentId: row.id })} tabIndex={-1}>
                        {row.displayName}
                      </a>
                    ) : (
                      COLUMN_SPECS[column].render(row)
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function cellClass(column: AgentColumn): string {
  const spec = COLUMN_SPECS[column];
  return `agents-cell ${spec.className}${spec.numeric ? ' num' : ''}`;
}

function HeaderCell({ column, sort, onSort }: { column: AgentColumn; sort: 'ascending' | 'descending' | 'none'; onSort: () => void }) {
  const arrow = sort === 'ascending' ? '▲' : sort === 'descending' ? '▼' : '';
  return (
    <div role="columnheader" aria-sort={sort} className={cellClass(column)}>
      <button type="button" className="sort-button" onClick={onSort}>
        {COLUMN_SPECS[column].label}
        <span aria-hidden="true" className="sort-arrow">
          {arrow}
        </span>
      </button>
    </div>
  );
}
