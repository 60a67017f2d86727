import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { checkReplica } from '../../../src/node/replica/db-check.ts';
import { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { HttpLogSource } from '../../../src/node/sync/http-log-source.ts';
import { syncReplica, type SyncReplicaOptions } from '../../../src/node/sync/sync-replica.ts';
import { tempReplica, type TempReplica } from './helpers/replica-fixture.ts';
import { generateServedLog, type ServedLog } from './helpers/served-log.ts';
import { TileServer, type Fault, type RequestInfo } from './helpers/tile-server.ts';

const RETRY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 };

let log: ServedLog;
let base: TempReplica;
let copies = 0;

beforeAll(async () => {
  log = generateServedLog({ label: 'faults', events: 500 }).served;
  // One verified starting point (200 entries), copied for each test, so that faults hit an
  // incremental sync.
  base = tempReplica('base.db');
  const server = await TileServer.start({ log, size: 200 });
  const store = base.open();
  await sync(store, server.url());
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  await server.close();
});

afterAll(() => base.cleanup());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: TileServer; store: ReplicaStore }> {
  const server = await TileServer.start({ log });
  cleanups.push(() => server.close());
  const path = join(base.dir, `copy-${copies++}.db`);
  copyFileSync(base.path, path);
  const store = ReplicaStore.open(path, { mustExist: true });
  cleanups.push(() => store.close());
  return { server, store };
}

function sync(store: ReplicaStore, url: string, options: Partial<SyncReplicaOptions> = {}) {
  return syncReplica({
    db: store,
    source: new HttpLogSource(url, { timeoutMs: 3_000, idleTimeoutMs: 150 }),
    logKey: log.verifierKey,
    retry: RETRY,
    batchEntries: 64,
    ...options,
  });
}

type Target = (r: RequestInfo) => boolean;
const checkpoint: Target = (r) => r.kind === 'checkpoint';
const tile: Target = (r) => r.kind === 'tile' && r.level === 0 && r.index === 1;
const bundle: Target = (r) => r.kind === 'entries' && r.index === 1;

const CASES: readonly (readonly [string, Target, Fault, string])[] = [
  ['a 503 on the checkpoint', checkpoint, { kind: 'status', status: 503 }, 'SYNC_HTTP_STATUS'],
  ['a reset connection on the checkpoint', checkpoint, { kind: 'reset' }, 'SYNC_NETWORK'],
  ['garbage instead of the checkpoint', checkpoint, { kind: 'garbage' }, 'SYNC_BAD_RESPONSE'],
  ['a truncated checkpoint', checkpoint, { kind: 'truncate' }, 'SYNC_BAD_RESPONSE'],
  ['a server that never answers', checkpoint, { kind: 'stall-headers' }, 'SYNC_TIMEOUT'],
  ['a huge checkpoint', checkpoint, { kind: 'huge', bytes: 1 << 20 }, 'SYNC_RESPONSE_TOO_LARGE'],
  ['a 500 on a hash tile', tile, { kind: 'status', status: 500 }, 'SYNC_HTTP_STATUS'],
  ['a 404 on a hash tile', tile, { kind: 'status', status: 404 }, 'SYNC_HTTP_STATUS'],
  ['a hash tile one hash too long', tile, { kind: 'wrong-size', delta: 32 }, 'SYNC_RESPONSE_TOO_LARGE'],
  ['a hash tile one hash too short', tile, { kind: 'wrong-size', delta: -32 }, 'SYNC_BAD_RESPONSE'],
  ['a hash tile of the wrong byte length', tile, { kind: 'wrong-size', delta: -1 }, 'SYNC_BAD_RESPONSE'],
  ['a hash tile with a wrong hash', tile, { kind: 'corrupt' }, 'SYNC_TILES_INCONSISTENT'],
  ['garbage instead of a hash tile', tile, { kind: 'garbage' }, 'SYNC_TILES_INCONSISTENT'],
  ['a hash tile that stalls mid-body', tile, { kind: 'stall-body' }, 'SYNC_TIMEOUT'],
  ['a huge hash tile', tile, { kind: 'huge', bytes: 1 << 20 }, 'SYNC_RESPONSE_TOO_LARGE'],
  ['a reset connection on an entry bundle', bundle, { kind: 'reset' }, 'SYNC_NETWORK'],
  ['a truncated entry bundle', bundle, { kind: 'truncate' }, 'SYNC_BAD_RESPONSE'],
  ['an entry bundle with trailing bytes', bundle, { kind: 'wrong-size', delta: 3 }, 'SYNC_BAD_RESPONSE'],
  ['an entry bundle with an altered entry', bundle, { kind: 'corrupt' }, 'SYNC_TILES_INCONSISTENT'],
  ['an entry bundle that stalls mid-body', bundle, { kind: 'stall-body' }, 'SYNC_TIMEOUT'],
];

describe('syncReplica under network faults', () => {
  describe.each(CASES)('with %s', (_, target, fault, code) => {
    it('retries and succeeds when the fault is transient', async () => {
      const { server, store } = await setup();
      server.fault = (r) => (target(r) && r.count <= 2 ? fault : undefined);
      const result = await sync(store, server.url());
      expect(result.rootHex).toBe(bytesToHex(log.root()));
      expect(server.requests.filter((p) => target(describePath(p))).length).toBeGreaterThanOrEqual(3);
      expect((await checkReplica(store)).findings).toEqual([]);
    });

    it(`reports ${code} when it persists, stores nothing unverified as verified, and resumes later`, async () => {
      const { server, store } = await setup();
      server.fault = (r) => (target(r) ? fault : undefined);
      await expect(sync(store, server.url())).toRejectWithCode(code);
      const origin = store.listOrigins()[0]?.id ?? 0;
      const verified = store.listCheckpoints(origin).filter((c) => c.verified);
      expect(verified.map((c) => c.size)).toEqual([200]);
      expect(store.getSyncState(origin).lastError).toMatch(new RegExp(`^${code}`));
      expect((await checkReplica(store)).findings).toEqual([]);
      server.fault = undefined;
      const result = await sync(store, server.url());
      expect(result.rootHex).toBe(bytesToHex(log.root()));
      expect((await checkReplica(store)).findings).toEqual([]);
    });
  });

  it('reports SYNC_NETWORK when nothing listens', async () => {
    const { server, store } = await setup();
    const url = server.url();
    await server.close();
    cleanups.pop();
    await expect(sync(store, url)).toRejectWithCode('SYNC_NETWORK');
  });

  it('reports SYNC_STALLED when no progress is made at all, whatever each request does', async () => {
    const { server, store } = await setup();
    server.fault = (r) => (r.kind === 'entries' ? { kind: 'delay', ms: 400 } : undefined);
    await expect(sync(store, server.url(), { stallTimeoutMs: 100 })).toRejectWithCode('SYNC_STALLED');
  });
});

/** The request info a path corresponds to (for counting retries of the faulted resource). */
function describePath(path: string): RequestInfo {
  const base = { prefix: '', path, count: 0, serial: 0 };
  if (path === '/checkpoint') return { ...base, kind: 'checkpoint' };
  const entries = /^\/tile\/entries\/(\d+)/.exec(path);
  if (entries !== null) return { ...base, kind: 'entries', index: Number(entries[1]) };
  const hash = /^\/tile\/(\d+)\/(\d+)/.exec(path);
  if (hash !== null) return { ...base, kind: 'tile', level: Number(hash[1]), index: Number(hash[2]) };
  return { ...base, kind: 'other' };
}
