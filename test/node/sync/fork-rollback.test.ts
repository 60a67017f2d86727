import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { checkReplica } from '../../../src/node/replica/db-check.ts';
import { isReplicaError, type ReplicaError } from '../../../src/node/replica/replica-error.ts';
import type { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { checkForkEvidence, parseForkEvidence, type ForkEvidence } from '../../../src/node/sync/fork-evidence.ts';
import { HttpLogSource } from '../../../src/node/sync/http-log-source.ts';
import { syncReplica, type SyncReplicaOptions } from '../../../src/node/sync/sync-replica.ts';
import { tempReplica } from './helpers/replica-fixture.ts';
import { generateServedLog, ServedLog, seedFrom } from './helpers/served-log.ts';
import { TileServer } from './helpers/tile-server.ts';

const ORIGIN = 'registry.example/forky';
const KEY_SEED = seedFrom('forky');
const FAST_RETRY = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };

/** A log of `size` small entries; `variant` changes the bytes from entry `from` on (another history). */
function history(size: number, variant = '', from = 0): ServedLog {
  return new ServedLog(
    ORIGIN,
    KEY_SEED,
    Array.from({ length: size }, (_, i) => new TextEncoder().encode(i >= from && variant !== '' ? `${variant}-${i}` : `entry-${i}`)),
  );
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(): Promise<TileServer> {
  const s = await TileServer.start();
  cleanups.push(() => s.close());
  return s;
}

function replica(): ReplicaStore {
  const temp = tempReplica();
  cleanups.push(() => temp.cleanup());
  return temp.open();
}

function sync(store: ReplicaStore, url: string, options: Partial<SyncReplicaOptions> = {}) {
  return syncReplica({ db: store, source: new HttpLogSource(url), retry: FAST_RETRY, logKey: history(0).verifierKey, ...options });
}

async function refusal(promise: Promise<unknown>): Promise<ReplicaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isReplicaError(error)) throw new Error(`expected a ReplicaError, got ${String(error)}`);
  return error;
}

function evidenceOf(error: ReplicaError): ForkEvidence {
  return parseForkEvidence(String(error.details?.['document']));
}

async function expectClean(store: ReplicaStore): Promise<void> {
  expect((await checkReplica(store)).findings).toEqual([]);
}

