import { describe, expect, it } from 'vitest';
import { isSameRoute, MAX_HASH_LENGTH, parseHash, routeToHash, type Route } from '../../src/renderer/router.ts';

const ROUTES: readonly Route[] = [
  { screen: 'start' },
  { screen: 'overview' },
  { screen: 'agents' },
  { screen: 'agent', agentId: 'maip-agent:01JD3ZK8Q4' },
  { screen: 'agent', agentId: 'a/b?c#d %e é 🤖' },
  { screen: 'log', index: null },
  { screen: 'log', index: 0 },
  { screen: 'log', index: Number.MAX_SAFE_INTEGER },
  { screen: 'verification' },
  { screen: 'settings' },
];

describe('routeToHash', () => {
  it.each(ROUTES)('round-trips %j through parseHash', (route) => {
    expect(parseHash(routeToHash(route))).toEqual(route);
  });

  it('encodes agent ids so that a slash or hash cannot add a segment', () => {
    expect(routeToHash({ screen: 'agent', agentId: 'x/../settings#y' })).toBe('#/agents/x%2F..%2Fsettings%23y');
  });
});

describe('parseHash', () => {
  it.each([
    ['', { screen: 'overview' }],
    ['#', { screen: 'overview' }],
    ['#/', { screen: 'overview' }],
    ['#start', { screen: 'start' }],
    ['#/log/', { screen: 'log', index: null }],
    ['#/agents/', { screen: 'agents' }],
  ] as const)('reads %j as %j', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });

  describe('when the hash is hostile or malformed', () => {
    it.each([
      ['#/unknown', { screen: 'overview' }],
      ['#/__proto__', { screen: 'overview' }],
      ['#/constructor', { screen: 'overview' }],
      ['#/toString', { screen: 'overview' }],
      ['#/Overview', { screen: 'overview' }],
      ['#/agents/%E0%A4%A', { screen: 'overview' }],
      ['#/agents/%', { screen: 'overview' }],
      ['#/agents/a/b', { screen: 'agents' }],
      ['#/agents/%00', { screen: 'agents' }],
      ['#/agents/a%0Ab', { screen: 'agents' }],
      [`#/agents/${'x'.repeat(201)}`, { screen: 'agents' }],
      ['#/log/-1', { screen: 'log', index: null }],
      ['#/log/01', { screen: 'log', index: null }],
      ['#/log/1e3', { screen: 'log', index: null }],
      ['#/log/0x10', { screen: 'log', index: null }],
      ['#/log/ 1', { screen: 'log', index: null }],
      ['#/log/9007199254740993', { screen: 'log', index: null }],
      ['#/log/99999999999999999999', { screen: 'log', index: null }],
      ['#/log/1/2', { screen: 'log', index: null }],
      ['#/settings/../../x', { screen: 'overview' }],
      ['#javascript:alert(1)', { screen: 'overview' }],
      ['#/https://evil.example/', { screen: 'overview' }],
    ] as const)('reads %j as %j', (hash, route) => {
      expect(parseHash(hash)).toEqual(route);
    });

    it('reads a hash longer than the limit as the Overview without parsing it', () => {
      expect(parseHash(`#/agents/${'a'.repeat(MAX_HASH_LENGTH)}`)).toEqual({ screen: 'overview' });
    });

    it('keeps an agent id of exactly 200 characters', () => {
      expect(parseHash(`#/agents/${'x'.repeat(200)}`)).toEqual({ screen: 'agent', agentId: 'x'.repeat(200) });
    });
  });
});

describe('isSameRoute', () => {
  it('compares screen and item', () => {
    expect(isSameRoute({ screen: 'log', index: 3 }, { screen: 'log', index: 3 })).toBe(true);
    expect(isSameRoute({ screen: 'log', index: 3 }, { screen: 'log', index: null })).toBe(false);
    expect(isSameRoute({ screen: 'agent', agentId: 'a' }, { screen: 'agents' })).toBe(false);
  });
});
