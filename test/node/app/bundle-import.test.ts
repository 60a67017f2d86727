/**
 * Opening an evidence bundle through the app API: a bundle exported (src/node/bundle) from a
 * replica synced from the real registry is handed over in chunks (files.*), inspected without
 * trusting it, then imported as a job into a fresh data directory under the confirmed key.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/node/bundle/export-bundle.ts';
import { logKeyFingerprint } from '../../../src/node/sync/key-fingerprint.ts';
import { b64, connect, openTestApp, startDemoServer, type TestApp, type TestRegistryServer } from './helpers.ts';
import { generateSignerKey } from './keys.ts';

let registry: TestRegistryServer;
let source: TestApp;
let bundleBytes: Uint8Array;
let bundleSha256: string;

beforeAll(async () => {
  registry = await startDemoServer('app-bundle');
  source = await openTestApp();
  await connect(source, registry.server);
  const out = join(source.dir, 'export.zip');
  const exported = await exportBundle({ store: source.services.store, origin: registry.server.origin, out });
  bundleBytes = new Uint8Array(readFileSync(out));
  bundleSha256 = exported.sha256;
});

afterAll(async () => {
  await source.close();
  await registry.close();
});

/** Hands `bytes` over in chunks of `chunk` bytes. */
async function upload(app: TestApp, name: string, bytes: Uint8Array, chunk = 64 * 1024): Promise<string> {
  const begun = await app.call('files.begin', { name, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const { received } = await app.call('files.chunk', { fileId: begun.fileId, offset, data: b64(bytes.subarray(offset, offset + chunk)) });
    expect(received).toBe(Math.min(bytes.length, offset + chunk));
  }
  const finished = await app.call('files.finish', { fileId: begun.fileId });
  expect(finished).toEqual({ fileId: begun.fileId, name, size: bytes.length });
  return begun.fileId;
}

describe('bundle.inspect and bundle.import', () => {
  let app: TestApp;
  let fileId: string;
  beforeAll(async () => {
    app = await openTestApp();
    fileId = await upload(app, 'evidence 2026.zip', bundleBytes);
  });
  afterAll(() => app.close());

  it('holds a byte-identical copy of the handed-over file, under its id only', () => {
    const copy = new Uint8Array(readFileSync(join(app.dir, 'uploads', fileId, 'data')));
    expect(createHash('sha256').update(copy).digest('hex')).toBe(bundleSha256);
    expect(app.services.store.listOrigins()).toEqual([]);
  });

  it('inspects the bundle: origin, newest size, the signer line, nothing pinned', async () => {
    const inspected = await app.call('bundle.inspect', { fileId });
    expect(inspected).toMatchObject({
      file: { fileId, name: 'evidence 2026.zip', size: bundleBytes.length },
      origin: registry.server.origin,
      treeSize: expect.stringMatching(/^[1-9][0-9]*$/),
      signerName: registry.server.origin,
      signerKeyHashHex: registry.server.logVerifierKey.split('+')[1],
      tool: expect.stringMatching(/^agent-warden \d/),
      pinned: null,
    });
    expect(inspected.checkpoints).toBeGreaterThanOrEqual(1);
    expect(app.services.store.listOrigins()).toEqual([]);
  });

  it('refuses to import an unpinned origin without a key (APP_KEY_REQUIRED)', async () => {
    await expect(app.call('bundle.import', { fileId })).rejects.toMatchObject({ code: 'APP_KEY_REQUIRED' });
  });

  it('refuses a key for another origin (APP_KEY_MISMATCH)', async () => {
    const stranger = generateSignerKey('another.example/log');
    await expect(app.call('bundle.import', { fileId, logKey: stranger.vkey, confirmFingerprint: logKeyFingerprint(stranger.vkey) })).rejects.toMatchObject({
      code: 'APP_KEY_MISMATCH',
    });
  });

  it('refuses a key whose fingerprint was not confirmed (APP_FINGERPRINT_MISMATCH)', async () => {
    await expect(app.call('bundle.import', { fileId, logKey: registry.server.logVerifierKey })).rejects.toMatchObject({ code: 'APP_FINGERPRINT_MISMATCH' });
  });

  it('imports under the confirmed key as a job; the replica names the chosen file', async () => {
    const logKey = registry.server.logVerifierKey;
    const { jobId } = await app.call('bundle.import', { fileId, logKey, confirmFingerprint: logKeyFingerprint(logKey) });
    const job = await app.finish(jobId);
    expect(job).toMatchObject({ kind: 'import', state: 'succeeded', error: null, summary: expect.stringMatching(/^Imported /) });
    const origin = app.services.store.findOrigin(registry.server.origin);
    expect(origin?.source).toBe('bundle:evidence 2026.zip');
    expect(app.services.originKind(origin!)).toBe('bundle');
    const imported = app.services.store.getSyncState(origin?.id ?? 0).entries;
    const synced = source.services.store.getSyncState(source.services.store.findOrigin(registry.server.origin)?.id ?? 0).entries;
    expect(imported).toBe(synced);
    expect((await app.call('settings.get', {})).activeOriginId).toBe(origin?.id);
  });

  it('then inspects as pinned, imports again without a key, and refuses another key', async () => {
    const inspected = await app.call('bundle.inspect', { fileId });
    expect(inspected.pinned).toMatchObject({ logKey: { vkey: registry.server.logVerifierKey } });
    const again = await app.finish((await app.call('bundle.import', { fileId })).jobId);
    expect(again).toMatchObject({ state: 'succeeded', summary: expect.stringMatching(/^Up to date/) });
    const withPinnedKey = await app.finish((await app.call('bundle.import', { fileId, logKey: registry.server.logVerifierKey })).jobId);
    expect(withPinnedKey).toMatchObject({ state: 'succeeded' });
    const impostor = generateSignerKey(registry.server.origin);
    await expect(app.call('bundle.import', { fileId, logKey: impostor.vkey, confirmFingerprint: logKeyFingerprint(impostor.vkey) })).rejects.toMatchObject({
      code: 'APP_KEY_MISMATCH',
    });
  });

  it('refuses to sync a bundle replica from a registry (APP_UNSUPPORTED)', async () => {
    const originId = app.services.store.findOrigin(registry.server.origin)?.id ?? 0;
    await expect(app.call('sync.start', { originId })).rejects.toMatchObject({ code: 'APP_UNSUPPORTED' });
  });
});

describe('a file that is not a bundle', () => {
  it('is refused by inspect and import with a BUNDLE_ code, importing nothing', async () => {
    const app = await openTestApp();
    try {
      const fileId = await upload(app, 'notes.txt', new TextEncoder().encode('not a zip at all, just text'));
      const inspect = app.call('bundle.inspect', { fileId });
      await expect(inspect).rejects.toMatchObject({ code: expect.stringMatching(/^BUNDLE_/) });
      await expect(app.call('bundle.import', { fileId, logKey: registry.server.logVerifierKey, confirmFingerprint: logKeyFingerprint(registry.server.logVerifierKey) })).rejects.toMatchObject({
        code: expect.stringMatching(/^BUNDLE_/),
      });
      expect(app.services.store.listOrigins()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
