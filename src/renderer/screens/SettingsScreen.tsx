import { useId } from 'react';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { InstallationPanel } from '../components/InstallationPanel.tsx';
import { Panel } from '../components/Panel.tsx';
import { KeysPanel } from '../components/settings/KeysPanel.tsx';
import { PolicyForm } from '../components/settings/PolicyForm.tsx';
import { ThemeSetting } from '../components/settings/ThemeSetting.tsx';
import { replicaLabel } from '../frame/ReplicaSwitcher.tsx';
import { sessionSelectors } from '../store/session-selectors.ts';
import { useSessionStore } from '../store/session-store.ts';

/** Settings: appearance, the active replica, registries and pinned keys, policy limits, this installation. */
export function SettingsScreen() {
  const settings = useSessionStore(sessionSelectors.settings);
  const settingsError = useSessionStore(sessionSelectors.settingsError);
  const loadSettings = useSessionStore(sessionSelectors.loadSettings);
  const replicas = useSessionStore(sessionSelectors.replicas);
  const active = useSessionStore(sessionSelectors.activeReplica);
  const setActiveOrigin = useSessionStore(sessionSelectors.setActiveOrigin);
  const selectId = useId();
  return (
    <div className="screen screen-settings">
      <header className="screen-header">
        <h1 tabIndex={-1}>Settings</h1>
      </header>
      {settingsError !== null && <ErrorPanel error={settingsError} onRetry={() => void loadSettings()} />}
      <div className="settings-grid">
        <ThemeSetting />
        <Panel title="Active replica">
          {replicas.length === 0 ? (
            <p>No replica yet.</p>
          ) : (
            <div className="form-field">
              <label htmlFor={selectId}>Replica shown on every screen</label>
              <select id={selectId} className="select" value={active?.originId ?? ''} onChange={(event) => void setActiveOrigin(Number(event.target.value))}>
                {replicas.map((replica) => (
                  <option key={replica.originId} value={replica.originId}>
                    {replicaLabel(replica)}
                  </option>
                ))}
              </select>
            </div>
          )}
        </Panel>
        <KeysPanel replicas={replicas} />
        {settings !== null ? (
          <PolicyForm policy={settings.policy} />
        ) : (
          settingsError === null && (
            <Panel title="Policy limits">
              <p role="status">Loading the settings…</p>
            </Panel>
          )
        )}
        <InstallationPanel />
      </div>
    </div>
  );
}
