import type { Route } from '../router.ts';

/** The sidebar's sections, in order; their shortcuts (g + key, Ctrl/⌘ + number) come from here. */
export interface NavSection {
  readonly label: string;
  readonly route: Route;
  /** The second key of the `g` sequence. */
  readonly key: string;
  /** Screens that count as this section for aria-current (Agent detail is under Agents). */
  readonly screens: readonly Route['screen'][];
}

export const NAV_SECTIONS: readonly NavSection[] = [
  { label: 'Overview', route: { screen: 'overview' }, key: 'o', screens: ['overview'] },
  { label: 'Agents', route: { screen: 'agents' }, key: 'a', screens: ['agents', 'agent'] },
  { label: 'Log', route: { screen: 'log', index: null }, key: 'l', screens: ['log'] },
  { label: 'Verification', route: { screen: 'verification' }, key: 'v', screens: ['verification'] },
  { label: 'Settings', route: { screen: 'settings' }, key: 's', screens: ['settings'] },
];
