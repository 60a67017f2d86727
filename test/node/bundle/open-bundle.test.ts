/**
 * openBundle and the zip EvidenceSource: what a sound container looks like to its readers
 * (directory entries from other zip tools, listings, hashes), and that a member changed on disk
 * after opening is caught when read.
 */
import { createHash } from 'node:crypto';
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/node/bundle/export-bundle.ts';
import { openBundle } from '../../../src/node/bundle/open-bundle.ts';
import { bundleEvidenceOpener, openBundleEvidence } from '../../../src/node/bundle/zip-evidence-source.ts';
import { generateServedLog, type ServedLog } from '../sync/helpers/served-log.ts';
import { readBundle, rebuild, syncSizes, workspace, type BundleContent, type Workspace } from './helpers/bundle-fixture.ts';

let ws: Workspace;
let served: ServedLog;
let content: BundleContent;

beforeAll(async () => {
  ws = workspace();
  served = generateServedLog({ label: 'open-bundle', events: 120 }).served;
  const store = ws.replica('r.db');
  await syncSizes(store, served, [50, served.size]);
  await exportBundle({ store, origin: served.origin, out: ws.path('b.zip'), toolVersion: '9.9.9' });
  content = await readBundle(ws.path('b.zip'));
});

afterAll(() => ws.cleanup());

describe('openBundle', () => {
  it('reads the manifest, the checkpoint and every member as exported', async () => {
    const bundle = await openBundle(ws.path('b.zip'), { requireComplete: true });
    try {
      expect(bundle.manifest).toMatchObject({ format: 'warden.evidence-bundle/v1', tool: { name: 'agent-warden', version: '9.9.9' }, origin: served.origin, tree_size: String(served.size), claimed_state: false });
      expect(bundle.checkpoint.size).toBe(BigInt(served.size));
      expect(bundle.list('')).toEqual(['checkpoint', 'checkpoints', 'tile']);
      expect(bundle.list('checkpoints')).toEqual([`${served.size}-0`, '50-0', 'seen-at.json'].sort());
      expect(await bundle.read('no/such/member')).toBeUndefined();
      expect(await bundle.fileSha256()).toBe(createHash('sha256').update(readFileSync(ws.path('b.zip'))).digest('hex'));
      const seenAt = JSON.parse(new TextDecoder().decode(await bundle.read('checkpoints/seen-at.json'))) as Record<string, string>;
      expect(Object.keys(seenAt).sort()).toEqual([`${served.size}-0`, '50-0']);
    } finally {
      await bundle.close();
    }
  });

  it('accepts directory entries written by other zip tools, but not a directory with content', async () => {
    const withDirs = rebuild(content, content.members, { extra: [{ name: 'tile/', data: new Uint8Array(0), method: 0 }, { name: 'checkpoints/', data: new Uint8Array(0), method: 0 }] });
    const bundle = await openBundle(ws.write('dirs.zip', withDirs));
    expect(bundle.members.size).toBe(content.members.length);
    await bundle.close();
    const bad = rebuild(content, content.members, { extra: [{ name: 'tile/', data: new Uint8Array(1), method: 0 }] });
    await expect(openBundle(ws.write('dir-content.zip', bad))).toRejectWithCode('BUNDLE_MALFORMED');
  });

  it('catches a member changed on disk after the bundle was opened', async () => {
    const file = ws.write('toctou.zip', rebuild(content, content.members, { entry: (_n, e) => ({ ...e, method: 0 }) }));
    const bundle = await openBundle(file);
    try {
      const name = [...bundle.members.keys()].find((n) => n.startsWith('tile/0/')) as string;
      const original = (await bundle.read(name)) as Uint8Array;
      const bytes = readFileSync(file);
      const at = bytes.indexOf(Buffer.from(original.subarray(0, 32)));
      const fd = openSync(file, 'r+');
      writeSync(fd, Uint8Array.of((bytes[at] as number) ^ 1), 0, 1, at);
      closeSync(fd);
      await expect(bundle.read(name)).toRejectWithCode('BUNDLE_MALFORMED');
    } finally {
      await bundle.close();
    }
  });
});

describe('the zip EvidenceSource', () => {
  it('is recognised by its local header and reports the bundle and manifest hashes', async () => {
    const head = readFileSync(ws.path('b.zip')).subarray(0, 64);
    expect(bundleEvidenceOpener.detect(new Uint8Array(head))).toBe(true);
    expect(bundleEvidenceOpener.detect(new Uint8Array(head.subarray(0, 6)))).toBe(false);
    expect(bundleEvidenceOpener.detect(new TextEncoder().encode('SQLite format 3\0 and more bytes than thirty'))).toBe(false);
    const source = await openBundleEvidence(ws.path('b.zip'));
    try {
      const hashes = await source.inputHashes();
      expect(hashes.map((h) => h.name)).toEqual(['b.zip', 'manifest.json']);
      expect(hashes[0]?.sha256).toBe(createHash('sha256').update(readFileSync(ws.path('b.zip'))).digest('hex'));
      const checkpoints = [];
      for await (const c of source.listCheckpoints()) checkpoints.push(c.source);
      expect(checkpoints).toEqual(['checkpoint', 'checkpoints/50-0', `checkpoints/${served.size}-0`]);
      expect(await source.storedWidths('entries', 0n)).toEqual([served.size]);
      expect(await source.readClaimedState()).toBeUndefined();
      await expect(source.readHashTile(0, 0n, 1)).resolves.toBeUndefined();
    } finally {
      await source.close?.();
    }
  });
});
