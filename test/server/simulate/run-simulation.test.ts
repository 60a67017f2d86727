import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistryUrl, loadCredentials, runSimulation, type SimulationSummary } from '../../../src/server/simulate/index.ts';
import { startTestRegistry, type TestRegistry } from '../helpers/registry-fixture.ts';

async function agentCount(reg: TestRegistry): Promise<number> {
  const answer = await reg.call('GET', '/v1/registry');
  return answer.json.agents as number;
}

/** Sums, over every agent of the tenant, what `path` (sessions or trust) lists. */
async function recorded(reg: TestRegistry, what: 'sessions' | 'trust'): Promise<number> {
  const list = await reg.call('GET', `/v1/agents?tenant=${reg.tenant}&limit=500`);
  let total = 0;
  for (const agent of list.json.agents as { id: string }[]) {
    const answer = await reg.call('GET', `/v1/agents/${agent.id}/${what}?limit=500`);
    total += (answer.json[what === 'trust' ? 'scores' : 'sessions'] as unknown[]).length;
  }
  return total;
}

describe('runSimulation', () => {
  let reg: TestRegistry;

  beforeAll(async () => {
    reg = await startTestRegistry();
  });

  afterAll(async () => {
    expect(reg.errors).toEqual([]);
    await reg.close();
  });

  describe('when it runs to completion', () => {
    let summary: SimulationSummary;
    let sizeBefore: number;
    let agentsBefore: number;

    beforeAll(async () => {
      sizeBefore = reg.server.sequencer.size;
      agentsBefore = await agentCount(reg);
      summary = await runSimulation({
        registry: checkRegistryUrl(reg.server.url, false),
        credentials: loadCredentials({ db: reg.dbPath }),
        agents: 24,
        days: 6,
        rate: 3000,
        seed: 'simulate-test',
        maxSeconds: 120,
      });
    });

    it('is refused nothing and completes every round', () => {
      expect(summary).toMatchObject({ ok: true, stopped: 'completed', refused_statements: 0, errors: {}, throttled: 0 });
      expect(summary.rounds).toEqual({ planned: 24 * 6, done: 24 * 6 });
    });

    it('grows the log by exactly the entries it reports', () => {
      expect(reg.server.sequencer.size - sizeBefore).toBe(summary.entries);
      expect(summary.tree_size_after - summary.tree_size_before).toBe(summary.entries);
      const byType = Object.values(summary.entries_by_type).reduce((a, b) => a + b, 0);
      expect(byType).toBe(summary.entries);
    });

    it('registers N more agents, some of them delegates', async () => {
      expect(await agentCount(reg)).toBe(agentsBefore + 24);
      expect(summary.agents.registered).toBe(24);
      expect(summary.agents.delegated).toBeGreaterThan(0);
      expect(summary.entries_by_type['delegation.granted']).toBe(summary.agents.delegated);
    });

    it('records the sessions and trust scores it reports', async () => {
      expect(summary.sessions).toBeGreaterThan(0);
      expect(summary.trust_scores).toBeGreaterThan(0);
      expect(await recorded(reg, 'sessions')).toBe(summary.sessions);
      expect(await recorded(reg, 'trust')).toBe(summary.trust_scores);
    });

    it('rotates keys and changes scopes through the batch endpoint', () => {
      expect(summary.key_rotations + summary.scope_changes + summary.metadata_updates).toBeGreaterThan(0);
    });
  });

  describe('when the time limit comes first', () => {
    it('stops by itself and still counts every logged entry', async () => {
      const sizeBefore = reg.server.sequencer.size;
      const summary = await runSimulation({
        registry: checkRegistryUrl(reg.server.url, false),
        credentials: loadCredentials({ db: reg.dbPath }),
        agents: 20,
        days: 100_000,
        rate: 400,
        seed: 'simulate-time-limit',
        maxSeconds: 1,
      });
      expect(summary.stopped).toBe('time_limit');
      expect(summary.rounds.done).toBeLessThan(summary.rounds.planned);
      expect(summary.refused_statements).toBe(0);
      expect(reg.server.sequencer.size - sizeBefore).toBe(summary.entries);
    });
  });

  describe('when the signal aborts', () => {
    it('reports a cancelled run without refusals', async () => {
      const controller = new AbortController();
      const sizeBefore = reg.server.sequencer.size;
      const run = runSimulation({
        registry: checkRegistryUrl(reg.server.url, false),
        credentials: loadCredentials({ db: reg.dbPath }),
        agents: 20,
        days: 100_000,
        rate: 400,
        seed: 'simulate-cancel',
        maxSeconds: 60,
        signal: controller.signal,
        progressIntervalMs: 50,
        onProgress: () => controller.abort(),
      });
      const summary = await run;
      expect(summary.stopped).toBe('cancelled');
      expect(summary.refused_statements).toBe(0);
      expect(reg.server.sequencer.size - sizeBefore).toBe(summary.entries);
    });
  });
});

describe('checkRegistryUrl', () => {
  it.each(['http://127.0.0.1:8080', 'http://localhost:1/', 'http://[::1]:9000'])('accepts the loopback URL %s', (url) => {
    expect(checkRegistryUrl(url, false).protocol).toBe('http:');
  });

  it.each(['http://192.0.2.1:8080', 'https://registry.example', 'ftp://127.0.0.1', 'http://127.0.0.1/?x=1', 'not a url', 'http://u:p@127.0.0.1'])(
    'throws INVALID_ARGUMENT for %s',
    (url) => {
      expect(() => checkRegistryUrl(url, false)).toThrowWithCode('INVALID_ARGUMENT');
    },
  );

  it('accepts a remote registry only with allowRemote', () => {
    expect(checkRegistryUrl('https://registry.example', true).hostname).toBe('registry.example');
  });
});

describe('loadCredentials', () => {
  it('throws INVALID_ARGUMENT without a token or a keys folder', () => {
    expect(() => loadCredentials({})).toThrowWithCode('INVALID_ARGUMENT');
  });

  it('throws INVALID_ARGUMENT for a malformed token', () => {
    expect(() => loadCredentials({ token: 'short', adminKeyFile: '/nonexistent' })).toThrowWithCode('INVALID_ARGUMENT');
  });

  it('throws INVALID_ARGUMENT for an unreadable admin key file', () => {
    expect(() => loadCredentials({ token: 'a'.repeat(43), adminKeyFile: '/nonexistent/admin.json' })).toThrowWithCode('INVALID_ARGUMENT');
  });
});
