import { PRODUCT_NAME } from '../../core/api/product.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { InstallationPanel } from '../components/InstallationPanel.tsx';
import type { Route } from '../router.ts';
import type { ShownScreen } from './shown-screen.ts';
import { OverviewScreen } from '../screens/OverviewScreen.tsx';
import { SettingsScreen } from '../screens/SettingsScreen.tsx';
import { StartScreen } from '../screens/StartScreen.tsx';
import { sessionSelectors } from '../store/session-selectors.ts';
import { useSessionStore } from '../store/session-store.ts';
import { AgentDetailScreen, AgentsScreen, LogScreen, VerificationScreen } from './screen-registry.ts';

/**
 * The screen `shown` (shown-screen.ts) for `route`. With no replica yet, data routes show the Start
 * screen, which says how to get one; the address is left as the person typed it.
 */
export function ScreenOutlet({ route, shown }: { route: Route; shown: ShownScreen }) {
  const error = useSessionStore(sessionSelectors.replicasError);
  const loadReplicas = useSessionStore(sessionSelectors.loadReplicas);
  const active = useSessionStore(sessionSelectors.activeReplica);

  if (shown === 'settings') return <SettingsScreen />;
  if (shown === 'start') return <StartScreen />;
  if (shown === 'loading' || active === null) {
    return (
      <div className="screen">
        <h1>{PRODUCT_NAME}</h1>
        {shown === 'unavailable' && error !== null ? (
          <>
            <ErrorPanel error={error} onRetry={() => void loadReplicas()} />
            <InstallationPanel />
          </>
        ) : (
          <p role="status">Opening your replicas…</p>
        )}
      </div>
    );
  }
  const originId = active.originId;
  // Keyed by replica: switching replicas starts each screen afresh.
  switch (route.screen) {
    case 'agents':
      return <AgentsScreen key={originId} originId={originId} />;
    case 'agent':
      return <AgentDetailScreen key={`${originId}:${route.agentId}`} originId={originId} agentId={route.agentId} />;
    case 'log':
      return <LogScreen key={originId} originId={originId} index={route.index} />;
    case 'verification':
      return <VerificationScreen key={originId} originId={originId} />;
    default:
      return <OverviewScreen key={originId} originId={originId} />;
  }
}
