import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { checkReplica } from '../../../src/node/replica/db-check.ts';
import type { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { HttpLogSource } from '../../../src/node/sync/http-log-source.ts';
import type { SyncProgress } from '../../../src/node/sync/progress.ts';
import { syncReplica, type SyncReplicaOptions } from '../../../src/node/sync/sync-replica.ts';
import { tempReplica, type TempReplica } from './helpers/replica-fixture.ts';
import { generateServedLog, makeWitness, ServedLog, seedFrom, type GeneratedLog } from './helpers/served-log.ts';
import { TileServer } from './helpers/tile-server.ts';

const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

let fixture: GeneratedLog;
beforeAll(() => {
  fixture = generateServedLog({ label: 'sync', events: 600 });
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(log: ServedLog, size?: number): Promise<TileServer> {
  const server = await TileServer.start({ log, ...(size === undefined ? {} : { size }) });
  cleanups.push(() => server.close());
  return server;
}

function replica(): { temp: TempReplica; store: ReplicaStore } {
  const temp = tempReplica();
  cleanups.push(() => temp.cleanup());
  return { temp, store: temp.open() };
}

function sync(store: ReplicaStore, url: string, options: Partial<SyncReplicaOptions> = {}) {
  return syncReplica({ db: store, source: new HttpLogSource(url), retry: FAST_RETRY, ...options });
}

async function expectClean(store: ReplicaStore): Promise<void> {
  const report = await checkReplica(store);
  expect(report.findings).toEqual([]);
}

function count(store: ReplicaStore, table: string): number {
  return (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('syncReplica', () => {
  describe('when the replica is empty', () => {
    it('pins the log key, stores every entry and records the checkpoint as verified', async () => {
      const { served } = fixture;
      const server = await serve(served);
      const { store } = replica();
      const result = await sync(store, server.url(), { logKey: served.verifierKey });
      expect(result).toMatchObject({ pinned: true, treeSize: served.size, entriesAdded: served.size, entriesRejected: 0, upToDate: false });
      expect(result.rootHex).toBe(bytesToHex(served.root()));
      expect(count(store, 'entries')).toBe(served.size);
      const checkpoint = store.getCheckpoint(result.checkpointId);
      expect(checkpoint).toMatchObject({ status: 'verified', verified: true, size: served.size });
      expect(store.getSyncState(result.originId)).toMatchObject({ entries: served.size, verifiedCheckpointId: checkpoint.id, targetCheckpointId: null });
      await expectClean(store);
    });

    it('materialises the replayed state (agents, keys, tenants, trust history)', async () => {
      const { served, writer } = fixture;
      const server = await serve(served);
      const { store } = replica();
      await sync(store, server.url(), { logKey: served.verifierKey });
      expect(count(store, 'agents')).toBe(writer.state.agents.size);
      expect(count(store, 'tenants')).toBe(writer.state.tenants.size);
      expect(count(store, 'delegations')).toBe(writer.state.delegations.size);
      expect(count(store, 'key_owners')).toBe(writer.state.keys.size);
      expect(count(store, 'trust_history')).toBe(writer.state.totals.trustScores);
      const some = [...writer.state.agents.values()][3];
      const row = store.db.prepare('SELECT status, current_key, session_count FROM agents WHERE id = ?').get(some?.id) as Record<string, unknown>;
      expect(row).toEqual({ status: some?.status, current_key: some?.currentKey, session_count: some?.sessions.count });
    });

    it('refuses to start without a log key to pin', async () => {
      const server = await serve(fixture.served);
      const { store } = replica();
      await expect(sync(store, server.url())).toRejectWithCode('SYNC_LOG_KEY_REQUIRED');
      expect(store.listOrigins()).toEqual([]);
    });

    it('pins nothing when the checkpoint does not verify with the given key', async () => {
      const server = await serve(fixture.served);
      const other = new ServedLog(fixture.served.origin, seedFrom('another key'));
      const { store } = replica();
      await expect(sync(store, server.url(), { logKey: other.verifierKey })).toRejectWithCode('SYNC_CHECKPOINT_INVALID');
      expect(store.listOrigins()).toEqual([]);
    });

    it('syncs an empty log to a verified checkpoint of size 0', async () => {
      const empty = new ServedLog('registry.example/empty', seedFrom('empty'));
      const server = await serve(empty);
      const { store } = replica();
      const result = await sync(store, server.url(), { logKey: empty.verifierKey });
      expect(result).toMatchObject({ treeSize: 0, entriesAdded: 0 });
      expect(store.getCheckpoint(result.checkpointId).status).toBe('verified');
      await expectClean(store);
    });
  });

  describe('when the replica already holds part of the log', () => {
    it('fetches only the new entries and proves consistency with the verified checkpoint', async () => {
      const { served } = fixture;
      const server = await serve(served, 300);
      const { store } = replica();
      await sync(store, server.url(), { logKey: served.verifierKey });
      server.route('', { log: served });
      server.requests.length = 0;
      const result = await sync(store, server.url());
      expect(result).toMatchObject({ previousSize: 300, treeSize: served.size, entriesAdded: served.size - 300, pinned: false });
      // Only the bundles from the one holding entry 300 on are fetched.
      const expected = Array.from({ length: Math.ceil(served.size / 256) - 1 }, (_, i) => {
        const width = Math.min(256, served.size - (i + 1) * 256);
        return `/tile/entries/00${i + 1}${width === 256 ? '' : `.p/${width}`}`;
      });
      expect(server.requests.filter((p) => p.startsWith('/tile/entries/'))).toEqual(expected);
      await expectClean(store);
    });

    it('reports up to date when nothing changed', async () => {
      const server = await serve(fixture.served);
      const { store } = replica();
      await sync(store, server.url(), { logKey: fixture.served.verifierKey });
      const again = await sync(store, server.url(), { logKey: fixture.served.verifierKey });
      expect(again).toMatchObject({ upToDate: true, entriesAdded: 0 });
    });

    it('refuses a different log key for a pinned origin', async () => {
      const server = await serve(fixture.served);
      const { store } = replica();
      await sync(store, server.url(), { logKey: fixture.served.verifierKey });
      const impostor = new ServedLog(fixture.served.origin, seedFrom('impostor'));
      await expect(sync(store, server.url(), { logKey: impostor.verifierKey })).toRejectWithCode('SYNC_LOG_KEY_MISMATCH');
    });

    it('refuses and records a checkpoint signed by another key', async () => {
      const { served } = fixture;
      const server = await serve(served);
      const { store } = replica();
      const first = await sync(store, server.url(), { logKey: served.verifierKey });
      const impostor = new ServedLog(served.origin, seedFrom('impostor'), served.entries);
      server.route('', { log: served, checkpoint: impostor.checkpoint() });
      await expect(sync(store, server.url())).toRejectWithCode('SYNC_CHECKPOINT_INVALID');
      const statuses = store.listCheckpoints(first.originId).map((c) => c.status);
      expect(statuses.sort()).toEqual(['rejected', 'verified']);
      expect(store.getSyncState(first.originId).lastError).toMatch(/^SYNC_CHECKPOINT_INVALID/);
    });

    it('rebuilds the derived state from the stored entries when it is behind them', async () => {
      const { served } = fixture;
      const server = await serve(served, 300);
      const { store } = replica();
      await sync(store, server.url(), { logKey: served.verifierKey });
      // As a replica from before migration 0002 would be: entries, no derived state.
      for (const table of ['fold_state', 'entry_rejections', 'tenants', 'admins', 'policies', 'command_nonces', 'agents', 'agent_keys', 'key_owners', 'delegations', 'status_actions', 'trust_history']) {
        store.db.exec(`DELETE FROM ${table}`);
      }
      server.route('', { log: served });
      const result = await sync(store, server.url(), { batchEntries: 100 });
      expect(result.entriesAdded).toBe(served.size - 300);
      await expectClean(store);
    });

    it('keeps several origins side by side', async () => {
      const a = generateServedLog({ label: 'origin-a', events: 30 });
      const bLog = new ServedLog('registry.example/other', seedFrom('other'), a.served.entries.slice(0, 10));
      const serverA = await serve(a.served);
      const serverB = await serve(bLog);
      const { store } = replica();
      await sync(store, serverA.url(), { logKey: a.served.verifierKey });
      const b = await sync(store, serverB.url(), { logKey: bLog.verifierKey });
      // Entries of another origin break ORIGIN_MISMATCH: stored, refused by the replay.
      expect(b.entriesRejected).toBe(10);
      expect(store.listOrigins().map((o) => o.origin).sort()).toEqual([a.served.origin, 'registry.example/other'].sort());
      await expectClean(store);
      const again = await sync(store, serverA.url());
      expect(again.origin).toBe(a.served.origin);
    });
  });

  describe('when witnesses are configured', () => {
    const alpha = makeWitness('witness.example/alpha');
    const beta = makeWitness('witness.example/beta');

    it('accepts a checkpoint cosigned by every configured witness and records the cosignatures', async () => {
      const { served } = fixture;
      const server = await serve(served);
      server.route('', { log: served, checkpoint: served.checkpoint(served.size, { witnesses: [alpha, beta] }) });
      const { store } = replica();
      const result = await sync(store, server.url(), { logKey: served.verifierKey, witnesses: [alpha.verifierKey, beta.verifierKey] });
      expect(store.getCheckpoint(result.checkpointId).cosignatures.map((c) => c.name)).toEqual([alpha.verifierKey.split('+')[0], beta.verifierKey.split('+')[0]]);
    });

    it('refuses a checkpoint missing a witness cosignature unless the quorum allows it', async () => {
      const { served } = fixture;
      const server = await serve(served);
      server.route('', { log: served, checkpoint: served.checkpoint(served.size, { witnesses: [alpha] }) });
      const { store } = replica();
      const witnesses = [alpha.verifierKey, beta.verifierKey];
      await expect(sync(store, server.url(), { logKey: served.verifierKey, witnesses })).toRejectWithCode('SYNC_WITNESS_MISSING');
      const result = await sync(store, server.url(), { logKey: served.verifierKey, witnesses, witnessQuorum: 1 });
      expect(result.treeSize).toBe(served.size);
    });

    it('refuses a checkpoint with a bad cosignature by a configured witness', async () => {
      const { served } = fixture;
      const server = await serve(served);
      const note = served.checkpoint(served.size, { witnesses: [alpha] });
      const tampered = note.replace(/(— witness\.example\/alpha \S{20})(\S)/, (_, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'));
      server.route('', { log: served, checkpoint: tampered });
      const { store } = replica();
      await expect(sync(store, server.url(), { logKey: served.verifierKey, witnesses: [alpha.verifierKey] })).toRejectWithCode('SYNC_CHECKPOINT_INVALID');
    });
  });

  describe('when the log holds entries the registry must not have accepted', () => {
    it('stores them verbatim, records each rejection and keeps replaying', async () => {
      const { served } = fixture;
      const bad = served.fork(100);
      const junk = new TextEncoder().encode('{"not":"a statement"}');
      const spaced = new TextEncoder().encode(` ${new TextDecoder().decode(served.entries[100])}`);
      bad.append([junk, spaced, ...served.entries.slice(100, 140)]);
      const server = await serve(bad);
      const { store } = replica();
      const result = await sync(store, server.url(), { logKey: served.verifierKey });
      expect(result.entriesRejected).toBeGreaterThanOrEqual(2);
      const rows = store.db.prepare('SELECT idx, code FROM entry_rejections ORDER BY idx LIMIT 2').all();
      expect(rows).toEqual([
        { idx: 100, code: 'ENTRY_MALFORMED' },
        { idx: 101, code: 'ENTRY_NOT_CANONICAL' },
      ]);
      expect(store.getEntry(result.originId, 100)).toEqual(junk);
      await expectClean(store);
    });

    it('records an entry with a forged signature as ENTRY_BAD_SIGNATURE', async () => {
      const { served } = fixture;
      const forged = served.fork(50);
      const text = new TextDecoder().decode(served.entries[50]);
      const flipped = text.replace(/"sig":"(.)/, (_, c: string) => `"sig":"${c === 'A' ? 'B' : 'A'}`);
      forged.append([new TextEncoder().encode(flipped)]);
      const server = await serve(forged);
      const { store } = replica();
      await sync(store, server.url(), { logKey: served.verifierKey });
      expect(store.db.prepare('SELECT code, rule FROM entry_rejections WHERE idx = 50').get()).toEqual({ code: 'ENTRY_BAD_SIGNATURE', rule: 'BAD_SIGNATURE' });
    });
  });

  describe('tile geometry', () => {
    // Junk entries: the fold refuses them, but the tree and tiles are what is under test here.
    const junkLog = (size: number): ServedLog =>
      new ServedLog(
        'registry.example/geometry',
        seedFrom('geometry'),
        Array.from({ length: size }, (_, i) => new TextEncoder().encode(`e${i}`)),
      );

    // 70,000 is the tlog-tiles example: full and partial tiles at levels 0 and 1, a partial at level 2.
    it.each([1, 255, 256, 257, 512, 70_000])('syncs a tree of %i entries in two steps and checks out', async (size) => {
      const log = junkLog(size);
      const server = await serve(log, Math.floor(size / 3));
      const { store } = replica();
      await sync(store, server.url(), { logKey: log.verifierKey, batchEntries: 20_000 });
      server.route('', { log });
      const result = await sync(store, server.url(), { batchEntries: 20_000 });
      expect(result.rootHex).toBe(bytesToHex(log.root()));
      await expectClean(store);
    });
  });

  describe('progress and cancellation', () => {
    it('reports phases, entries and rates', async () => {
      const server = await serve(fixture.served);
      const { store } = replica();
      const events: SyncProgress[] = [];
      await sync(store, server.url(), { logKey: fixture.served.verifierKey, batchEntries: 128, onProgress: (p) => events.push(p) });
      expect(events.map((e) => e.phase)).toEqual(expect.arrayContaining(['checkpoint', 'consistency', 'tiles', 'entries', 'done']));
      const entries = events.filter((e) => e.phase === 'entries' && e.entriesDone > 0);
      expect(entries.length).toBeGreaterThan(2);
      expect(entries.at(-1)).toMatchObject({ entriesDone: fixture.served.size, entriesTotal: fixture.served.size, etaSeconds: 0 });
      expect(entries.every((e) => e.bytes > 0 && e.entriesPerSecond > 0)).toBe(true);
    });

    it('stops when cancelled, keeps whole batches, and resumes to the same root', async () => {
      const { served } = fixture;
      const server = await serve(served);
      server.fault = (r) => (r.kind === 'entries' && r.index === 2 ? { kind: 'delay', ms: 200 } : undefined);
      const { store } = replica();
      const controller = new AbortController();
      const pending = sync(store, server.url(), {
        logKey: served.verifierKey,
        batchEntries: 64,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'entries' && p.cursor >= 256) controller.abort();
        },
      });
      await expect(pending).toRejectWithCode('SYNC_CANCELLED');
      const state = store.listOrigins()[0];
      const cursor = store.getSyncState(state?.id ?? 0).entries;
      expect(cursor).toBeGreaterThanOrEqual(256);
      expect(cursor).toBeLessThan(served.size);
      expect(store.listCheckpoints(state?.id ?? 0).map((c) => c.status)).toEqual(['pending']);
      await expectClean(store);
      server.fault = undefined;
      const result = await sync(store, server.url());
      expect(result.rootHex).toBe(bytesToHex(served.root()));
      expect(result.entriesAdded).toBe(served.size - cursor);
      await expectClean(store);
    });
  });
});
