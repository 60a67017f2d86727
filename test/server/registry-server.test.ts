import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/core/note/open-checkpoint.ts';
import { startRegistryServer, type RegistryServerOptions } from '../../src/server/registry-server.ts';
import { quietLogger } from './helpers/registry-fixture.ts';

const run = promisify(execFile);
const WARDEN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

describe('startRegistryServer', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-server-'));
    dirs.push(dir);
    return join(dir, 'registry.db');
  };
  const start = (dbPath: string, options: Partial<RegistryServerOptions> = {}) =>
    startRegistryServer({ dbPath, verifyWorkers: 0, logger: quietLogger([]), ...options });

  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe('on first start', () => {
    it('creates the keys with private file modes and a bootstrap tenant, and keeps its identity across restarts', async () => {
      const dbPath = fresh();
      const first = await start(dbPath);
      const identity = { origin: first.origin, logVerifierKey: first.logVerifierKey, registryKey: first.registryKey };
      expect(statSync(first.keysDir).mode & 0o777).toBe(0o700);
      for (const file of readdirSync(first.keysDir)) expect(statSync(join(first.keysDir, file)).mode & 0o777).toBe(0o600);
      expect(first.sequencer.state.tenants.size).toBe(1);
      expect(first.sequencer.checkpoint?.size).toBe(2);
      await first.close();
      const second = await start(dbPath);
      expect({ origin: second.origin, logVerifierKey: second.logVerifierKey, registryKey: second.registryKey }).toEqual(identity);
      expect(second.sequencer.size).toBe(2);
      await second.close();
    });

    it('uses the given origin for a new registry and refuses another one later', async () => {
      const dbPath = fresh();
      const first = await start(dbPath, { origin: 'registry.example/team-a' });
      expect(first.origin).toBe('registry.example/team-a');
      expect(first.logVerifierKey.startsWith('registry.example/team-a+')).toBe(true);
      await first.close();
      await expect(start(dbPath, { origin: 'registry.example/team-b' })).rejects.toMatchObject({ code: 'DB_INCONSISTENT' });
    });
  });

  it('refuses a second server on the same database (DB_LOCKED)', async () => {
    const dbPath = fresh();
    const first = await start(dbPath);
    await expect(start(dbPath)).rejects.toMatchObject({ code: 'DB_LOCKED' });
    await first.close();
    expect(existsSync(`${dbPath}.lock`)).toBe(false);
  });

  it('signs a final checkpoint covering everything when it closes', async () => {
    const dbPath = fresh();
    const server = await start(dbPath, { checkpointIntervalMs: 60_000 });
    const response = await fetch(`${server.url}/v1/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.operatorToken}` },
      body: JSON.stringify({ name: 'Late tenant' }),
    });
    expect(response.status).toBe(201);
    const { sequencer } = server;
    await server.close();
    expect(sequencer.checkpoint?.size).toBe(3);
    expect(openCheckpoint(sequencer.checkpoint?.note ?? '', server.logVerifierKey).checkpoint.size).toBe(3n);
  });

  it('refuses to start on a log that no longer matches its last checkpoint (DB_INCONSISTENT)', async () => {
    const dbPath = fresh();
    const server = await start(dbPath);
    await server.close();
    const db = new Database(dbPath);
    db.prepare('UPDATE entries SET data = ? WHERE idx = 1').run(Buffer.from('{"tampered":true}'));
    db.prepare('DELETE FROM tiles').run();
    db.close();
    await expect(start(dbPath)).rejects.toMatchObject({ code: 'DB_INCONSISTENT' });
  });

  it('seeds the demo organisation once, writes the demo admin keys, and reuses it on restart', async () => {
    const dbPath = fresh();
    const first = await start(dbPath, { demo: { seed: 'server-test', scale: 0.05 }, verifyWorkers: 2 });
    const size = first.sequencer.size;
    expect(first.sequencer.state.tenants.size).toBe(3);
    expect(first.sequencer.checkpoint?.size).toBe(size);
    const keysDir = join(dbPath, '..', 'demo-admin-keys');
    expect(readdirSync(keysDir).filter((f) => f.endsWith('.json'))).toHaveLength(6);
    await first.close();
    const second = await start(dbPath, { demo: true });
    expect(second.sequencer.size).toBe(size);
    await second.close();
  });
});

describe('warden registry info', () => {
  it('prints the same three lines as serve, without starting a server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-info-'));
    try {
      const dbPath = join(dir, 'registry.db');
      const server = await startRegistryServer({ dbPath, verifyWorkers: 0, logger: quietLogger([]) });
      const url = server.url;
      await server.close();
      const { stdout } = await run(process.execPath, [WARDEN, 'registry', 'info', '--db', dbPath]);
      expect(stdout).toBe(`listening: ${url}\norigin: ${server.origin}\nlog-key: ${server.logVerifierKey}\n`);
      await expect(run(process.execPath, [WARDEN, 'registry', 'info', '--db', join(dir, 'missing.db')])).rejects.toMatchObject({ code: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
