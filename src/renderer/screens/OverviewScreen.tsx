import { useEffect, useState } from 'react';
import { AgentsPanel } from '../components/overview/AgentsPanel.tsx';
import { CheckpointPanel } from '../components/overview/CheckpointPanel.tsx';
import { CoverageGapsPanel } from '../components/overview/CoverageGapsPanel.tsx';
import { FindingsPanel } from '../components/overview/FindingsPanel.tsx';
import { RecentActionsPanel } from '../components/overview/RecentActionsPanel.tsx';
import { ReplicasPanel } from '../components/overview/ReplicasPanel.tsx';
import { TrustPanel } from '../components/overview/TrustPanel.tsx';
import { useOverview } from '../components/overview/use-overview.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { ReplicaAlerts } from '../components/overview/ReplicaAlerts.tsx';
import { DEFAULT_POLICY_SETTINGS } from '../../core/api/schemas/settings.ts';
import { useSessionStore } from '../store/session-store.ts';
import { replicaLabel } from '../frame/ReplicaSwitcher.tsx';

/** Ages ("5 min ago") are recomputed this often. */
const CLOCK_MS = 30_000;

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), CLOCK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The Overview of replica `originId`: sync state, the verified checkpoint, agents, findings, trust, revocations, gaps. */
export function OverviewScreen({ originId }: { originId: number }) {
  const { data, error, loading, retry } = useOverview(originId);
  const now = useNow();
  const maxAgeHours = useSessionStore((state) => state.settings?.policy.checkpointMaxAgeHours ?? DEFAULT_POLICY_SETTINGS.checkpointMaxAgeHours);
  return (
    <div className="screen screen-overview">
      <header className="screen-header">
        <h1 tabIndex={-1}>Overview</h1>
        {data !== null && <p className="screen-subtitle">{replicaLabel(data.replica)}</p>}
        {loading && data !== null && (
          <p className="muted" role="status">
            Refreshing…
          </p>
        )}
      </header>
      {error !== null && <ErrorPanel error={error} onRetry={retry} />}
      {data !== null && <ReplicaAlerts replica={data.replica} />}
      {data === null && loading && <p role="status">Loading the overview…</p>}
      {data !== null && (
        <div className="overview-grid">
          <ReplicasPanel />
          <FindingsPanel overview={data} now={now} busy={data.replica.busy} />
          <AgentsPanel overview={data} />
          <CheckpointPanel replica={data.replica} now={now} maxAgeHours={maxAgeHours} />
          <TrustPanel overview={data} />
          <RecentActionsPanel actions={data.recentStatusActions} />
          <CoverageGapsPanel gaps={data.coverageGaps} />
        </div>
      )}
    </div>
  );
}
