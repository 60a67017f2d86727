import { useSyncExternalStore } from 'react';

/**
 * The window's screens as hash routes (`#/agents/<id>`): a reload keeps the screen, the back and
 * forward keys work, and the navigation guard (navigation-guard.ts) allows hash changes only.
 * Ids in routes are URI-encoded; a route that does not parse is the Overview.
 */
export type Route =
  | { readonly screen: 'start' }
  | { readonly screen: 'overview' }
  | { readonly screen: 'agents' }
  | { readonly screen: 'agent'; readonly agentId: string }
  | { readonly screen: 'log'; readonly index: number | null }
  | { readonly screen: 'verification' }
  | { readonly screen: 'settings' };

export type ScreenName = Route['screen'];

/** `route` as a hash (`#/log/42`). */
export function routeToHash(route: Route): string {
  switch (route.screen) {
    case 'agent':
      return `#/agents/${encodeURIComponent(route.agentId)}`;
    case 'log':
      return route.index === null ? '#/log' : `#/log/${route.index}`;
    default:
      return `#/${route.screen}`;
  }
}

/** The route a hash names; anything unknown or malformed is the Overview. Safe on any string. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const [head = '', second] = parts;
  try {
    switch (head) {
      case 'start':
      case 'verification':
      case 'settings':
      case 'overview':
        return { screen: head };
      case 'agents':
        return second === undefined || second === '' ? { screen: 'agents' } : { screen: 'agent', agentId: decodeURIComponent(second) };
      case 'log': {
        if (second === undefined || second === '') return { screen: 'log', index: null };
        return /^(0|[1-9][0-9]{0,15})$/.test(second) ? { screen: 'log', index: Number(second) } : { screen: 'log', index: null };
      }
      default:
        return { screen: 'overview' };
    }
  } catch {
    // decodeURIComponent throws URIError on a malformed escape.
    return { screen: 'overview' };
  }
}

/** Goes to `route` (a history entry, so Back returns). */
export function navigate(route: Route): void {
  const hash = routeToHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  return parseHash(useSyncExternalStore(subscribe, getHash));
}
