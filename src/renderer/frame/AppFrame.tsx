import { useCallback, useEffect, type MouseEvent } from 'react';
import { PRODUCT_NAME } from '../../core/api/product.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { navigate, routeToHash, type Route } from '../router.ts';
import { appSelectors } from '../store/app-selectors.ts';
import { useAppStore } from '../store/app-store.ts';
import { uiSelectors, useUiStore } from '../store/ui-store.ts';
import { documentTitle } from './document-title.ts';
import { DropOverlay } from './DropOverlay.tsx';
import { Header } from './Header.tsx';
import { Notifications } from './Notifications.tsx';
import { ScreenBoundary } from './ScreenBoundary.tsx';
import { ScreenOutlet } from './ScreenOutlet.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { Sidebar } from './Sidebar.tsx';
import { useFileDrop } from './use-file-drop.ts';
import { useRouteFocus } from './use-route-focus.ts';
import { shownScreen } from './shown-screen.ts';
import { sessionSelectors } from '../store/session-selectors.ts';
import { useSessionStore } from '../store/session-store.ts';

/**
 * The window: skip link, banner, navigation with the job tray, the main landmark holding the
 * current screen, notifications, the shortcuts dialog and the drop overlay. When the app's services
 * cannot be reached at all, the main landmark says so and nothing else is tried.
 */
export function AppFrame({ route }: { route: Route }) {
  const infoStatus = useAppStore(appSelectors.appInfoStatus);
  const infoError = useAppStore(appSelectors.appInfoError);
  const loadAppInfo = useAppStore(appSelectors.loadAppInfo);
  const requestSource = useUiStore(uiSelectors.requestSource);
  const onFile = useCallback(
    (file: File) => {
      requestSource({ kind: 'bundle-file', file });
      navigate({ screen: 'start' });
    },
    [requestSource],
  );
  const dragging = useFileDrop(onFile);
  const replicasStatus = useSessionStore(sessionSelectors.replicasStatus);
  const active = useSessionStore(sessionSelectors.activeReplica);
  const servicesDown = infoStatus === 'failed' && infoError !== null;
  const shown = shownScreen(route, { servicesDown, replicasStatus, hasActiveReplica: active !== null });
  useRouteFocus(shown === 'loading' ? null : `${shown}|${routeToHash(route)}`);
  const title = documentTitle(shown, route);
  useEffect(() => {
    document.title = title;
  }, [title]);

  const skip = (event: MouseEvent) => {
    // Focus the main landmark without touching the hash (the hash is the route).
    event.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skip}>
        Skip to content
      </a>
      <Header />
      <div className="frame-body">
        <Sidebar shown={shown} />
        <main id="main" className="content" tabIndex={-1}>
          {servicesDown ? (
            <div className="screen">
              <h1>{PRODUCT_NAME}</h1>
              <ErrorPanel error={infoError} onRetry={() => void loadAppInfo()} />
            </div>
          ) : (
            <ScreenBoundary key={shown} resetKey={routeToHash(route)}>
              <ScreenOutlet route={route} shown={shown} />
            </ScreenBoundary>
          )}
        </main>
      </div>
      <Notifications />
      <ShortcutsDialog />
      <DropOverlay visible={dragging} />
    </div>
  );
}
