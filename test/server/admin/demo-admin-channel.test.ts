import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyFromDidKey } from '../../../src/core/identity/did-key.ts';
import { DEMO_ADMIN_KEYS_DIR } from '../../../src/server/bootstrap.ts';
import type { DemoAdminKeyFile } from '../../../src/server/demo/write-admin-keys.ts';
import { verifySecurityEventToken } from '../../../src/server/events/security-event-token.ts';
import { CLAIMED_STATE_FORMAT, parseClaimedState } from '../../../src/node/verify/claimed-state.ts';
import { startRegistryServer, type RegistryServer } from '../../../src/server/registry-server.ts';
import { call, getBytes, type CallResult, type Json } from '../helpers/http.ts';
import { keyFromHex, type TestKey } from '../helpers/keys.ts';
import { quietLogger } from '../helpers/registry-fixture.ts';
import { connectSse } from '../events/sse-client.ts';
import { adminCommand, OPEN_RATE_LIMITS, type AdminWorld } from './admin-world.ts';

describe('the admin channel and event stream on the demo registry', () => {
  let reg: { server: RegistryServer; dbPath: string; errors: string[]; call: (method: string, path: string, body?: unknown) => Promise<CallResult> };
  let dir: string;
  let world: AdminWorld;
  const admins = new Map<string, TestKey[]>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-demo-admin-'));
    const dbPath = join(dir, 'registry.db');
    const errors: string[] = [];
    const server = await startRegistryServer({
      dbPath,
      verifyWorkers: 0,
      logger: quietLogger(errors),
      demo: { seed: 'admin-channel-demo', scale: 0.05 },
      rateLimits: OPEN_RATE_LIMITS,
    });
    reg = { server, dbPath, errors, call: (method, path, body) => call(server.url, method, path, body) };
    world = { reg } as AdminWorld;
    const keysDir = join(dirname(reg.dbPath), DEMO_ADMIN_KEYS_DIR);
    for (const name of readdirSync(keysDir).filter((n) => n.endsWith('.json'))) {
      const file = JSON.parse(readFileSync(join(keysDir, name), 'utf8')) as DemoAdminKeyFile;
      admins.set(file.tenant, [...(admins.get(file.tenant) ?? []), keyFromHex(file.signer_seed_hex)]);
    }
  });

  afterAll(async () => {
    await reg?.server.close();
    rmSync(dir, { recursive: true, force: true });
    expect(reg.errors).toEqual([]);
  });

  const activeAgent = async (tenant: string): Promise<string> => {
    const list = await reg.call('GET', `/v1/agents?tenant=${tenant}&status=active&limit=1`);
    expect(list.status).toBe(200);
    return list.json.agents[0].id as string;
  };

  it("enforces the demo's 2-of-2 kill policy with the demo admins' keys", async () => {
    const strict: string[] = [];
    for (const tenant of admins.keys()) {
      const view = await reg.call('GET', `/v1/tenants/${tenant}`);
      if (view.json.policy.thresholds.revoke === 2) strict.push(tenant);
    }
    expect(strict).toHaveLength(1);
    const tenant = strict[0] as string;
    const [first, second] = admins.get(tenant) as [TestKey, TestKey];
    const target = await activeAgent(tenant);
    const one = await reg.call('POST', '/v1/admin/commands', adminCommand(world, { action: 'revoke', tenant, targets: [target], cascade: true }, [first]));
    expect(one.status, one.text).toBe(403);
    expect(one.json.error.code).toBe('ADMIN_QUORUM_NOT_MET');
    const both = await reg.call('POST', '/v1/admin/commands', adminCommand(world, { action: 'revoke', tenant, targets: [target], cascade: true }, [first, second]));
    expect(both.status, both.text).toBe(201);
    expect((await reg.call('GET', `/v1/agents/${target}`)).json.status).toBe('revoked');
  });

  it("answers a resent demo command (logged at import, long expired) with its receipt", async () => {
    const action = reg.server.sequencer.state.statusActions.find((a) => a.by === 'admin');
    expect(action).toBeDefined();
    const entry = await reg.call('GET', `/v1/entries/${String(action?.index)}`);
    const again = await reg.call('POST', '/v1/admin/commands', entry.json.entry.body.command);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toMatchObject({ index: String(action?.index), leaf_hash: entry.json.leaf_hash, affected: action?.affected });
  });

  it('replays every event of the log from the first entry, each SET verifying with the registry key', async () => {
    const state = reg.server.sequencer.state;
    const compromised = [...state.agents.values()].flatMap((a) => a.keys.filter((k) => k.compromiseReported !== undefined).map((k) => k.compromiseReported?.index));
    const expected = [...new Set([...state.statusActions.map((a) => a.index), ...compromised])].sort((a, b) => (a as number) - (b as number)).map(String);
    expect(expected.length).toBeGreaterThan(5);
    const client = await connectSse(`${reg.server.url}/v1/events`, { 'last-event-id': '0' });
    const key = publicKeyFromDidKey(reg.server.registryKey);
    const received: string[] = [];
    try {
      while (received.length < expected.length) {
        const frame = await client.next();
        const data = JSON.parse(frame.data) as Json;
        for (const token of data.sets as string[]) expect(verifySecurityEventToken(token, key).claims.txn).toBe(data.index);
        received.push(frame.id as string);
      }
    } finally {
      client.close();
    }
    expect(received).toEqual(expected);
  });

  it('serves the claimed state, current and at a past checkpoint', async () => {
    const current = await getBytes(reg.server.url, '/v1/state');
    expect(current.status).toBe(200);
    const claim = parseClaimedState(current.bytes);
    expect(claim.format).toBe(CLAIMED_STATE_FORMAT);
    expect(claim.tree_size).toBe(String(reg.server.sequencer.size));
    expect(claim.agents.length).toBe(reg.server.sequencer.state.agents.size);
    const checkpoints = await reg.call('GET', '/v1/checkpoints?limit=1000');
    const sizes = (checkpoints.json.checkpoints as Json[]).map((c) => Number(c.size));
    const past = sizes.find((size) => size > 0 && size < reg.server.sequencer.size) as number;
    expect(past).toBeDefined();
    const old = await getBytes(reg.server.url, `/v1/state?checkpoint=${past}`);
    expect(old.status).toBe(200);
    expect(old.headers.get('cache-control')).toContain('immutable');
    const oldClaim = parseClaimedState(old.bytes);
    expect(oldClaim.tree_size).toBe(String(past));
    // The revocation above came after that checkpoint: the past claim shows the agent active.
    const revoked = claim.agents.filter((a) => a.status === 'revoked').length;
    expect(oldClaim.agents.filter((a) => a.status === 'revoked').length).toBeLessThan(revoked);
    expect(sizes).not.toContain(past - 1);
    const missing = await getBytes(reg.server.url, `/v1/state?checkpoint=${past - 1}`);
    expect(missing.status).toBe(404);
  });
});
