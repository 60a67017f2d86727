import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesToBase64Url } from '../../../src/core/encoding/index.ts';
import { verifyConsistency } from '../../../src/core/merkle/consistency.ts';
import { openCheckpoint, type OpenedCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { nativeHasher } from '../../../src/node/merkle/native-hasher.ts';
import { call } from '../helpers/http.ts';
import { newAgentId, newKey, signed, type TestKey } from '../helpers/keys.ts';
import { spawnRegistry, type ChildRegistry } from '../helpers/child-registry.ts';
import { downloadTiledLog } from '../helpers/tile-client.ts';

interface Acked {
  readonly index: number;
  readonly leafHash: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writers hammer the registry (batches and single statements) until `stop()`; every 201 is recorded. */
function driveLoad(reg: ChildRegistry, tenant: string, agents: readonly { id: string; key: TestKey }[], acked: Acked[], seen: string[]) {
  let running = true;
  const writer = async (agent: { id: string; key: TestKey }, batch: number) => {
    for (let round = 0; running; round++) {
      const statements = Array.from({ length: batch }, (_, i) =>
        signed(reg.origin, 'agent.metadata_updated', tenant, agent.id, { version: `${round}.${i}` }, [agent.key.as('agent')]),
      );
      try {
        const result = batch === 1 ? await call(reg.url, 'POST', `/v1/agents/${agent.id}/metadata`, { statement: statements[0] }) : await call(reg.url, 'POST', '/v1/statements', { statements });
        if (result.status === 201) for (const e of result.json.entries) acked.push({ index: Number(e.index), leafHash: e.leaf_hash });
      } catch {
        return; // the server was killed mid-request: this one was never acknowledged
      }
    }
  };
  const watcher = async () => {
    while (running) {
      try {
        const response = await fetch(`${reg.url}/checkpoint`);
        if (response.status === 200) seen.push(await response.text());
      } catch {
        return;
      }
      await sleep(50);
    }
  };
  const tasks = [...agents.map((agent, i) => writer(agent, i % 2 === 0 ? 40 : 1)), watcher()];
  return {
    stop: async () => {
      running = false;
      await Promise.allSettled(tasks);
    },
  };
}

describe('registry durability: kill -9 during heavy appends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-crash-'));
  const dbPath = join(dir, 'registry.db');
  let reg: ChildRegistry | undefined;

  afterAll(async () => {
    if (reg !== undefined && reg.child.exitCode === null) {
      reg.child.kill('SIGKILL');
      await reg.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged entry and a log consistent with every checkpoint, across two kills', async () => {
    reg = await spawnRegistry(dbPath);
    const first = reg;
    const token = readFileSync(`${dbPath}.keys/operator.token`, 'utf8').trim();
    const tenant = (await call(first.url, 'GET', '/v1/tenants')).json.tenants[0].id as string;
    const agents = [];
    for (let i = 0; i < 8; i++) {
      const key = newKey();
      const id = newAgentId(tenant);
      const statement = signed(first.origin, 'agent.registered', tenant, id, { key: key.did, display_name: `load-${i}`, capabilities: [], scopes: ['dataset:read'] }, [key.as('agent')]);
      expect((await call(first.url, 'POST', '/v1/agents', { statement }, { token })).status).toBe(201);
      agents.push({ id, key });
    }
    const acked: Acked[] = [];
    const seen: string[] = [];
    for (let round = 0; round < 2; round++) {
      const load = driveLoad(reg, tenant, agents, acked, seen);
      await sleep(1_500);
      reg.child.kill('SIGKILL');
      await reg.exited;
      await load.stop();
      reg = await spawnRegistry(dbPath);
      expect(reg.origin).toBe(first.origin);
      expect(reg.logKey).toBe(first.logKey);
    }
    const restarted = reg;
    expect(acked.length).toBeGreaterThan(100);

    // Wait until the restarted log has checkpointed everything it holds, then read it from tiles only.
    let size = -1;
    for (let tries = 0; tries < 100; tries++) {
      const info = (await call(restarted.url, 'GET', '/v1/registry')).json;
      size = Number(info.tree_size);
      if (Number(info.checkpoint?.size) === size) break;
      await sleep(50);
    }
    const log = await downloadTiledLog(restarted.url, restarted.logKey);
    expect(Number(log.opened.checkpoint.size)).toBe(size);

    const missing = acked.filter((a) => a.index >= log.entries.length || bytesToBase64Url(log.tree.getNode(0, BigInt(a.index))) !== a.leafHash);
    expect(missing).toEqual([]);

    // Every checkpoint seen while the server ran, and every stored one, is a prefix of this log.
    const stored = (await call(restarted.url, 'GET', '/v1/checkpoints?limit=1000')).json.checkpoints.map((c: { note: string }) => c.note);
    const notes = [...new Set([...seen, ...stored])];
    const opened: OpenedCheckpoint[] = notes.map((note) => openCheckpoint(note, restarted.logKey));
    const final = log.opened.checkpoint;
    const failures: string[] = [];
    for (const { checkpoint } of opened) {
      if (checkpoint.size === 0n) continue;
      try {
        verifyConsistency(checkpoint.size, final.size, checkpoint.rootHash, final.rootHash, log.tree.consistencyProof(checkpoint.size, final.size), nativeHasher);
      } catch (error) {
        failures.push(`${checkpoint.size}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(opened.length).toBeGreaterThan(2);

    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  });
});