describe('fork detection', () => {
  describe('when the registry shows a client two trees of the same size', () => {
    it('refuses the second, keeps the first, and stores evidence that proves the fork', async () => {
      const a = history(300);
      const b = history(300, 'b', 200);
      const s = await server();
      s.route('', { log: a });
      const store = replica();
      const first = await sync(store, s.url());
      s.route('', { log: b });
      const error = await refusal(sync(store, s.url()));
      expect(error.code).toBe('SYNC_FORK');
      const doc = evidenceOf(error);
      expect(doc).toMatchObject({ kind: 'fork', origin: ORIGIN, proof: null, trusted: { size: '300' }, conflicting: { size: '300' } });
      expect(checkForkEvidence(doc, a.verifierKey).verdict).toBe('fork-proven');
      // The replica still stands on the first history.
      expect(store.getSyncState(first.originId)).toMatchObject({ entries: 300, verifiedCheckpointId: first.checkpointId, targetCheckpointId: null });
      expect(store.listCheckpoints(first.originId).map((c) => c.status).sort()).toEqual(['conflicting', 'verified']);
      expect(store.listEvidence(first.originId)).toHaveLength(1);
      await expectClean(store);
    });
  });

  describe('when a larger tree does not extend the verified one', () => {
    it.each([
      ['a size that is not a power of two', 300, 200, 700],
      ['a power-of-two size (the proof carries the old subtree)', 512, 100, 900],
      ['a fork in the last partial tile', 300, 299, 301],
    ])('proves the fork from the new tree’s tiles for %s', async (_, verifiedSize, divergeAt, newSize) => {
      const a = history(verifiedSize);
      const b = history(newSize, 'b', divergeAt);
      const s = await server();
      s.route('', { log: a });
      const store = replica();
      await sync(store, s.url());
      s.route('', { log: b });
      const error = await refusal(sync(store, s.url()));
      expect(error.code).toBe('SYNC_FORK');
      const doc = evidenceOf(error);
      expect(doc.proof).toMatchObject({ size1: String(verifiedSize), size2: String(newSize) });
      const report = checkForkEvidence(doc, a.verifierKey);
      expect(report.verdict).toBe('fork-proven');
      // The implied root is B's own root at the old size: the two trees really differ there.
      expect(report.impliedRootHex).toBe(bytesToHex(b.root(verifiedSize)));
      expect(store.getSyncState(1).entries).toBe(verifiedSize);
      await expectClean(store);
    });
  });

  describe('when two clients are served two histories', () => {
    it('lets each verify its own view, and catches the split as soon as one sees the other', async () => {
      const a = history(400, 'a', 250);
      const b = history(460, 'b', 250);
      const s = await server();
      s.route('a', { log: a });
      s.route('b', { log: b });
      const alice = replica();
      const bob = replica();
      await sync(alice, s.url('a'));
      await sync(bob, s.url('b'));
      const aliceSees = await refusal(sync(alice, s.url('b')));
      const bobSees = await refusal(sync(bob, s.url('a')));
      expect([aliceSees.code, bobSees.code]).toEqual(['SYNC_FORK', 'SYNC_FORK']);
      expect(checkForkEvidence(evidenceOf(aliceSees), a.verifierKey).verdict).toBe('fork-proven');
      // Bob's view is larger: the smaller tree is checked against Bob's own stored tiles.
      const bobDoc = evidenceOf(bobSees);
      expect(bobDoc.proof).toMatchObject({ size1: '400', size2: '460' });
      expect(checkForkEvidence(bobDoc, a.verifierKey).verdict).toBe('fork-proven');
      await expectClean(alice);
      await expectClean(bob);
    });
  });

  describe('when the fork comes while a sync is unfinished', () => {
    it('checks the new tree against the pending checkpoint, not only the verified one', async () => {
      const a = history(1200);
      const b = history(1500, 'b', 1000);
      const s = await server();
      s.route('', { log: a });
      const store = replica();
      const controller = new AbortController();
      const interrupted = sync(store, s.url(), {
        batchEntries: 256,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'entries' && p.cursor >= 512) controller.abort();
        },
      });
      expect((await refusal(interrupted)).code).toBe('SYNC_CANCELLED');
      s.route('', { log: b });
      const error = await refusal(sync(store, s.url()));
      expect(error.code).toBe('SYNC_FORK');
      expect(evidenceOf(error)).toMatchObject({ trusted: { size: '1200' }, conflicting: { size: '1500' } });
      await expectClean(store);
      // The honest history still completes.
      s.route('', { log: a });
      const done = await sync(store, s.url());
      expect(done.rootHex).toBe(bytesToHex(a.root()));
    });
  });
});

describe('rollback detection', () => {
  it('refuses a smaller tree that is a prefix of the verified one, as a rollback', async () => {
    const a = history(400);
    const s = await server();
    s.route('', { log: a });
    const store = replica();
    await sync(store, s.url());
    s.route('', { log: a, size: 300 });
    const error = await refusal(sync(store, s.url()));
    expect(error.code).toBe('SYNC_ROLLBACK');
    const doc = evidenceOf(error);
    expect(doc).toMatchObject({ kind: 'rollback', trusted: { size: '400' }, conflicting: { size: '300' } });
    const report = checkForkEvidence(doc, a.verifierKey);
    expect(report.verdict).toBe('rollback');
    expect(report.impliedRootHex).toBe(bytesToHex(a.root(300)));
    await expectClean(store);
  });

  it('proves a fork when the smaller tree is not a prefix of the verified one', async () => {
    const a = history(400);
    const b = history(300, 'b', 120);
    const s = await server();
    s.route('', { log: a });
    const store = replica();
    await sync(store, s.url());
    s.route('', { log: b });
    const error = await refusal(sync(store, s.url()));
    expect(error.code).toBe('SYNC_FORK');
    const doc = evidenceOf(error);
    expect(doc.proof).toMatchObject({ size1: '300', size2: '400' });
    expect(checkForkEvidence(doc, a.verifierKey).verdict).toBe('fork-proven');
  });

  it('refuses a rollback to the empty tree', async () => {
    const a = history(10);
    const s = await server();
    s.route('', { log: a });
    const store = replica();
    await sync(store, s.url());
    s.route('', { log: a, size: 0 });
    expect((await refusal(sync(store, s.url()))).code).toBe('SYNC_ROLLBACK');
  });

  it('stores one evidence record however often the same rollback is seen', async () => {
    const a = history(40);
    const s = await server();
    s.route('', { log: a });
    const store = replica();
    const first = await sync(store, s.url());
    s.route('', { log: a, size: 20 });
    await refusal(sync(store, s.url()));
    await refusal(sync(store, s.url()));
    expect(store.listEvidence(first.originId)).toHaveLength(1);
  });
});

