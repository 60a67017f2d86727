/** sync.start after the registry appended entries: only the new entries are fetched and applied. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRoot } from '../../server/helpers/agents.ts';
import { startTestRegistry, type TestRegistry } from '../../server/helpers/registry-fixture.ts';
import { connect, openTestApp, type TestApp } from './helpers.ts';

let registry: TestRegistry;
let app: TestApp;

beforeAll(async () => {
  registry = await startTestRegistry({ checkpointIntervalMs: 50 });
  app = await openTestApp();
});

afterAll(async () => {
  await app.close();
  await registry.close();
});

describe('sync.start', () => {
  it('syncs only what the registry appended since the last sync', async () => {
    const first = await connect(app, registry.server);
    expect(first.state).toBe('succeeded');
    const originId = first.originId ?? 0;
    const before = app.services.store.getSyncState(originId).entries;
    for (let i = 0; i < 3; i++) await registerRoot(registry, { display_name: `app-${i}` }, { byAdmin: true });
    registry.server.sequencer.checkpointNow();
    const job = await app.finish((await app.call('sync.start', { originId })).jobId);
    const after = app.services.store.getSyncState(originId).entries;
    expect(after).toBeGreaterThan(before);
    expect(job).toMatchObject({ state: 'succeeded', done: after - before, total: after - before, summary: expect.stringMatching(/^Synced /) });
    const { replicas } = await app.call('replicas.list', {});
    expect(replicas[0]?.entries).toBe(after);
  });
});
