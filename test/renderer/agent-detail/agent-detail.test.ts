import { describe, expect, it } from 'vitest';
import { createAgentDetailStore } from '../../../src/renderer/agent-detail/agent-detail-store.ts';
import { keyState, keysUsedAfterCompromise, statusSentence } from '../../../src/renderer/agent-detail/key-timeline.ts';

describe('keyState', () => {
  it('ranks compromised over retired over current', () => {
    expect(keyState({ compromisedAt: '2026-01-01T00:00:00Z', retiredIndex: 4 })).toBe('compromised');
    expect(keyState({ compromisedAt: null, retiredIndex: 4 })).toBe('retired');
    expect(keyState({ compromisedAt: null, retiredIndex: null })).toBe('current');
  });
});

describe('keysUsedAfterCompromise', () => {
  it('counts keys with uses after the compromise', () => {
    expect(keysUsedAfterCompromise([{ usedAfterCompromise: 0 }, { usedAfterCompromise: 3 }])).toBe(1);
  });
});

describe('statusSentence', () => {
  it('names a cascade source', () => {
    expect(statusSentence({ status: 'revoked', sinceIndex: 9, sinceTime: '', by: 'admin-1', cascadeFrom: 'root' })).toBe(
      'Revoked by cascade from root (entry 9, by admin-1).',
    );
    expect(statusSentence({ status: 'active', sinceIndex: 1, sinceTime: '', by: 'x', cascadeFrom: null })).toBe('Active since entry 1.');
  });
});

describe('createAgentDetailStore', () => {
  it('loads detail and history independently and ignores answers for another agent', async () => {
    const resolvers: Record<string, (v: unknown) => void> = {};
    const api = (method: string, args: { agentId: string }) =>
      new Promise((resolve, reject) => {
        if (method === 'agents.trustHistory' && args.agentId === 'b') reject(new Error('no history'));
        resolvers[`${method}:${args.agentId}`] = resolve;
      });
    const store = createAgentDetailStore(api as never);
    store.getState().open(1, 'a');
    store.getState().open(1, 'b');
    resolvers['agents.get:a']!({ identity: { id: 'a' } });
    resolvers['agents.get:b']!({ identity: { id: 'b' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().detail).toEqual({ identity: { id: 'b' } });
    expect(store.getState().historyStatus).toBe('failed');
    expect(store.getState().detailStatus).toBe('ready');
  });
});
