import type { Route } from '../router.ts';
import type { LoadStatus } from '../store/app-store.ts';

/**
 * Which screen the window shows for a route, given what is loaded: data screens need a replica, so
 * with none they show the Start screen; while replicas load, a loading placeholder; when they cannot
 * be listed, an error. Pure: the frame uses it for the screen, aria-current and focus moves.
 */
export type ShownScreen = 'loading' | 'unavailable' | Route['screen'];

export interface SessionView {
  /** app.info failed: the services cannot be reached at all. */
  readonly servicesDown: boolean;
  readonly replicasStatus: LoadStatus;
  readonly hasActiveReplica: boolean;
}

export function shownScreen(route: Route, session: SessionView): ShownScreen {
  if (session.servicesDown) return 'unavailable';
  if (route.screen === 'settings' || route.screen === 'start') return route.screen;
  if (!session.hasActiveReplica) {
    if (session.replicasStatus === 'idle' || session.replicasStatus === 'loading') return 'loading';
    if (session.replicasStatus === 'failed') return 'unavailable';
    return 'start';
  }
  return route.screen;
}
