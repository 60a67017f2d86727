import { describe, expect, it } from 'vitest';
import { shownScreen, type SessionView } from '../../../src/renderer/frame/shown-screen.ts';
import type { Route } from '../../../src/renderer/router.ts';

const ready: SessionView = { servicesDown: false, replicasStatus: 'ready', hasActiveReplica: true };
const firstRun: SessionView = { ...ready, hasActiveReplica: false };

describe('shownScreen', () => {
  it.each<Route>([
    { screen: 'overview' },
    { screen: 'agents' },
    { screen: 'agent', agentId: 'a' },
    { screen: 'log', index: 3 },
    { screen: 'verification' },
    { screen: 'settings' },
    { screen: 'start' },
  ])('shows %j as asked when a replica is open', (route) => {
    expect(shownScreen(route, ready)).toBe(route.screen);
  });

  describe('when there is no replica yet (first run)', () => {
    it.each<Route>([{ screen: 'overview' }, { screen: 'agents' }, { screen: 'log', index: null }, { screen: 'verification' }])(
      'shows the Start screen for %j',
      (route) => {
        expect(shownScreen(route, firstRun)).toBe('start');
      },
    );

    it('still shows Settings', () => {
      expect(shownScreen({ screen: 'settings' }, firstRun)).toBe('settings');
    });
  });

  it('shows a loading placeholder while replicas load, and the error when they cannot', () => {
    expect(shownScreen({ screen: 'overview' }, { ...firstRun, replicasStatus: 'loading' })).toBe('loading');
    expect(shownScreen({ screen: 'overview' }, { ...firstRun, replicasStatus: 'idle' })).toBe('loading');
    expect(shownScreen({ screen: 'agents' }, { ...firstRun, replicasStatus: 'failed' })).toBe('unavailable');
  });

  it('shows the services error on every route when the services are down', () => {
    expect(shownScreen({ screen: 'settings' }, { ...ready, servicesDown: true })).toBe('unavailable');
  });
});