describe('checkForkEvidence', () => {
  async function forkDocument(): Promise<{ doc: ForkEvidence; key: string }> {
    const a = history(300);
    const b = history(500, 'b', 100);
    const s = await server();
    s.route('', { log: a });
    const store = replica();
    await sync(store, s.url());
    s.route('', { log: b });
    return { doc: evidenceOf(await refusal(sync(store, s.url()))), key: a.verifierKey };
  }

  it('says when the key was taken from the document', async () => {
    const { doc } = await forkDocument();
    const report = checkForkEvidence(doc);
    expect(report).toMatchObject({ verdict: 'fork-proven', keySource: 'document' });
  });

  it('proves nothing with another key', async () => {
    const { doc } = await forkDocument();
    const other = new ServedLog(ORIGIN, seedFrom('someone else')).verifierKey;
    expect(checkForkEvidence(doc, other).verdict).toBe('not-proven');
  });

  it('proves nothing when a note was altered', async () => {
    const { doc, key } = await forkDocument();
    const altered = { ...doc, conflicting: { ...doc.conflicting, note: doc.conflicting.note.replace('\n500\n', '\n501\n') } };
    expect(checkForkEvidence(altered, key).verdict).toBe('not-proven');
  });

  it('proves nothing when the proof was altered', async () => {
    const { doc, key } = await forkDocument();
    const hashes = [...(doc.proof?.hashes ?? [])];
    hashes[0] = Buffer.alloc(32, 7).toString('base64');
    const report = checkForkEvidence({ ...doc, proof: { ...(doc.proof as NonNullable<ForkEvidence['proof']>), hashes } }, key);
    expect(report.verdict).toBe('not-proven');
  });

  it('proves nothing when both checkpoints are the same tree', async () => {
    const { doc, key } = await forkDocument();
    expect(checkForkEvidence({ ...doc, conflicting: doc.trusted, proof: null }, key).verdict).toBe('not-proven');
  });

  describe('parseForkEvidence', () => {
    it.each([
      ['not JSON', 'nope'],
      ['another format', JSON.stringify({ format: 'something/v1' })],
      ['a duplicate member', '{"format":"warden.fork-evidence/v1","format":"x"}'],
      ['an unknown member', JSON.stringify({ format: 'warden.fork-evidence/v1', extra: 1 })],
    ])('throws EVIDENCE_MALFORMED for %s', (_, text) => {
      expect(() => parseForkEvidence(text)).toThrowWithCode('EVIDENCE_MALFORMED');
    });

    it('throws EVIDENCE_MALFORMED for a file over the size limit', () => {
      expect(() => parseForkEvidence(new Uint8Array((1 << 20) + 1))).toThrowWithCode('EVIDENCE_MALFORMED');
    });
  });
});

describe('fork detection on a replayed registry log', () => {
  it('catches two signed registry histories that share a prefix', async () => {
    const base = generateServedLog({ label: 'replayed', seed: 'one', events: 60 });
    const other = generateServedLog({ label: 'replayed', seed: 'two', events: 80 });
    const b = base.served.fork(30);
    b.append(other.served.entries.slice(30));
    const s = await server();
    s.route('', { log: base.served });
    const store = replica();
    await syncReplica({ db: store, source: new HttpLogSource(s.url()), logKey: base.served.verifierKey, retry: FAST_RETRY });
    s.route('', { log: b });
    const error = await refusal(syncReplica({ db: store, source: new HttpLogSource(s.url()), retry: FAST_RETRY }));
    expect(error.code).toBe('SYNC_FORK');
    expect(checkForkEvidence(evidenceOf(error), base.served.verifierKey).verdict).toBe('fork-proven');
  });
});
