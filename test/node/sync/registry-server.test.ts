/**
 * Integration with the reference registry server (src/server): full and incremental sync of what
 * it really serves (C2SP tlog-tiles at its root), checked end to end by `db check`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { parseCheckpoint } from '../../../src/core/note/checkpoint.ts';
import { parseNote } from '../../../src/core/note/signed-note.ts';
import { checkReplica } from '../../../src/node/replica/db-check.ts';
import { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { startRegistryServer, type RegistryServer } from '../../../src/server/registry-server.ts';
import { HttpLogSource } from '../../../src/node/sync/http-log-source.ts';
import { syncReplica } from '../../../src/node/sync/sync-replica.ts';
import { registerRoot } from '../../server/helpers/agents.ts';
import { quietLogger, startTestRegistry, type TestRegistry } from '../../server/helpers/registry-fixture.ts';
import { tempReplica, type TempReplica } from './helpers/replica-fixture.ts';

let registry: TestRegistry;
let demo: RegistryServer;
let temp: TempReplica;

beforeAll(async () => {
  temp = tempReplica();
  registry = await startTestRegistry({ checkpointIntervalMs: 50 });
  demo = await startRegistryServer({
    dbPath: join(temp.dir, 'demo-registry.db'),
    demo: { seed: 'replica-sync', scale: 0.05 },
    verifyWorkers: 0,
    logger: quietLogger([]),
  });
});

afterAll(async () => {
  await registry.close();
  await demo.close();
  temp.cleanup();
});

async function publishedRoot(url: string): Promise<{ size: number; rootHex: string }> {
  const response = await fetch(`${url}/checkpoint`);
  const checkpoint = parseCheckpoint(parseNote(await response.text()).text);
  return { size: Number(checkpoint.size), rootHex: bytesToHex(checkpoint.rootHash) };
}

describe('syncReplica against the reference registry server', () => {
  it('syncs a demo registry in full, replays it without a rejection, and checks out', async () => {
    const store = ReplicaStore.open(join(temp.dir, 'demo-replica.db'));
    try {
      const published = await publishedRoot(demo.url);
      const result = await syncReplica({ db: store, source: new HttpLogSource(demo.url), logKey: demo.logVerifierKey, batchEntries: 1000 });
      expect(result).toMatchObject({ origin: demo.origin, treeSize: published.size, rootHex: published.rootHex, entriesRejected: 0 });
      expect(result.entriesAdded).toBeGreaterThan(1000);
      expect((await checkReplica(store)).findings).toEqual([]);
      const again = await syncReplica({ db: store, source: new HttpLogSource(demo.url) });
      expect(again.upToDate).toBe(true);
    } finally {
      store.close();
    }
  });

  it('syncs a live registry, then only what it appended since', async () => {
    const store = ReplicaStore.open(join(temp.dir, 'live-replica.db'));
    try {
      const first = await syncReplica({ db: store, source: new HttpLogSource(registry.server.url), logKey: registry.server.logVerifierKey });
      expect(first).toMatchObject({ origin: registry.server.origin, entriesRejected: 0, pinned: true });
      const before = first.treeSize;
      for (let i = 0; i < 3; i++) await registerRoot(registry, { display_name: `replica-${i}` }, { byAdmin: true });
      registry.server.sequencer.checkpointNow();
      const published = await publishedRoot(registry.server.url);
      expect(published.size).toBeGreaterThan(before);
      const result = await syncReplica({ db: store, source: new HttpLogSource(registry.server.url) });
      expect(result).toMatchObject({ previousSize: before, treeSize: published.size, entriesAdded: published.size - before, rootHex: published.rootHex, entriesRejected: 0 });
      const names = store.db.prepare("SELECT display_name FROM agents WHERE display_name LIKE 'replica-%' ORDER BY 1").all();
      expect(names).toEqual([{ display_name: 'replica-0' }, { display_name: 'replica-1' }, { display_name: 'replica-2' }]);
      expect((await checkReplica(store)).findings).toEqual([]);
    } finally {
      store.close();
    }
  });
});
