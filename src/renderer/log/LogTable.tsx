import type { KeyboardEvent } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { LocalTime } from '../components/LocalTime.tsx';
import { formatCount } from '../format.ts';
import { routeToHash } from '../router.ts';
import { logSelectors, useLogStore } from './log-store.ts';

/** Arrow keys move between the entries' links (each row's index link), Home/End to the first and last. */
function onRowsKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('td:first-child a')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const target = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[event.key];
  if (target === undefined || at < 0) return;
  event.preventDefault();
  links[Math.max(0, Math.min(links.length - 1, target))]?.focus();
}

/** The entries matching the Log filters, one page at a time (log.list `next`). Each index links to the entry. */
export function LogTable() {
  const rows = useLogStore(logSelectors.rows);
  const next = useLogStore(logSelectors.next);
  const total = useLogStore(logSelectors.total);
  const status = useLogStore(logSelectors.status);
  const loadingMore = useLogStore(logSelectors.loadingMore);
  const loadMore = useLogStore(logSelectors.loadMore);
  const selected = useLogStore(logSelectors.entryIndex);
  const clearQuery = useLogStore(logSelectors.clearQuery);

  if (status === 'ready' && rows.length === 0) {
    return (
      <EmptyState
        title="No entries match"
        actions={
          <button type="button" className="button" onClick={clearQuery}>
            Show all entries
          </button>
        }
      >
        No log entry matches these filters. Widen the time range, pick another type, or clear the filters.
      </EmptyState>
    );
  }
  return (
    <section className="log-list" aria-label="Entries">
      <table className="data-table">
        <caption className="visually-hidden">Log entries{total !== null ? `, ${formatCount(total)} matching` : ''}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Index
            </th>
            <th scope="col">Type</th>
            <th scope="col">Subject</th>
            <th scope="col">Tenant</th>
            <th scope="col">Time</th>
            <th scope="col">Fold</th>
          </tr>
        </thead>
        <tbody onKeyDown={onRowsKeyDown}>
          {rows.map((row) => (
            <tr key={row.index} aria-current={row.index === selected ? 'true' : undefined} className={row.index === selected ? 'selected' : undefined}>
              <td className="num">
                <a href={routeToHash({ screen: 'log', index: row.index })} aria-label={`Entry ${formatCount(row.index)}`}>
                  {formatCount(row.index)}
                </a>
              </td>
              <td className="mono">{row.type ?? '—'}</td>
              <td className="mono truncate" title={row.subject ?? undefined}>
                {row.subject ?? '—'}
              </td>
              <td className="truncate">{row.tenant ?? '—'}</td>
              <td>
                <LocalTime value={row.time} />
              </td>
              <td>{row.rejection === null ? <span className="muted">Applied</span> : <span className="badge badge-revoked">Rejected: {row.rejection}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="list-footer">
        {status === 'loading' ? 'Loading entries…' : `Showing ${formatCount(rows.length)} of ${formatCount(total ?? rows.length)}`}
        {next !== null && (
          <button type="button" className="button button-quiet" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more entries'}
          </button>
        )}
      </p>
    </section>
  );
}
