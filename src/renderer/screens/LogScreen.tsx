import '../styles/screens.css';
import { useEffect } from 'react';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { formatCount } from '../format.ts';
import { navigate } from '../router.ts';
import { EntryView } from '../log/EntryView.tsx';
import { LogFilters } from '../log/LogFilters.tsx';
import { logSelectors, useLogStore } from '../log/log-store.ts';
import { LogTable } from '../log/LogTable.tsx';

/** The Log screen: browse entries of replica `originId`; `index` (route #/log/<index>) selects one. */
export function LogScreen({ originId, index }: { originId: number; index: number | null }) {
  const open = useLogStore(logSelectors.open);
  const selectEntry = useLogStore(logSelectors.selectEntry);
  const status = useLogStore(logSelectors.status);
  const error = useLogStore(logSelectors.error);
  const retry = useLogStore(logSelectors.retry);
  const entries = useLogStore(logSelectors.entries);
  const entry = useLogStore(logSelectors.entry);
  const entryStatus = useLogStore(logSelectors.entryStatus);
  const entryError = useLogStore(logSelectors.entryError);
  const typesError = useLogStore(logSelectors.typesError);
  const loadTypes = useLogStore(logSelectors.loadTypes);

  useEffect(() => open(originId), [open, originId]);
  useEffect(() => selectEntry(index), [selectEntry, index, originId]);

  return (
    <div className="screen screen-log">
      <header className="screen-header">
        <h1>Log</h1>
        <p className="screen-count">{entries === null ? '' : `${formatCount(entries)} entries in this replica`}</p>
      </header>
      <LogFilters />
      {typesError !== null && <ErrorPanel error={typesError} onRetry={loadTypes} retryLabel="Load the statement types again" />}
      <div className={index === null ? 'log-layout' : 'log-layout with-entry'}>
        {status === 'failed' && error !== null ? <ErrorPanel error={error} onRetry={retry} /> : <LogTable />}
        {index !== null && (
          <div className="entry-pane">
            <button type="button" className="button button-quiet" onClick={() => navigate({ screen: 'log', index: null })}>
              Close entry
            </button>
            {entryStatus === 'failed' && entryError !== null ? (
              <ErrorPanel error={entryError} onRetry={() => selectEntry(index)} />
            ) : entry !== null && entry.index === index ? (
              <EntryView entry={entry} />
            ) : (
              <p role="status">Loading entry {formatCount(index)}…</p>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
