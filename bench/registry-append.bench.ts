/**
 * Sustained appends to the reference registry (issue 3 benchmark): the server runs as its own
 * process (`warden registry serve`, WAL + fsync per group commit, a checkpoint every second,
 * signatures verified on ingest on the verify pool), the load generator in this process on the same
 * 2-core machine, over HTTP keep-alive:
 *   (a) single-statement requests, `POST /v1/agents/:id/metadata`, 64 concurrent clients;
 *   (b) batched submissions, `POST /v1/statements` with 1,000 statements, 4 concurrent clients.
 * Statements are `agent.metadata_updated` signed by 2,000 registered agents (one Ed25519 signature
 * each, verified by the server), pre-generated before each phase. Each client owns a disjoint set of
 * agents and sends its requests in order, so no statement is refused for arriving out of time order;
 * every request must answer 201. Goals: 3,000/s single, 15,000/s batched (Tessera reports ~2,900
 * writes/s on a 12-core VM without signature checks).
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../src/core/log/statement.ts';
import { statementSigningBytes } from '../src/core/log/statement.ts';
import { base64UrlToBytes } from '../src/core/encoding/index.ts';
import { publicKeyFromDidKey } from '../src/core/identity/did-key.ts';
import { createVerifyPool } from '../src/node/crypto/verify-pool.ts';
import { spawnRegistry, type ChildRegistry } from '../test/server/helpers/child-registry.ts';
import { keyFromHex, newAgentId, newKey, signed, type TestKey } from '../test/server/helpers/keys.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'registry';
const AGENTS = 2_000;
const SINGLE_CLIENTS = 64;
const SINGLE_SECONDS = 8;
const BATCH_CLIENTS = 8;
const BATCH_SIZE = 1_000;
const BATCH_SECONDS = 6;

interface Reply {
  status: number;
  json: unknown;
}

function post(agent: Agent, base: URL, path: string, body: unknown): Promise<Reply> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Owned {
  readonly id: string;
  readonly key: TestKey;
}

async function registerAgents(reg: ChildRegistry, agent: Agent, base: URL, tenant: string, admin: TestKey): Promise<Owned[]> {
  const owned: Owned[] = [];
  for (let start = 0; start < AGENTS; start += 500) {
    const statements: LogEntry[] = [];
    for (let i = start; i < Math.min(AGENTS, start + 500); i++) {
      const key = newKey();
      const id = newAgentId(tenant);
      statements.push(signed(reg.origin, 'agent.registered', tenant, id, { key: key.did, display_name: `bench-${i}`, capabilities: [], scopes: ['dataset:read'] }, [key.as('agent'), admin.as('admin')]));
      owned.push({ id, key });
    }
    const result = await post(agent, base, '/v1/statements', { statements });
    if (result.status !== 201) throw new Error(`registration failed: ${JSON.stringify(result.json).slice(0, 500)}`);
  }
  return owned;
}

// Statements for one client: round-robin over its agents, each agent's statements in time order.
function statementsFor(reg: ChildRegistry, tenant: string, agents: readonly Owned[], count: number): LogEntry[] {
  const out: LogEntry[] = [];
  for (let n = 0; n < count; n++) {
    const agent = agents[n % agents.length] as Owned;
    out.push(signed(reg.origin, 'agent.metadata_updated', tenant, agent.id, { version: `v${n}` }, [agent.key.as('agent')]));
  }
  return out;
}

async function checkpointCount(base: URL, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ agent, host: base.hostname, port: base.port, path: '/v1/checkpoints?limit=1000&from=1' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { checkpoints: unknown[] }).checkpoints.length));
    })
      .on('error', reject)
      .end();
  });
}

/**
 * The machine's verification floor, measured now: Ed25519 verifications per second of a 2-worker
 * native pool on these statements' signatures (what ingest cannot beat, whatever else it does).
 */
async function verificationFloor(statements: readonly LogEntry[]): Promise<number> {
  const items = statements.map((entry) => {
    const sig = entry.signatures[0] as LogEntry['signatures'][number];
    return { publicKey: publicKeyFromDidKey(sig.key), message: statementSigningBytes(entry), signature: base64UrlToBytes(sig.sig, 64) };
  });
  const pool = createVerifyPool({ size: 2 });
  try {
    await pool.verifyBatch(items.slice(0, 1000));
    const start = performance.now();
    await pool.verifyBatch(items);
    return items.length / ((performance.now() - start) / 1000);
  } finally {
    await pool.close();
  }
}

