import { useId } from 'react';
import type { ReplicaSummary } from '../../core/api/schemas/replicas.ts';
import { sessionSelectors } from '../store/session-selectors.ts';
import { useSessionStore } from '../store/session-store.ts';

const KIND_LABELS: Readonly<Record<ReplicaSummary['kind'], string>> = { registry: 'Registry', bundle: 'Bundle', demo: 'Demo' };

/** A replica's name for people: its origin and how it was filled. */
export function replicaLabel(replica: ReplicaSummary): string {
  return `${replica.origin} (${KIND_LABELS[replica.kind]})`;
}

/** The active replica in the header: a switcher when there are several, its name otherwise. */
export function ReplicaSwitcher() {
  const replicas = useSessionStore(sessionSelectors.replicas);
  const active = useSessionStore(sessionSelectors.activeReplica);
  const setActiveOrigin = useSessionStore(sessionSelectors.setActiveOrigin);
  const id = useId();
  if (active === null) return <span className="replica-name muted">No evidence open</span>;
  if (replicas.length === 1) {
    return (
      <span className="replica-name">
        <span className="replica-caption">Replica</span> {replicaLabel(active)}
      </span>
    );
  }
  return (
    <span className="replica-switcher">
      <label htmlFor={id} className="replica-caption">
        Active replica
      </label>
      <select id={id} className="select" value={active.originId} onChange={(event) => void setActiveOrigin(Number(event.target.value))}>
        {replicas.map((replica) => (
          <option key={replica.originId} value={replica.originId}>
            {replicaLabel(replica)}
          </option>
        ))}
      </select>
    </span>
  );
}
