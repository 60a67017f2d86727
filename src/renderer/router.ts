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

/** The longest hash read; a longer one (pasted or crafted) is the Overview. */
export const MAX_HASH_LENGTH = 1024;
/** The longest agent id a route carries (the contract's agentIdSchema). */
const MAX_AGENT_ID_LENGTH = 200;

/**
 * The route a hash names; anything unknown or malformed is the Overview. Safe on any string
 * (attacker-controlled: a pasted link): bounded length, malformed escapes, extra segments, ids
 * longer than the contract allows, and indices beyond 2^53 are all refused.
 */
export function parseHash(hash: string): Route {
  if (typeof hash !== 'string' || hash.length > MAX_HASH_LENGTH) return { screen: 'overview' };
  const parts = hash.replace(/^#\/?/, '').split('/');
  const [head = '', second] = parts;
  if (parts.length > 2) return head === 'agents' ? { screen: 'agents' } : head === 'log' ? { screen: 'log', index: null } : { screen: 'overview' };
  try {
    switch (head) {
      case 'start':
      case 'verification':
      case 'settings':
      case 'overview':
        return { screen: head };
      case 'agents':
        if (second === undefined || second === '') return { screen: 'agents' };
        return parseAgentId(decodeURIComponent(second));
      case 'log': {
        if (second === undefined || second === '') return { screen: 'log', index: null };
        const index = /^(0|[1-9][0-9]{0,15})$/.test(second) ? Number(second) : null;
        return { screen: 'log', index: index !== null && Number.isSafeInteger(index) ? index : null };
      }
      default:
        return { screen: 'overview' };
    }
  } catch {
    // decodeURIComponent throws URIError on a malformed escape.
    return { screen: 'overview' };
  }
}

function parseAgentId(agentId: string): Route {
  // eslint-disable-next-line no-control-regex
  if (agentId.length === 0 || agentId.length > MAX_AGENT_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(agentId)) return { screen: 'agents' };
  return { screen: 'agent', agentId };
}

/** Whether two routes name the same screen and item. */
export function isSameRoute(a: Route, b: Route): boolean {
  return routeToHash(a) === routeToHash(b);
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
