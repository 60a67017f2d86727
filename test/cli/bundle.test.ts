/**
 * `warden bundle export`, `warden bundle import` and `warden verify <bundle>`, run in-process on
 * real replica files: exit codes, output, evidence files, hostile bundles.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReplicaStore } from '../../src/node/replica/replica-store.ts';
import { decodeEntryBundle, encodeEntryBundle } from '../../src/core/tiles/entry-bundle.ts';
import { logKeyFingerprint } from '../../src/node/sync/key-fingerprint.ts';
import { readBundle, rebuild, syncSizes, workspace, type Workspace } from '../node/bundle/helpers/bundle-fixture.ts';
import { generateServedLog, ServedLog, seedFrom } from '../node/sync/helpers/served-log.ts';
import { wardenInProcess as warden } from './helpers.ts';


let log: ServedLog;
beforeAll(() => {
  log = generateServedLog({ label: 'cli-bundle', events: 150 }).served;
});

let ws: Workspace;
afterEach(() => ws?.cleanup());

/** A workspace with a replica `source.db` synced to `sizes` of `served`. */
async function setup(sizes: readonly number[] = [log.size], served = log): Promise<Workspace> {
  ws = workspace();
  const store = ReplicaStore.open(ws.path('source.db'));
  try {
    await syncSizes(store, served, sizes);
  } finally {
    store.close();
  }
  return ws;
}

