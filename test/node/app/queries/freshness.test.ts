import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmReadSide } from '../../../../src/node/app/read-handlers.ts';
import { syncReplica } from '../../../../src/node/sync/sync-replica.ts';
import { memorySource } from '../../bundle/helpers/bundle-fixture.ts';
import { writtenReplica, type WrittenReplica } from './helpers.ts';

/** Read results follow the replica as a later sync adds entries (the memoised parts included). */
describe('the read side after a further sync', () => {
  let w: WrittenReplica;
  let half: number;

  beforeAll(async () => {
    w = await writtenReplica(
      (writer) => {
        const tenant = writer.createTenant('Fresh');
        writer.enrolAdmin(tenant, 'Admin');
        for (let i = 0; i < 20; i++) writer.registerRoot(tenant, { display_name: `agent-${i}`, capabilities: [], scopes: ['dataset:read'] });
        const first = [...writer.state.agents.keys()][0] as string;
        for (let i = 0; i < 5; i++) writer.authenticate(first);
      },
      (size) => [Math.floor(size / 2)],
    );
    half = Math.floor(w.served.size / 2);
  }, 120_000);
  afterAll(() => w.cleanup());

  const syncAll = () => syncReplica({ db: w.store, source: memorySource(w.served), logKey: w.served.verifierKey });

  it('shows what the first sync stored, then what the second added, once the job is over', async () => {
    const before = w.call('agents.query', { originId: w.originId });
    const typesBefore = w.call('log.types', { originId: w.originId }).types;
    expect(w.call('log.list', { originId: w.originId }).entries).toBe(half);
    expect(() => w.call('log.entry', { originId: w.originId, index: half })).toThrowWithCode('APP_NOT_FOUND');

    w.ctx.busy.add(w.originId);
    await syncAll();
    // While the job runs, the narrow copy of the agents table may lag by a few seconds…
    expect(w.call('agents.query', { originId: w.originId }).total).toBe(before.total);
    // …but the log does not.
    expect(w.call('log.list', { originId: w.originId }).entries).toBe(w.served.size);
    w.ctx.busy.clear();

    expect(w.call('agents.query', { originId: w.originId }).total).toBe(20);
    expect(before.total).toBeLessThan(20);
    const typesAfter = w.call('log.types', { originId: w.originId }).types;
    expect(typesAfter.find((t) => t.type === 'session.authenticated')?.count).toBe(5);
    expect(typesBefore.find((t) => t.type === 'session.authenticated')).toBeUndefined();
    const last = w.call('log.entry', { originId: w.originId, index: w.served.size - 1 });
    expect(last.proof).toMatchObject({ verified: true, treeSize: String(w.served.size) });
  });

  it('can build its copies ahead (warmReadSide), with the same answers', () => {
    const before = w.call('agents.query', { originId: w.originId, sort: { column: 'id', direction: 'asc' } });
    warmReadSide(w.ctx, w.originId);
    expect(w.call('agents.query', { originId: w.originId, sort: { column: 'id', direction: 'asc' } })).toEqual(before);
  });

  it('judges dormancy at the newest log time, not the wall clock', () => {
    const originId = w.originId;
    // The log is from 2026; a wall clock years later changes nothing.
    w.ctx.nowMs = Date.parse('2031-01-01T00:00:00Z');
    const dormant = w.call('agents.query', { originId, filter: { dormant: true } }).total;
    expect(dormant).toBe(19);
    expect(w.call('agents.query', { originId, filter: { dormant: false } }).rows.map((r) => r.sessionCount)).toEqual([5]);
  });
});
