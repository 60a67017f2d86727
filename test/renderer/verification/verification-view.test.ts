import { describe, expect, it } from 'vitest';
import { countBySeverity, findingRoute, startsOpen, verdictHeadline, worstSeverity } from '../../../src/renderer/verification/verification-view.ts';

describe('findingRoute', () => {
  it('prefers the entry, then the agent', () => {
    expect(findingRoute({ index: 5, agentId: 'a' })).toEqual({ screen: 'log', index: 5 });
    expect(findingRoute({ index: null, agentId: 'a' })).toEqual({ screen: 'agent', agentId: 'a' });
    expect(findingRoute({ index: null, agentId: null })).toBeNull();
  });
});

describe('countBySeverity / worstSeverity', () => {
  it('counts and ranks severities', () => {
    const findings = [{ severity: 'info' }, { severity: 'warning' }, { severity: 'info' }] as const;
    expect(countBySeverity(findings)).toEqual({ error: 0, warning: 1, info: 2 });
    expect(worstSeverity(findings)).toBe('warning');
    expect(worstSeverity([])).toBeNull();
  });
});

describe('verdictHeadline', () => {
  it('says verified or failed with counts', () => {
    expect(verdictHeadline({ verdict: 'verified', counts: { error: 0, warning: 0, info: 3 } })).toBe('Verified: every entry and checkpoint checked out');
    expect(verdictHeadline({ verdict: 'verified', counts: { error: 0, warning: 1, info: 0 } })).toBe('Verified, with 1 warning');
    expect(verdictHeadline({ verdict: 'failed', counts: { error: 2, warning: 0, info: 0 } })).toBe('Verification failed: 2 errors');
  });
});

describe('startsOpen', () => {
  it('opens groups with errors or warnings only', () => {
    expect(startsOpen([{ severity: 'error' }], 0)).toBe(true);
    expect(startsOpen([{ severity: 'info' }], 0)).toBe(false);
    expect(startsOpen([], 0)).toBe(false);
  });
});
