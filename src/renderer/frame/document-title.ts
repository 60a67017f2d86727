import { PRODUCT_NAME } from '../../core/api/product.ts';
import type { Route } from '../router.ts';
import type { ShownScreen } from './shown-screen.ts';

/**
 * The window title for the screen shown (WCAG 2.4.2; also what Electron shows in the title bar and
 * the task switcher): "Overview — Agent Warden". The first-run, loading and error screens keep the
 * product name alone.
 */
export function documentTitle(shown: ShownScreen, route: Route): string {
  const screen = screenTitle(shown, route);
  return screen === null ? PRODUCT_NAME : `${screen} — ${PRODUCT_NAME}`;
}

function screenTitle(shown: ShownScreen, route: Route): string | null {
  switch (shown) {
    case 'overview':
      return 'Overview';
    case 'agents':
      return 'Agents';
    case 'agent':
      return route.screen === 'agent' ? `Agent ${route.agentId}` : 'Agent';
    case 'log':
      return route.screen === 'log' && route.index !== null ? `Log entry ${route.index}` : 'Log';
    case 'verification':
      return 'Verification';
    case 'settings':
      return 'Settings';
    default:
      return null;
  }
}
