/**
 * Export and import of evidence bundles between real replicas (SQLite files), synced by the real
 * sync engine: round trip, checkpoint history, older checkpoints, determinism, the claimed state,
 * keys, and forks.
 */
import { readdirSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { exportBundle } from '../../../src/node/bundle/export-bundle.ts';
import { importBundle } from '../../../src/node/bundle/import-bundle.ts';
import { openBundle } from '../../../src/node/bundle/open-bundle.ts';
import { checkReplica } from '../../../src/node/replica/db-check.ts';
import { DERIVED_TABLES } from '../../../src/node/replica/migrations.ts';
import type { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { checkForkEvidence, parseForkEvidence } from '../../../src/node/sync/fork-evidence.ts';
import { claimedStateFromRegistryState, encodeClaimedState } from '../../../src/node/verify/claimed-state.ts';
import { openEvidence } from '../../../src/node/verify/open-evidence.ts';
import { verifyEvidence } from '../../../src/node/verify/verify-evidence.ts';
import { syncReplica } from '../../../src/node/sync/sync-replica.ts';
import { generateServedLog, makeWitness, ServedLog, seedFrom, type GeneratedLog } from '../sync/helpers/served-log.ts';
import { logicalState, memorySource, snapshot, syncSizes, workspace, type Workspace } from './helpers/bundle-fixture.ts';

let fixture: GeneratedLog;
let ws: Workspace;
beforeAll(() => {
  fixture = generateServedLog({ label: 'bundle', events: 260 });
});

afterEach(() => ws?.cleanup());

function fresh(): Workspace {
  ws = workspace();
  return ws;
}

const LOG_TABLES = ['entries', 'hash_tiles', ...DERIVED_TABLES];

function verifiedNotes(store: ReplicaStore): string[] {
  const origin = store.listOrigins()[0];
  if (origin === undefined) return [];
  return store
    .listCheckpoints(origin.id)
    .filter((c) => c.verified)
    .map((c) => c.note)
    .sort();
}

describe('exportBundle and importBundle', () => {
  it('round-trips a replica with its checkpoint history into an empty replica', async () => {
    const w = fresh();
    const { served } = fixture;
    const source = w.replica('source.db');
    const sizes = [100, 300, served.size];
    await syncSizes(source, served, sizes);
    const exported = await exportBundle({ store: source, origin: served.origin, out: w.path('b.zip'), toolVersion: 'test' });
    expect(exported).toMatchObject({ origin: served.origin, treeSize: served.size, rootHex: bytesToHex(served.root()), checkpoints: 3, claimedState: false });

    const target = w.replica('target.db');
    const imported = await importBundle({ store: target, file: w.path('b.zip'), logKey: served.verifierKey });
    expect(imported).toMatchObject({
      origin: served.origin,
      pinned: true,
      treeSize: served.size,
      previousSize: 0,
      verifiedSize: served.size,
      entriesAdded: served.size,
      entriesRejected: 0,
      checkpoints: 3,
      checkpointsAdded: 3,
      claimedState: false,
      sha256: exported.sha256,
    });
    expect(logicalState(target, LOG_TABLES)).toEqual(logicalState(source, LOG_TABLES));
    expect(verifiedNotes(target)).toEqual(verifiedNotes(source));
    expect((await checkReplica(target)).findings).toEqual([]);

    const again = await importBundle({ store: target, file: w.path('b.zip') });
    expect(again).toMatchObject({ upToDate: true, entriesAdded: 0, checkpointsAdded: 0, pinned: false });
  });

  it('imports onto a replica that holds a prefix, and an older bundle onto a newer replica', async () => {
    const w = fresh();
    const { served } = fixture;
    const full = w.replica('full.db');
    await syncSizes(full, served, [100, 300, served.size]);
    await exportBundle({ store: full, origin: served.origin, out: w.path('new.zip') });
    await exportBundle({ store: full, origin: served.origin, checkpointSize: 300, out: w.path('old.zip') });

    const partial = w.replica('partial.db');
    await syncSizes(partial, served, [300]);
    const onto = await importBundle({ store: partial, file: w.path('new.zip') });
    expect(onto).toMatchObject({ previousSize: 300, verifiedSize: served.size, entriesAdded: served.size - 300, checkpointsAdded: 2 });
    expect(logicalState(partial, LOG_TABLES)).toEqual(logicalState(full, LOG_TABLES));

    const older = await importBundle({ store: full, file: w.path('old.zip') });
    expect(older).toMatchObject({ treeSize: 300, previousSize: served.size, verifiedSize: served.size, entriesAdded: 0, upToDate: true });
  });

  it('exports an older verified checkpoint that verifies on its own, and refuses one never verified', async () => {
    const w = fresh();
    const { served } = fixture;
    const store = w.replica('r.db');
    await syncSizes(store, served, [100, 300, served.size]);
    const old = await exportBundle({ store, origin: served.origin, checkpointSize: 300, out: w.path('old.zip') });
    expect(old).toMatchObject({ treeSize: 300, rootHex: bytesToHex(served.root(300)), checkpoints: 2 });
    const bundle = await openBundle(w.path('old.zip'), { requireComplete: true });
    expect([...bundle.members.keys()].filter((n) => n.startsWith('checkpoints/'))).toEqual(['checkpoints/100-0', 'checkpoints/300-0', 'checkpoints/seen-at.json']);
    await bundle.close();

    const target = w.replica('t.db');
    expect(await importBundle({ store: target, file: w.path('old.zip'), logKey: served.verifierKey })).toMatchObject({ verifiedSize: 300, entriesAdded: 300 });

    await expect(exportBundle({ store, origin: served.origin, checkpointSize: 200, out: w.path('x.zip') })).toRejectWithCode('BUNDLE_CHECKPOINT_UNKNOWN');
    await expect(exportBundle({ store, origin: 'nobody.example/log', out: w.path('x.zip') })).toRejectWithCode('REPLICA_ORIGIN_UNKNOWN');
    const empty = w.replica('empty.db');
    empty.pinOrigin({ logKey: served.verifierKey });
    await expect(exportBundle({ store: empty, origin: served.origin, out: w.path('x.zip') })).toRejectWithCode('BUNDLE_CHECKPOINT_UNKNOWN');
  });

  it('writes the same bytes twice (a deterministic bundle)', async () => {
    const w = fresh();
    const store = w.replica('r.db');
    await syncSizes(store, fixture.served, [fixture.served.size]);
    const a = await exportBundle({ store, origin: fixture.served.origin, out: w.path('a.zip'), toolVersion: '1.2.3' });
    const b = await exportBundle({ store, origin: fixture.served.origin, out: w.path('b.zip'), toolVersion: '1.2.3' });
    expect(a.sha256).toBe(b.sha256);
    expect(a.bytes).toBe(b.bytes);
  });

  it('carries a claimed state as a claim that the verifier checks, and flags its absence', async () => {
    const w = fresh();
    const { served, log } = fixture;
    const store = w.replica('r.db');
    await syncSizes(store, served, [served.size]);
    const claim = encodeClaimedState(claimedStateFromRegistryState(log.writer.state, served.size));
    const withClaim = await exportBundle({ store, origin: served.origin, out: w.path('c.zip'), claimedState: claim });
    expect(withClaim.claimedState).toBe(true);
    const bundle = await openBundle(w.path('c.zip'));
    expect(bundle.manifest.claimed_state).toBe(true);
    expect(await bundle.read('claimed-state.json')).toEqual(claim);
    await bundle.close();

    const source = await openEvidence(w.path('c.zip'));
    const result = await verifyEvidence(source, { logKey: served.verifierKey });
    await source.close?.();
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.verdict).toBe('verified');

    const imported = await importBundle({ store: w.replica('t.db'), file: w.path('c.zip'), logKey: served.verifierKey });
    expect(imported.claimedState).toBe(true);

    const wrongSize = encodeClaimedState(claimedStateFromRegistryState(log.writer.state, served.size - 1));
    await expect(exportBundle({ store, origin: served.origin, out: w.path('d.zip'), claimedState: wrongSize })).toRejectWithCode('INVALID_ARGUMENT');
    await expect(exportBundle({ store, origin: served.origin, out: w.path('d.zip'), claimedState: new TextEncoder().encode('{') })).toRejectWithCode('JSON_MALFORMED');
  });

  it('refuses to export from a damaged replica, leaving no file; a write failure leaves none either', async () => {
    const w = fresh();
    const store = w.replica('r.db');
    await syncSizes(store, fixture.served, [fixture.served.size]);
    store.db.prepare("UPDATE entries SET data = CAST('{}' AS BLOB) WHERE idx = 7").run();
    await expect(exportBundle({ store, origin: fixture.served.origin, out: w.path('bad.zip') })).toRejectWithCode('REPLICA_CORRUPT');
    await expect(exportBundle({ store, origin: fixture.served.origin, out: w.path('no/such/dir/b.zip') })).toRejectWithCode('BUNDLE_WRITE_FAILED');
    expect(readdirSync(w.dir).filter((name) => name.includes('.zip'))).toEqual([]);
  });

  it('stops when cancelled, with SYNC_CANCELLED', async () => {
    const w = fresh();
    const store = w.replica('r.db');
    await syncSizes(store, fixture.served, [fixture.served.size]);
    await exportBundle({ store, origin: fixture.served.origin, out: w.path('b.zip') });
    const controller = new AbortController();
    controller.abort();
    await expect(exportBundle({ store, origin: fixture.served.origin, out: w.path('c.zip'), signal: controller.signal })).toRejectWithCode('SYNC_CANCELLED');
    const target = w.replica('t.db');
    const before = snapshot(target);
    await expect(importBundle({ store: target, file: w.path('b.zip'), logKey: fixture.served.verifierKey, signal: controller.signal })).toRejectWithCode('SYNC_CANCELLED');
    expect(snapshot(target)).toBe(before);
  });

  it('enforces the witness quorum on the newest checkpoint before storing anything', async () => {
    const w = fresh();
    const { served } = fixture;
    const witness = makeWitness('witness.example/w1');
    const absent = makeWitness('witness.example/w2');
    const store = w.replica('r.db');
    await syncReplica({ db: store, source: memorySource(served, 100, served.checkpoint(100)), logKey: served.verifierKey });
    await syncReplica({ db: store, source: memorySource(served, served.size, served.checkpoint(served.size, { witnesses: [witness] })), witnesses: [witness.verifierKey] });
    await exportBundle({ store, origin: served.origin, out: w.path('b.zip') });

    const refused = w.replica('refused.db');
    const before = snapshot(refused);
    const options = { store: refused, file: w.path('b.zip'), logKey: served.verifierKey };
    await expect(importBundle({ ...options, witnesses: [witness.verifierKey, absent.verifierKey] })).toRejectWithCode('SYNC_WITNESS_MISSING');
    expect(snapshot(refused)).toBe(before);
    const accepted = await importBundle({ ...options, witnesses: [witness.verifierKey, absent.verifierKey], witnessQuorum: 1 });
    expect(accepted).toMatchObject({ verifiedSize: served.size, checkpoints: 2 });
    const newest = refused.listCheckpoints(refused.listOrigins()[0]?.id ?? 0).find((c) => c.size === served.size);
    expect(newest?.cosignatures.map((c) => c.name)).toEqual(['witness.example/w1']);
  });

  it('refuses a bundle that ends before an unfinished sync (BUNDLE_SYNC_PENDING), and completes one that goes past it', async () => {
    const w = fresh();
    const { served } = fixture;
    const full = w.replica('full.db');
    await syncSizes(full, served, [100, 200, served.size]);
    await exportBundle({ store: full, origin: served.origin, checkpointSize: 200, out: w.path('short.zip') });
    await exportBundle({ store: full, origin: served.origin, out: w.path('long.zip') });

    const store = w.replica('r.db');
    await syncSizes(store, served, [100]);
    // A sync to size 280 that dies on its second entry bundle leaves 280 as the pending target.
    const failing = memorySource(served, 280);
    const source = { ...failing, fetchEntryBundle: (index: bigint, width: number) => (index >= 1n ? Promise.reject(new Error('unplugged')) : failing.fetchEntryBundle(index, width)) };
    await expect(syncReplica({ db: store, source, retry: { attempts: 1 } })).rejects.toThrow('unplugged');
    expect(store.getSyncState(store.listOrigins()[0]?.id ?? 0).targetCheckpointId).not.toBeNull();

    const before = snapshot(store);
    await expect(importBundle({ store, file: w.path('short.zip') })).toRejectWithCode('BUNDLE_SYNC_PENDING');
    expect(snapshot(store)).toBe(before);
    const done = await importBundle({ store, file: w.path('long.zip') });
    expect(done).toMatchObject({ verifiedSize: served.size });
    expect(logicalState(store, LOG_TABLES)).toEqual(logicalState(full, LOG_TABLES));
  });

  describe('when the keys do not match', () => {
    it('refuses a bundle signed by another log key, storing nothing', async () => {
      const w = fresh();
      const { served } = fixture;
      const source = w.replica('s.db');
      await syncSizes(source, served, [served.size]);
      await exportBundle({ store: source, origin: served.origin, out: w.path('b.zip') });
      const other = new ServedLog(served.origin, seedFrom('another log key'), []);

      const empty = w.replica('empty.db');
      const before = snapshot(empty);
      await expect(importBundle({ store: empty, file: w.path('b.zip'), logKey: other.verifierKey })).toRejectWithCode('SYNC_CHECKPOINT_INVALID');
      expect(snapshot(empty)).toBe(before);

      const pinned = w.replica('pinned.db');
      await syncSizes(pinned, served, [100]);
      const pinnedBefore = snapshot(pinned);
      await expect(importBundle({ store: pinned, file: w.path('b.zip'), logKey: other.verifierKey })).toRejectWithCode('SYNC_LOG_KEY_MISMATCH');
      expect(snapshot(pinned)).toBe(pinnedBefore);

      await expect(importBundle({ store: empty, file: w.path('b.zip') })).toRejectWithCode('SYNC_LOG_KEY_REQUIRED');
      expect(snapshot(empty)).toBe(before);
    });
  });

  describe('when the replica holds another history of the same origin', () => {
    // The same key signs a history that drops entries 200–209: a split view from entry 200 on.
    function forked(): { honest: ServedLog; forkLog: ServedLog } {
      const honest = fixture.served;
      const forkLog = honest.fork(200);
      forkLog.append(honest.entries.slice(210, 260));
      return { honest, forkLog };
    }

    it('refuses a longer forked bundle with fork evidence that anyone can check', async () => {
      const w = fresh();
      const { honest, forkLog } = forked();
      const replica = w.replica('r.db');
      await syncSizes(replica, honest, [230]);
      const forkSource = w.replica('fork-source.db');
      await syncSizes(forkSource, forkLog, [forkLog.size]);
      await exportBundle({ store: forkSource, origin: honest.origin, out: w.path('fork.zip') });

      const error = await importBundle({ store: replica, file: w.path('fork.zip'), logKey: honest.verifierKey }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SYNC_FORK' });
      const evidence = replica.listEvidence(replica.listOrigins()[0]?.id ?? 0);
      expect(evidence).toHaveLength(1);
      expect(checkForkEvidence(parseForkEvidence(evidence[0]?.document ?? ''), honest.verifierKey).verdict).toBe('fork-proven');
      expect(replica.getSyncState(replica.listOrigins()[0]?.id ?? 0).entries).toBe(230);
    });

    it('refuses a shorter forked bundle (checked against the stored tree) with fork evidence', async () => {
      const w = fresh();
      const { honest, forkLog } = forked();
      const replica = w.replica('r.db');
      await syncSizes(replica, honest, [honest.size]);
      const forkSource = w.replica('fork-source.db');
      await syncSizes(forkSource, forkLog, [forkLog.size]);
      await exportBundle({ store: forkSource, origin: honest.origin, out: w.path('fork.zip') });
      expect(forkLog.size).toBeLessThan(honest.size);

      const error = await importBundle({ store: replica, file: w.path('fork.zip') }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SYNC_FORK', details: { trustedSize: honest.size, conflictingSize: forkLog.size } });
      const origin = replica.listOrigins()[0]?.id ?? 0;
      const [evidence] = replica.listEvidence(origin);
      expect(checkForkEvidence(parseForkEvidence(evidence?.document ?? ''), honest.verifierKey).verdict).toBe('fork-proven');
      expect(replica.listCheckpoints(origin).filter((c) => c.status === 'conflicting').map((c) => c.size)).toEqual([forkLog.size]);
      expect(replica.getSyncState(origin).entries).toBe(honest.size);
    });
  });
});