describe('warden bundle', () => {
  it('is listed in the top help and shows its commands', async () => {
    const top = await warden('--help');
    expect(top.out).toMatch(/\n {2}bundle\b/);
    const group = await warden('bundle', '--help');
    expect(group.code).toBe(0);
    expect(group.out).toContain('export');
    expect(group.out).toContain('import');
    const help = await warden('bundle', 'export', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: warden bundle export /);
  });

  it('exports, imports into an empty replica and verifies (exit 0 each)', async () => {
    const w = await setup([60, log.size]);
    const exported = await warden('bundle', 'export', '--db', w.path('source.db'), '--origin', log.origin, '--out', w.path('b.zip'), '--json');
    expect(exported.code).toBe(0);
    const written = JSON.parse(exported.out) as { ok: boolean; treeSize: number; checkpoints: number; sha256: string };
    expect(written).toMatchObject({ ok: true, treeSize: log.size, checkpoints: 2 });

    const imported = await warden('bundle', 'import', w.path('b.zip'), '--db', w.path('target.db'), '--log-key', log.verifierKey);
    expect(imported.code).toBe(0);
    expect(imported.err).toContain(`pinning log key ${logKeyFingerprint(log.verifierKey)}`);
    expect(imported.out).toMatch(/^bundle imported\n/);
    expect(imported.out).toContain(`(SHA-256 ${written.sha256})`);
    const again = await warden('bundle', 'import', w.path('b.zip'), '--db', w.path('target.db'), '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ ok: true, upToDate: true, pinned: false });

    const verified = await warden('verify', w.path('b.zip'), '--log-key', log.verifierKey);
    expect(verified.code).toBe(0);
  });

  it('exits 2 with a usage or export code for a bad checkpoint, an unknown origin, a missing --out', async () => {
    const w = await setup([60, log.size]);
    const db = w.path('source.db');
    expect((await warden('bundle', 'export', '--db', db, '--origin', log.origin, '--checkpoint', '12x', '--out', w.path('x.zip'))).err).toMatch(/^warden: USAGE: /);
    const unknown = await warden('bundle', 'export', '--db', db, '--origin', log.origin, '--checkpoint', '61', '--out', w.path('x.zip'));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^warden: BUNDLE_CHECKPOINT_UNKNOWN: /);
    const origin = await warden('bundle', 'export', '--db', db, '--origin', 'nobody.example', '--out', w.path('x.zip'));
    expect(origin.code).toBe(2);
    expect(origin.err).toMatch(/^warden: REPLICA_ORIGIN_UNKNOWN: /);
    const noOut = await warden('bundle', 'export', '--db', db, '--origin', log.origin);
    expect(noOut.code).toBe(2);
    expect(existsSync(w.path('x.zip'))).toBe(false);
    const older = await warden('bundle', 'export', '--db', db, '--origin', log.origin, '--checkpoint', '60', '--out', w.path('old.zip'), '--json');
    expect(JSON.parse(older.out)).toMatchObject({ ok: true, treeSize: 60 });
  });

  it('exits 2 with the bundle code for a hostile bundle and leaves the replica untouched', async () => {
    const w = await setup();
    await warden('bundle', 'export', '--db', w.path('source.db'), '--origin', log.origin, '--out', w.path('b.zip'));
    const bytes = readFileSync(w.path('b.zip'));
    writeFileSync(w.path('cut.zip'), bytes.subarray(0, bytes.length - 100));
    const cut = await warden('bundle', 'import', w.path('cut.zip'), '--db', w.path('target.db'), '--log-key', log.verifierKey, '--json');
    expect(cut.code).toBe(2);
    expect(cut.err).toMatch(/^warden: BUNDLE_TRUNCATED: /);
    expect(JSON.parse(cut.out)).toMatchObject({ ok: false, error: { code: 'BUNDLE_TRUNCATED' } });
    const store = ReplicaStore.open(w.path('target.db'));
    expect(store.listOrigins()).toEqual([]);
    store.close();
    const verify = await warden('verify', w.path('cut.zip'), '--log-key', log.verifierKey);
    expect(verify.code).toBe(2);
    expect(verify.err).toMatch(/^warden: BUNDLE_TRUNCATED: /);
  });

  it('exits 1 for a bundle under another log key, and for a verified bundle whose content was tampered with', async () => {
    const w = await setup();
    await warden('bundle', 'export', '--db', w.path('source.db'), '--origin', log.origin, '--out', w.path('b.zip'));
    const other = new ServedLog(log.origin, seedFrom('cli other key'), []);
    const wrong = await warden('bundle', 'import', w.path('b.zip'), '--db', w.path('target.db'), '--log-key', other.verifierKey);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^warden: SYNC_CHECKPOINT_INVALID: /m);

    // One byte of an entry changed and the manifest recomputed: a sound container, false evidence.
    const content = await readBundle(w.path('b.zip'));
    const tampered = content.members.map(([name, data]): [string, Uint8Array] => {
      if (!name.startsWith('tile/entries/')) return [name, data];
      const entries = decodeEntryBundle(data);
      const first = (entries[0] as Uint8Array).slice();
      first[first.length - 3] = (first[first.length - 3] as number) ^ 1;
      entries[0] = first;
      return [name, encodeEntryBundle(entries)];
    });
    writeFileSync(w.path('tampered.zip'), rebuild(content, tampered));
    const verify = await warden('verify', w.path('tampered.zip'), '--log-key', log.verifierKey);
    expect(verify.code).toBe(1);
    const imported = await warden('bundle', 'import', w.path('tampered.zip'), '--db', w.path('t2.db'), '--log-key', log.verifierKey);
    expect(imported.code).toBe(1);
    expect(imported.err).toMatch(/^warden: SYNC_TILES_INCONSISTENT: /m);
  });

  it('exits 1 for a forked bundle and writes evidence that warden fork show proves', async () => {
    const forkLog = log.fork(100);
    forkLog.append(log.entries.slice(110, log.size));
    const w = await setup([log.size]);
    const forkDb = ReplicaStore.open(w.path('fork.db'));
    await syncSizes(forkDb, forkLog, [forkLog.size]);
    forkDb.close();
    await warden('bundle', 'export', '--db', w.path('fork.db'), '--origin', log.origin, '--out', w.path('fork.zip'));
    const result = await warden('bundle', 'import', w.path('fork.zip'), '--db', w.path('source.db'), '--evidence-dir', w.path('evidence'), '--json');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^warden: SYNC_FORK: /m);
    const { evidenceFile } = JSON.parse(result.out) as { evidenceFile: string };
    expect(existsSync(evidenceFile)).toBe(true);
    const shown = await warden('fork', 'show', evidenceFile, '--log-key', log.verifierKey);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/^FORK PROVEN/);
  });
});
