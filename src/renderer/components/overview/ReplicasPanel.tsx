import { useState } from 'react';
import type { ReplicaSummary } from '../../../core/api/schemas/replicas.ts';
import { formatCount } from '../../format.ts';
import { replicaLabel } from '../../frame/ReplicaSwitcher.tsx';
import type { ShownError } from '../../api.ts';
import { sessionSelectors } from '../../store/session-selectors.ts';
import { useSessionStore } from '../../store/session-store.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { LocalTime } from '../LocalTime.tsx';
import { Panel } from '../Panel.tsx';
import { startReplicaJob } from './start-job.ts';

/** The sync state of one replica in words (never colour alone). */
function syncState(replica: ReplicaSummary): { label: string; tone: 'ok' | 'warning' | 'danger' | 'muted' } {
  if (replica.forkEvidence > 0) return { label: `Fork evidence recorded (${formatCount(replica.forkEvidence)})`, tone: 'danger' };
  if (replica.busy) return { label: 'Syncing…', tone: 'muted' };
  if (replica.lastError !== null) return { label: 'Last sync failed', tone: 'danger' };
  if (replica.kind === 'bundle') return { label: 'Imported', tone: 'ok' };
  if (replica.lastSuccessMs === null) return { label: 'Never synced', tone: 'warning' };
  return { label: 'Synced', tone: 'ok' };
}

/** Every replica with its sync state, and Sync now for those synced from a registry. */
export function ReplicasPanel() {
  const replicas = useSessionStore(sessionSelectors.replicas);
  const active = useSessionStore(sessionSelectors.activeReplica);
  const setActiveOrigin = useSessionStore(sessionSelectors.setActiveOrigin);
  const [error, setError] = useState<ShownError | null>(null);
  const [starting, setStarting] = useState<number | null>(null);
  const show = async (originId: number) => {
    await setActiveOrigin(originId);
    // The Overview restarts for the other replica and this button goes: land on its heading.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('#main h1')?.focus());
  };
  const sync = async (originId: number) => {
    setStarting(originId);
    setError(await startReplicaJob('sync.start', originId));
    setStarting(null);
  };
  return (
    <Panel title="Replicas" className="panel-wide">
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">Replicas and their sync state</caption>
          <thead>
            <tr>
              <th scope="col">Replica</th>
              <th scope="col">Source</th>
              <th scope="col" className="num">
                Entries
              </th>
              <th scope="col">Last sync</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {replicas.map((replica) => {
              const state = syncState(replica);
              const isActive = replica.originId === active?.originId;
              return (
                <tr key={replica.originId} aria-current={isActive ? 'true' : undefined}>
                  <th scope="row">
                    {replicaLabel(replica)}
                    {isActive && <span className="tag">Shown</span>}
                  </th>
                  <td className="break">{replica.source ?? '—'}</td>
                  <td className="num">{formatCount(replica.entries)}</td>
                  <td>
                    <LocalTime value={replica.lastSuccessMs} />
                  </td>
                  <td>
                    <span className={`state state-${state.tone}`}>{state.label}</span>
                    {replica.lastError !== null && <p className="state-detail">{replica.lastError}</p>}
                  </td>
                  <td>
                    <div className="row-actions">
                    {replica.kind !== 'bundle' && (
                      <button
                        type="button"
                        className="button button-small"
                        disabled={replica.busy || starting === replica.originId}
                        onClick={() => void sync(replica.originId)}
                      >
                        {replica.busy ? 'Syncing…' : 'Sync now'}
                        <span className="visually-hidden"> {replica.origin}</span>
                      </button>
                    )}
                    {!isActive && (
                      <button type="button" className="button button-quiet button-small" onClick={() => void show(replica.originId)}>
                        Show<span className="visually-hidden"> {replica.origin}</span>
                      </button>
                    )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {error !== null && <ErrorPanel error={error} />}
    </Panel>
  );
}
