/**
 * Connecting to a registry through the app API, against the real registry server on 127.0.0.1 and
 * a real data directory: probe, the fingerprint confirmation, the sync job, incremental syncs,
 * busy refusal, cancellation, and a registry whose checkpoint does not verify under its own key.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logKeyFingerprint } from '../../../src/node/sync/key-fingerprint.ts';
import { generateSignerKey } from './keys.ts';
import { connect, openTestApp, startDemoServer, type TestApp, type TestRegistryServer } from './helpers.ts';

let registry: TestRegistryServer;

beforeAll(async () => {
  registry = await startDemoServer('app-connect');
});

afterAll(async () => {
  await registry.close();
});

describe('registry.probe', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await openTestApp();
  });
  afterAll(() => app.close());

  it('reports the claimed key with its fingerprint and the tree size, pinning nothing', async () => {
    const probe = await app.call('registry.probe', { url: `${registry.server.url}/` });
    expect(probe).toEqual({
      url: registry.server.url,
      origin: registry.server.origin,
      claimedKey: { name: registry.server.origin, vkey: registry.server.logVerifierKey, fingerprint: logKeyFingerprint(registry.server.logVerifierKey) },
      treeSize: expect.stringMatching(/^[1-9][0-9]*$/),
      pinned: null,
    });
    expect(app.services.store.listOrigins()).toEqual([]);
  });

  describe('when the address is not a Warden registry', () => {
    let other: Server;
    let url: string;
    let body: string | undefined;
    beforeAll(async () => {
      other = createServer((req, res) => {
        if (req.url === '/v1/registry' && body !== undefined) {
          res.end(body);
          return;
        }
        res.statusCode = 404;
        res.end('not found');
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

    it.each([
      ['a 404', undefined, 'SYNC_HTTP_STATUS'],
      ['garbage', '<html>hello</html>', 'SYNC_BAD_RESPONSE'],
      ['a key that is not a vkey', JSON.stringify({ origin: 'x.example/log', log_key: 'not a key' }), 'SYNC_BAD_RESPONSE'],
      ['a key for another origin', JSON.stringify({ origin: 'x.example/log', log_key: 'placeholder' }), 'SYNC_BAD_RESPONSE'],
    ])('fails on %s with %s', async (_what, answer, code) => {
      body = answer === undefined ? undefined : answer.replace('placeholder', registry.server.logVerifierKey);
      await expect(app.call('registry.probe', { url })).rejects.toMatchObject({ code });
    });
  });

  it('fails with SYNC_NETWORK when nothing listens', async () => {
    await expect(app.call('registry.probe', { url: 'http://127.0.0.1:9' })).rejects.toMatchObject({ code: 'SYNC_NETWORK' });
  });

  describe('when the registry publishes a key that did not sign its checkpoint', () => {
    let liar: Server;
    let url: string;
    let other: { vkey: string };
    beforeAll(async () => {
      other = generateSignerKey(registry.server.origin);
      liar = createServer((req, res) => {
        if (req.url === '/v1/registry') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ origin: registry.server.origin, log_key: other.vkey }));
          return;
        }
        void fetch(`${registry.server.url}${req.url ?? '/'}`).then(async (r) => {
          res.statusCode = r.status;
          res.end(Buffer.from(await r.arrayBuffer()));
        });
      });
      await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => liar.close(() => resolve())));

    it('fails clearly with SYNC_CHECKPOINT_INVALID', async () => {
      await expect(app.call('registry.probe', { url })).rejects.toMatchObject({ code: 'SYNC_CHECKPOINT_INVALID' });
    });

    it('refuses to connect with that key (the sync job fails, nothing is stored)', async () => {
      const { jobId } = await app.call('registry.connect', { url, logKey: other.vkey, confirmFingerprint: logKeyFingerprint(other.vkey) });
      const job = await app.finish(jobId);
      expect(job).toMatchObject({ state: 'failed', error: { code: 'SYNC_CHECKPOINT_INVALID' } });
      expect(app.services.store.listOrigins()).toEqual([]);
    });
  });
});

describe('registry.connect', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await openTestApp();
  });
  afterAll(() => app.close());

  it('refuses a fingerprint that is not the key’s, pinning nothing', async () => {
    await expect(
      app.call('registry.connect', { url: registry.server.url, logKey: registry.server.logVerifierKey, confirmFingerprint: 'SHA256:AAAA' }),
    ).rejects.toMatchObject({ code: 'APP_FINGERPRINT_MISMATCH' });
    expect(app.services.store.listOrigins()).toEqual([]);
    expect((await app.call('jobs.list', {})).jobs).toEqual([]);
  });

  it('pins the confirmed key, syncs in a job to success, and makes the replica active', async () => {
    const job = await connect(app, registry.server);
    expect(job).toMatchObject({ kind: 'sync', state: 'succeeded', error: null, phase: 'Done', summary: expect.stringMatching(/^Synced /) });
    const origin = app.services.store.findOrigin(registry.server.origin);
    expect(origin).toBeDefined();
    expect(job.originId).toBe(origin?.id);
    expect(job.finishedMs).not.toBeNull();
    const entries = app.services.store.getSyncState(origin?.id ?? 0).entries;
    expect(entries).toBeGreaterThan(10);
    expect(job.done).toBe(entries);
    expect((await app.call('settings.get', {})).activeOriginId).toBe(origin?.id);
    expect(app.services.originKind(origin!)).toBe('registry');
    expect(app.services.isBusy(origin?.id ?? 0)).toBe(false);
  });

  it('shows the replica through the read side (replicas.list), composed in the same handler map', async () => {
    const { replicas } = await app.call('replicas.list', {});
    expect(replicas).toHaveLength(1);
    expect(replicas[0]).toMatchObject({
      origin: registry.server.origin,
      kind: 'registry',
      source: registry.server.url,
      logKey: { vkey: registry.server.logVerifierKey, fingerprint: logKeyFingerprint(registry.server.logVerifierKey) },
      busy: false,
    });
  });

  it('then probes as pinned with the same key', async () => {
    const probe = await app.call('registry.probe', { url: registry.server.url });
    expect(probe.pinned).toEqual({ originId: app.services.store.findOrigin(registry.server.origin)?.id, sameKey: true });
  });

  it('syncs again incrementally (nothing new: up to date)', async () => {
    const originId = app.services.store.findOrigin(registry.server.origin)?.id ?? 0;
    const { jobId } = await app.call('sync.start', { originId });
    const job = await app.finish(jobId);
    expect(job).toMatchObject({ state: 'succeeded', done: 0, summary: expect.stringMatching(/^Up to date/) });
  });

  it('refuses another key for the pinned origin with APP_KEY_MISMATCH', async () => {
    const impostor = generateSignerKey(registry.server.origin);
    await expect(
      app.call('registry.connect', { url: registry.server.url, logKey: impostor.vkey, confirmFingerprint: logKeyFingerprint(impostor.vkey) }),
    ).rejects.toMatchObject({ code: 'APP_KEY_MISMATCH' });
  });

  it('refuses a second job on the same log while one runs (APP_BUSY), in sync and verify alike', async () => {
    const originId = app.services.store.findOrigin(registry.server.origin)?.id ?? 0;
    const { jobId } = await app.call('sync.start', { originId });
    expect(app.services.isBusy(originId)).toBe(true);
    await expect(app.call('sync.start', { originId })).rejects.toMatchObject({ code: 'APP_BUSY' });
    await expect(app.call('verify.start', { originId })).rejects.toMatchObject({ code: 'APP_BUSY' });
    await app.finish(jobId);
    expect(app.services.isBusy(originId)).toBe(false);
  });

  it('answers APP_NOT_FOUND for a replica that does not exist', async () => {
    await expect(app.call('sync.start', { originId: 999 })).rejects.toMatchObject({ code: 'APP_NOT_FOUND' });
  });

  it('lists the jobs, most recent first, and answers APP_JOB_UNKNOWN for another id', async () => {
    const { jobs } = await app.call('jobs.list', {});
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    expect(jobs.every((j) => j.kind === 'sync' && j.state === 'succeeded')).toBe(true);
    await expect(app.call('jobs.get', { jobId: 'AAAAAAAAAAAAAAAAAAAAAA' })).rejects.toMatchObject({ code: 'APP_JOB_UNKNOWN' });
  });
});

describe('jobs.cancel', () => {
  it('cancels a first sync: the job ends cancelled and nothing is pinned', async () => {
    const app = await openTestApp();
    try {
      const probe = await app.call('registry.probe', { url: registry.server.url });
      const { jobId } = await app.call('registry.connect', { url: registry.server.url, logKey: probe.claimedKey.vkey, confirmFingerprint: ` ${probe.claimedKey.fingerprint} ` });
      const cancelled = await app.call('jobs.cancel', { jobId });
      expect(cancelled.id).toBe(jobId);
      const job = await app.finish(jobId);
      expect(job).toMatchObject({ state: 'cancelled', summary: 'Cancelled' });
      expect(app.services.store.listOrigins()).toEqual([]);
      // Cancelling an ended job changes nothing.
      await expect(app.call('jobs.cancel', { jobId })).resolves.toMatchObject({ state: 'cancelled' });
    } finally {
      await app.close();
    }
  });
});

describe('jobs.cancel during a sync', () => {
  let slow: Server;
  let url: string;
  beforeAll(async () => {
    // A proxy that holds tile requests: the sync is caught mid-way, after the key is pinned.
    slow = createServer((req, res) => {
      const delay = req.url?.startsWith('/tile/') === true ? 5_000 : 0;
      const timer = setTimeout(() => {
        void fetch(`${registry.server.url}${req.url ?? '/'}`)
          .then(async (r) => {
            res.statusCode = r.status;
            res.end(Buffer.from(await r.arrayBuffer()));
          })
          .catch(() => res.destroy());
      }, delay);
      res.on('close', () => clearTimeout(timer));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => slow.close(() => resolve())));

  it('stops at once with SYNC_CANCELLED; the pinned key stays and the next sync completes', async () => {
    const app = await openTestApp();
    try {
      const key = registry.server.logVerifierKey;
      const { jobId } = await app.call('registry.connect', { url, logKey: key, confirmFingerprint: logKeyFingerprint(key) });
      await vi.waitFor(async () => expect((await app.call('jobs.get', { jobId })).phase).not.toMatch(/^(Starting|Checking the signed checkpoint)$/), { timeout: 4_000 });
      const started = performance.now();
      await app.call('jobs.cancel', { jobId });
      const job = await app.finish(jobId);
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(job).toMatchObject({ state: 'cancelled', error: { code: 'SYNC_CANCELLED' }, summary: 'Cancelled' });
      const origin = app.services.store.findOrigin(registry.server.origin);
      expect(origin).toBeDefined();
      const resumed = await app.finish((await app.call('registry.connect', { url: registry.server.url, logKey: key, confirmFingerprint: logKeyFingerprint(key) })).jobId);
      expect(resumed).toMatchObject({ state: 'succeeded', originId: origin?.id });
    } finally {
      await app.close();
    }
  });
});
