import type { ReplicaSummary } from '../../core/api/schemas/replicas.ts';
import type { SessionState } from './session-store.ts';

/**
 * The replica the screens show: the one Settings names when it still exists, otherwise the first
 * one listed (so removing a replica never leaves the window on nothing), or null when there is none.
 */
export function pickActiveReplica(replicas: readonly ReplicaSummary[], activeOriginId: number | null): ReplicaSummary | null {
  return replicas.find((replica) => replica.originId === activeOriginId) ?? replicas[0] ?? null;
}

/** Named selectors for useSessionStore. */
export const sessionSelectors = {
  replicas: (state: SessionState) => state.replicas,
  replicasStatus: (state: SessionState) => state.replicasStatus,
  replicasError: (state: SessionState) => state.replicasError,
  settings: (state: SessionState) => state.settings,
  settingsError: (state: SessionState) => state.settingsError,
  theme: (state: SessionState) => state.settings?.theme ?? state.bootTheme,
  activeReplica: (state: SessionState) => pickActiveReplica(state.replicas, state.activeOriginId),
  dataVersion: (state: SessionState) => state.dataVersion,
  loadReplicas: (state: SessionState) => state.loadReplicas,
  loadSettings: (state: SessionState) => state.loadSettings,
  updateSettings: (state: SessionState) => state.updateSettings,
  setActiveOrigin: (state: SessionState) => state.setActiveOrigin,
  dataChanged: (state: SessionState) => state.dataChanged,
};