/** Runs `clients` loops, each sending its own requests in order until its list or the time is used up. */
async function drive(clients: number, seconds: number, send: (client: number, n: number) => Promise<number> | undefined): Promise<{ entries: number; elapsed: number }> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let entries = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const sent = send(client, n);
        if (sent === undefined) return;
        // Not `entries += await sent`: that reads `entries` before the await and loses updates.
        const done = await sent;
        entries += done;
      }
    }),
  );
  return { entries, elapsed: (performance.now() - start) / 1000 };
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-append-'));
  const dbPath = join(dir, 'registry.db');
  const reg = await spawnRegistry(dbPath);
  const base = new URL(reg.url);
  // A fresh connection pool per phase: generating statements takes seconds, and idle keep-alive
  // sockets the server is closing must not be reused.
  const pool = () => new Agent({ keepAlive: true, maxSockets: SINGLE_CLIENTS });
  let agent = pool();
  try {
    const bootstrap = JSON.parse(readFileSync(join(`${dbPath}.keys`, 'bootstrap-admin.json'), 'utf8')) as { tenant: string; signer_seed_hex: string };
    const tenant = bootstrap.tenant;
    const agents = await registerAgents(reg, agent, base, tenant, keyFromHex(bootstrap.signer_seed_hex));
    const split = (clients: number, c: number) => agents.filter((_, i) => i % clients === c);

    // (a) single-statement requests
    const singlePer = SINGLE_SECONDS * 120;
    const single = Array.from({ length: SINGLE_CLIENTS }, (_, c) => statementsFor(reg, tenant, split(SINGLE_CLIENTS, c), singlePer));
    const owners = Array.from({ length: SINGLE_CLIENTS }, (_, c) => split(SINGLE_CLIENTS, c));
    agent.destroy();
    agent = pool();
    let failures = 0;
    const checkpointsBefore = await checkpointCount(base, agent);
    const a = await drive(SINGLE_CLIENTS, SINGLE_SECONDS, (c, n) => {
      const statement = single[c]?.[n];
      if (statement === undefined) return undefined;
      const who = owners[c]?.[n % (owners[c]?.length ?? 1)] as Owned;
      return post(agent, base, `/v1/agents/${who.id}/metadata`, { statement }).then((r) => (r.status === 201 ? 1 : (failures++, 0)));
    });
    const checkpointsSingle = (await checkpointCount(base, agent)) - checkpointsBefore;
    const singleRate = a.entries / a.elapsed;
    report({ group: GROUP, name: `append, single-statement requests (${SINGLE_CLIENTS} keep-alive clients)`, value: Math.round(singleRate), unit: 'entries/s', note: `goal ≥ 3,000/s; ${a.entries} entries in ${a.elapsed.toFixed(1)} s, ${checkpointsSingle} checkpoints, ${failures} refused` });
    report({ group: GROUP, name: 'append, single-statement: ratio to goal', value: singleRate / 3000, unit: '×', note: 'Tessera: ~2,900 writes/s on 12 cores, no signature checks' });

    // (b) batched submissions
    const batchPer = Math.ceil((BATCH_SECONDS * 24_000) / BATCH_CLIENTS / BATCH_SIZE);
    const batches = Array.from({ length: BATCH_CLIENTS }, (_, c) => {
      const all = statementsFor(reg, tenant, split(BATCH_CLIENTS, c), batchPer * BATCH_SIZE);
      return Array.from({ length: batchPer }, (_, b) => all.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE));
    });
    agent.destroy();
    agent = pool();
    failures = 0;
    const before = await checkpointCount(base, agent);
    const b = await drive(BATCH_CLIENTS, BATCH_SECONDS, (c, n) => {
      const statements = batches[c]?.[n];
      if (statements === undefined) return undefined;
      return post(agent, base, '/v1/statements', { statements }).then((r) => (r.status === 201 ? statements.length : (failures++, 0)));
    });
    const checkpointsBatched = (await checkpointCount(base, agent)) - before;
    const batchRate = b.entries / b.elapsed;
    report({ group: GROUP, name: `append, batched submissions (${BATCH_SIZE} per request, ${BATCH_CLIENTS} clients)`, value: Math.round(batchRate), unit: 'entries/s', note: `goal ≥ 15,000/s; ${b.entries} entries in ${b.elapsed.toFixed(1)} s, ${checkpointsBatched} checkpoints, ${failures} refused` });
    report({ group: GROUP, name: 'append, batched: ratio to goal', value: batchRate / 15_000, unit: '×', note: 'every signature verified on ingest' });
    const floor = await verificationFloor(batches.flat(2).slice(0, 20_000));
    report({ group: GROUP, name: 'verification floor (2-worker native Ed25519 pool)', value: Math.round(floor), unit: 'verifications/s', note: 'measured in the same run: no ingest can beat it' });
    report({ group: GROUP, name: 'append, batched: ratio to the verification floor', value: batchRate / floor, unit: '×' });
  } finally {
    agent.destroy();
    reg.child.kill('SIGTERM');
    await reg.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
