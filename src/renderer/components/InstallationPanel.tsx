import { appSelectors } from '../store/app-selectors.ts';
import { useAppStore } from '../store/app-store.ts';
import { StatusPanel } from './StatusPanel.tsx';

/** "This installation" (version, runtime, services) once app.info answered; nothing before. */
export function InstallationPanel() {
  const info = useAppStore(appSelectors.appInfo);
  return info === null ? null : <StatusPanel info={info} />;
}
