/** createAppServices: the data directory, app.commands (the menu's long poll), the demo, close(). */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DemoRegistryHandle } from '../../../src/node/app/app-context.ts';
import { createAppServices } from '../../../src/node/app/app-services.ts';
import { openTestApp, startDemoServer } from './helpers.ts';

describe('createAppServices', () => {
  it('lays out the data directory', async () => {
    const app = await openTestApp();
    try {
      expect(readdirSync(app.dir).sort()).toEqual(expect.arrayContaining(['replica.db', 'reports', 'uploads']));
      expect(app.services.dataDir).toBe(app.dir);
    } finally {
      await app.close();
    }
  });

  it('refuses a replica.db that is not a replica (REPLICA_UNREADABLE)', async () => {
    const app = await openTestApp();
    await app.services.close();
    const dir = mkdtempSync(join(app.dir, 'bad-'));
    writeFileSync(join(dir, 'replica.db'), 'this is not SQLite at all, not even close............................................');
    await expect(createAppServices({ dataDir: dir })).rejects.toMatchObject({ code: 'REPLICA_UNREADABLE' });
    await app.close();
  });
});

describe('createAppServices with an unusable data directory', () => {
  it('rejects when a folder cannot be made, and opens once the obstacle is gone', async () => {
    const app = await openTestApp();
    await app.services.close();
    const dir = mkdtempSync(join(app.dir, 'blocked-'));
    writeFileSync(join(dir, 'reports'), 'a file where the reports folder goes');
    await expect(createAppServices({ dataDir: dir })).rejects.toMatchObject({ code: 'EEXIST' });
    // Once the obstacle is gone, the same directory opens normally.
    rmSync(join(dir, 'reports'));
    const services = await createAppServices({ dataDir: dir });
    expect(existsSync(join(dir, 'reports'))).toBe(true);
    await services.close();
    await app.close();
  });
});

describe('app.commands', () => {
  it('answers at once with the commands after `after`', async () => {
    const app = await openTestApp();
    try {
      app.services.pushCommand('open-bundle');
      app.services.pushCommand('go-settings');
      await expect(app.call('app.commands', { after: 0 })).resolves.toEqual({
        commands: [
          { seq: 1, command: 'open-bundle' },
          { seq: 2, command: 'go-settings' },
        ],
      });
      await expect(app.call('app.commands', { after: 1 })).resolves.toEqual({ commands: [{ seq: 2, command: 'go-settings' }] });
    } finally {
      await app.close();
    }
  });

  it('waits for the next command', async () => {
    const app = await openTestApp({ commandWaitMs: 10_000 });
    try {
      const pending = app.call('app.commands', { after: 0 });
      setTimeout(() => app.services.pushCommand('connect-registry'), 20);
      await expect(pending).resolves.toEqual({ commands: [{ seq: 1, command: 'connect-registry' }] });
    } finally {
      await app.close();
    }
  });

  it('answers with none after the wait', async () => {
    const app = await openTestApp({ commandWaitMs: 30 });
    try {
      const started = performance.now();
      await expect(app.call('app.commands', { after: 0 })).resolves.toEqual({ commands: [] });
      expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    } finally {
      await app.close();
    }
  });

  it('answers a waiting call with none when the services close', async () => {
    const app = await openTestApp({ commandWaitMs: 60_000 });
    const pending = app.call('app.commands', { after: 0 });
    await app.services.close();
    await expect(pending).resolves.toEqual({ commands: [] });
    await app.close();
  });
});

describe('demo.start', () => {
  it('is APP_DEMO_UNAVAILABLE without a starter', async () => {
    const app = await openTestApp();
    try {
      await expect(app.call('demo.start', {})).rejects.toMatchObject({ code: 'APP_DEMO_UNAVAILABLE' });
    } finally {
      await app.close();
    }
  });

  it('starts the demo once under dataDir/demo, reuses it, marks its replica as the demo, and stops it at close', async () => {
    let stopped = 0;
    const registries: { close(): Promise<void> }[] = [];
    const starter = vi.fn(async (dir: string): Promise<DemoRegistryHandle> => {
      const registry = await startDemoServer('app-demo');
      registries.push(registry);
      return {
        url: registry.server.url,
        origin: registry.server.origin,
        logKey: registry.server.logVerifierKey,
        agents: 7,
        entries: Number(registry.server.sequencer.size),
        close: async () => {
          stopped++;
          expect(dir).toMatch(/demo$/);
          await registry.close();
        },
      };
    });
    const app = await openTestApp({ startDemoRegistry: starter });
    try {
      const [a, b] = await Promise.all([app.call('demo.start', {}), app.call('demo.start', {})]);
      expect(a).toEqual(b);
      expect(starter).toHaveBeenCalledTimes(1);
      expect(starter.mock.calls[0]?.[0]).toBe(join(app.dir, 'demo'));
      expect(app.services.store.listOrigins()).toEqual([]);
      const { jobId } = await app.call('registry.connect', { url: a.url, logKey: a.claimedKey.vkey, confirmFingerprint: a.claimedKey.fingerprint });
      expect(await app.finish(jobId)).toMatchObject({ state: 'succeeded' });
      const origin = app.services.store.findOrigin(a.origin);
      expect(app.services.originKind(origin!)).toBe('demo');
      // sync.start of the demo replica goes to the running demo.
      expect(await app.finish((await app.call('sync.start', { originId: origin?.id ?? 0 })).jobId)).toMatchObject({ state: 'succeeded' });
    } finally {
      await app.close();
    }
    expect(stopped).toBe(1);
    expect(registries).toHaveLength(1);
  });
});

describe('close', () => {
  it('cancels running jobs, deletes uploads, refuses later calls with APP_CLOSED, and is idempotent', async () => {
    const registry = await startDemoServer('app-close');
    const app = await openTestApp();
    try {
      const { fileId } = await app.call('files.begin', { name: 'x.zip', size: 10 });
      const probe = await app.call('registry.probe', { url: registry.server.url });
      const { jobId } = await app.call('registry.connect', { url: registry.server.url, logKey: probe.claimedKey.vkey, confirmFingerprint: probe.claimedKey.fingerprint });
      await Promise.all([app.services.close(), app.services.close()]);
      expect((await app.services.waitForJob(jobId)).state).not.toBe('running');
      expect(existsSync(join(app.dir, 'uploads'))).toBe(false);
      await expect(app.call('files.finish', { fileId })).rejects.toMatchObject({ code: 'APP_CLOSED' });
      await expect(app.call('settings.get', {})).rejects.toMatchObject({ code: 'APP_CLOSED' });
    } finally {
      await app.close();
      await registry.close();
    }
  });
});
