import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryServer, type RegistryServer } from '../../../src/server/registry-server.ts';
import { call } from '../helpers/http.ts';
import { keyFromHex, newAgentId, newKey, signed, type TestKey } from '../helpers/keys.ts';
import { quietLogger } from '../helpers/registry-fixture.ts';
import { BOOTSTRAP_ADMIN_FILE } from '../../../src/server/bootstrap.ts';
import { newNonce, OPEN_RATE_LIMITS, signWith, unsignedCommand, type AdminWorld } from './admin-world.ts';

describe('the admin command ledger', () => {
  let dir: string;
  let dbPath: string;
  let server: RegistryServer | undefined;
  let admin: TestKey;
  let tenant: string;
  const errors: string[] = [];

  const start = async (): Promise<RegistryServer> => {
    server = await startRegistryServer({ dbPath, verifyWorkers: 0, logger: quietLogger(errors), rateLimits: OPEN_RATE_LIMITS });
    return server;
  };
  const stop = async (): Promise<void> => {
    await server?.close();
    server = undefined;
  };
  // unsignedCommand only reads the server's origin from the world.
  const worldOf = (s: RegistryServer) => ({ reg: { server: s } }) as unknown as AdminWorld;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-ledger-'));
    dbPath = join(dir, 'registry.db');
    const first = await start();
    const bootstrap = JSON.parse(readFileSync(join(first.keysDir, BOOTSTRAP_ADMIN_FILE), 'utf8')) as { tenant: string; signer_seed_hex: string };
    tenant = bootstrap.tenant;
    admin = keyFromHex(bootstrap.signer_seed_hex);
  });

  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });

  it('remembers a logged command across restarts, and after losing its rows (rebuilt from the log)', async () => {
    let s = server as RegistryServer;
    const agents = [newAgentId(tenant), newAgentId(tenant)];
    const statements = agents.map((id) => {
      const key = newKey();
      return signed(s.origin, 'agent.registered', tenant, id, { key: key.did, display_name: 'ledger', capabilities: [], scopes: ['dataset:read'] }, [
        key.as('agent'),
        admin.as('admin'),
      ]);
    });
    expect((await call(s.url, 'POST', '/v1/statements', { statements })).status).toBe(201);
    const nonce = newNonce();
    const command = signWith(unsignedCommand(worldOf(s), { action: 'suspend', tenant, targets: [agents[0] as string], nonce }), [admin]);
    const first = await call(s.url, 'POST', '/v1/admin/commands', command);
    expect(first.status, first.text).toBe(201);

    await stop();
    s = await start();
    const again = await call(s.url, 'POST', '/v1/admin/commands', command);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual(first.json);
    const other = signWith(unsignedCommand(worldOf(s), { action: 'suspend', tenant, targets: [agents[1] as string], nonce }), [admin]);
    const replayed = await call(s.url, 'POST', '/v1/admin/commands', other);
    expect(replayed.status, replayed.text).toBe(409);
    expect(replayed.json.error.code).toBe('ADMIN_REPLAYED');

    await stop();
    const db = new Database(dbPath);
    expect(db.prepare('DELETE FROM admin_commands').run().changes).toBe(1);
    db.close();
    s = await start();
    const rebuilt = await call(s.url, 'POST', '/v1/admin/commands', command);
    expect(rebuilt.status, rebuilt.text).toBe(200);
    expect(rebuilt.json.receipt).toEqual(first.json.receipt);
    expect((await call(s.url, 'POST', '/v1/admin/commands', other)).json.error.code).toBe('ADMIN_REPLAYED');
  });
});
