import { useEffect } from 'react';
import { AppFrame } from './frame/AppFrame.tsx';
import { useCommandLoop } from './frame/use-command-loop.ts';
import { useJobNotifications } from './frame/use-job-notifications.ts';
import { useShortcuts } from './frame/use-shortcuts.ts';
import { useRoute } from './router.ts';
import { appSelectors } from './store/app-selectors.ts';
import { useAppStore } from './store/app-store.ts';
import { jobsSelectors, useJobsStore } from './store/jobs-store.ts';
import { sessionSelectors } from './store/session-selectors.ts';
import { useSessionStore } from './store/session-store.ts';
import { useTheme } from './theme/use-theme.ts';

/** Agent Warden's window: loads the session, follows the theme, listens to the menu and the keyboard. */
export function App() {
  const loadAppInfo = useAppStore(appSelectors.loadAppInfo);
  const loadReplicas = useSessionStore(sessionSelectors.loadReplicas);
  const loadSettings = useSessionStore(sessionSelectors.loadSettings);
  const refreshJobs = useJobsStore(jobsSelectors.refreshJobs);
  const theme = useSessionStore(sessionSelectors.theme);
  const route = useRoute();

  useEffect(() => {
    void loadAppInfo();
    void loadReplicas();
    void loadSettings();
    void refreshJobs();
  }, [loadAppInfo, loadReplicas, loadSettings, refreshJobs]);

  useTheme(theme);
  useJobNotifications();
  useCommandLoop();
  useShortcuts();

  return <AppFrame route={route} />;
}
