import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReplicaStore } from '../../src/node/replica/replica-store.ts';
import { logKeyFingerprint } from '../../src/node/sync/key-fingerprint.ts';
import { tempReplica, type TempReplica } from '../node/sync/helpers/replica-fixture.ts';
import { generateServedLog, ServedLog, seedFrom } from '../node/sync/helpers/served-log.ts';
import { TileServer } from '../node/sync/helpers/tile-server.ts';
import { wardenInProcess as warden } from './helpers.ts';


let log: ServedLog;
beforeAll(() => {
  log = generateServedLog({ label: 'cli', events: 200 }).served;
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(size?: number): Promise<{ server: TileServer; temp: TempReplica; db: string }> {
  const server = await TileServer.start({ log, ...(size === undefined ? {} : { size }) });
  cleanups.push(() => server.close());
  const temp = tempReplica();
  cleanups.push(() => temp.cleanup());
  return { server, temp, db: temp.path };
}

describe('warden sync', () => {
  it('shows its help as a one-word command', async () => {
    const { code, out } = await warden('sync', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: warden sync --registry <url> --db <file>/);
    const top = await warden('--help');
    expect(top.out).toMatch(/\n {2}sync {2,}Sync a verified replica/);
  });

  it('exits 2 with SYNC_LOG_KEY_REQUIRED on a first sync without a key', async () => {
    const { server, db } = await setup();
    const { code, err } = await warden('sync', '--registry', server.url(), '--db', db);
    expect(code).toBe(2);
    expect(err).toMatch(/^warden: SYNC_LOG_KEY_REQUIRED: /);
  });

  it('pins the key on first sync, printing its fingerprint, then syncs without it', async () => {
    const { server, db } = await setup(150);
    const first = await warden('sync', '--registry', server.url(), '--db', db, '--log-key', log.verifierKey);
    expect(first.code).toBe(0);
    expect(first.err).toContain(`pinning log key ${logKeyFingerprint(log.verifierKey)}`);
    expect(first.out).toMatch(/^replica synced\n/);
    expect(first.out).toContain('(pinned now)');
    server.route('', { log });
    const second = await warden('sync', '--registry', server.url(), '--db', db, '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({ ok: true, treeSize: log.size, previousSize: 150, pinned: false });
  });

  it('exits 1 with SYNC_LOG_KEY_MISMATCH for another key', async () => {
    const { server, db } = await setup();
    await warden('sync', '--registry', server.url(), '--db', db, '--log-key', log.verifierKey, '--quiet');
    const other = new ServedLog(log.origin, seedFrom('other cli key')).verifierKey;
    const { code, out } = await warden('sync', '--registry', server.url(), '--db', db, '--log-key', other, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ ok: false, error: { code: 'SYNC_LOG_KEY_MISMATCH' } });
  });

  it('exits 2 with SYNC_NETWORK when the registry is unreachable', async () => {
    const { server, db } = await setup();
    const url = server.url();
    await server.close();
    cleanups.shift();
    const { code, err } = await warden('sync', '--registry', url, '--db', db, '--log-key', log.verifierKey, '--quiet');
    expect(code).toBe(2);
    expect(err).toMatch(/^warden: SYNC_NETWORK: /m);
  });

  it('exits 2 for a malformed option value', async () => {
    const { code, err } = await warden('sync', '--registry', 'http://127.0.0.1:1', '--db', 'x.db', '--timeout', 'soon');
    expect(code).toBe(2);
    expect(err).toMatch(/^warden: USAGE: --timeout must be a positive integer/);
  });

  describe('when the registry forks', () => {
    it('exits 1 with SYNC_FORK and writes an evidence file that fork show verifies', async () => {
      const { server, temp, db } = await setup();
      await warden('sync', '--registry', server.url(), '--db', db, '--log-key', log.verifierKey, '--quiet');
      const forked = log.fork(100);
      forked.append([new TextEncoder().encode('a different entry')]);
      server.route('', { log: forked });
      const evidenceDir = join(temp.dir, 'evidence');
      const refused = await warden('sync', '--registry', server.url(), '--db', db, '--evidence-dir', evidenceDir, '--json');
      expect(refused.code).toBe(1);
      const output = JSON.parse(refused.out) as { error: { code: string }; evidenceFile: string };
      expect(output.error.code).toBe('SYNC_FORK');
      expect(readdirSync(evidenceDir)).toEqual([output.evidenceFile.split('/').at(-1)]);

      const shown = await warden('fork', 'show', output.evidenceFile, '--log-key', log.verifierKey);
      expect(shown.code).toBe(0);
      expect(shown.out).toMatch(/^FORK PROVEN: fork evidence for /);
      const anyKey = await warden('fork', 'show', output.evidenceFile, '--json');
      expect(JSON.parse(anyKey.out)).toMatchObject({ ok: true, verdict: 'fork-proven', keySource: 'document' });
      const wrongKey = await warden('fork', 'show', output.evidenceFile, '--log-key', new ServedLog(log.origin, seedFrom('x')).verifierKey);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.out).toMatch(/^NOT PROVEN/);
    });
  });

  describe('fork show', () => {
    it('exits 2 with EVIDENCE_MALFORMED for a file that is not evidence', async () => {
      const { temp } = await setup();
      const file = join(temp.dir, 'junk.json');
      writeFileSync(file, '{"format":"something else"}');
      const { code, err } = await warden('fork', 'show', file);
      expect(code).toBe(2);
      expect(err).toMatch(/^warden: EVIDENCE_MALFORMED: /);
    });

    it('exits 2 for a missing file', async () => {
      const { code, err } = await warden('fork', 'show', '/nonexistent/evidence.json');
      expect(code).toBe(2);
      expect(err).toMatch(/^warden: INPUT_UNREADABLE: /);
    });
  });
});

describe('warden db check', () => {
  it('exits 0 for a consistent replica and 1, naming each difference, for a tampered one', async () => {
    const { server, db } = await setup();
    await warden('sync', '--registry', server.url(), '--db', db, '--log-key', log.verifierKey, '--quiet');
    const clean = await warden('db', 'check', '--db', db);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/replica is consistent\n$/);
    const store = ReplicaStore.open(db, { mustExist: true });
    store.db.prepare("UPDATE tenants SET name = 'Tampered' WHERE id = (SELECT min(id) FROM tenants)").run();
    store.close();
    const tampered = await warden('db', 'check', '--db', db, '--json');
    expect(tampered.code).toBe(1);
    const report = JSON.parse(tampered.out) as { ok: boolean; findings: { code: string; details: { table: string } }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.code, f.details.table])).toEqual([['CHECK_DERIVED_MISMATCH', 'tenants']]);
  });

  it('checks one origin with --origin and exits 2 for an unknown one', async () => {
    const { server, db } = await setup();
    await warden('sync', '--registry', server.url(), '--db', db, '--log-key', log.verifierKey, '--quiet');
    expect((await warden('db', 'check', '--db', db, '--origin', log.origin)).code).toBe(0);
    const unknown = await warden('db', 'check', '--db', db, '--origin', 'nope.example');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^warden: REPLICA_ORIGIN_UNKNOWN: /);
  });

  it('exits 2 with REPLICA_UNREADABLE for a missing or foreign file', async () => {
    const { temp } = await setup();
    expect((await warden('db', 'check', '--db', join(temp.dir, 'missing.db'))).err).toMatch(/^warden: REPLICA_UNREADABLE: /);
    const junk = join(temp.dir, 'junk.db');
    writeFileSync(junk, 'x'.repeat(4096));
    const { code, err } = await warden('db', 'check', '--db', junk);
    expect(code).toBe(2);
    expect(err).toMatch(/^warden: REPLICA_UNREADABLE: /);
  });
});
