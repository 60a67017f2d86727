import { describe, expect, it } from 'vitest';
import { documentTitle } from '../../../src/renderer/frame/document-title.ts';

describe('documentTitle', () => {
  it.each([
    ['overview', { screen: 'overview' }, 'Overview — Agent Warden'],
    ['agents', { screen: 'agents' }, 'Agents — Agent Warden'],
    ['agent', { screen: 'agent', agentId: 'maip:1' }, 'Agent maip:1 — Agent Warden'],
    ['log', { screen: 'log', index: 42 }, 'Log entry 42 — Agent Warden'],
    ['log', { screen: 'log', index: null }, 'Log — Agent Warden'],
    ['verification', { screen: 'verification' }, 'Verification — Agent Warden'],
    ['settings', { screen: 'settings' }, 'Settings — Agent Warden'],
  ] as const)('titles the %s screen', (shown, route, title) => {
    expect(documentTitle(shown, route)).toBe(title);
  });

  it.each(['start', 'loading', 'unavailable'] as const)('keeps the product name alone on the %s screen', (shown) => {
    expect(documentTitle(shown, { screen: 'overview' })).toBe('Agent Warden');
  });
});
