/**
 * Revocation propagation (issue 3 benchmark): from an admin's `POST /v1/admin/commands` to the
 * revocation's security event arriving at each of 1,000 Server-Sent Events subscribers, over 200
 * commands, p50 and p99. Goal: p99 ≤ 100 ms (MAIP states ≤ 60 s for federation relay; Entra
 * documents up to 15 minutes for its continuous access evaluation).
 *
 * Set-up: the registry runs as its own process (WAL + fsync per group commit, a checkpoint every
 * second), the subscribers and the admin client in this process, on the same 2-core machine, every
 * subscriber on its own real HTTP connection to 127.0.0.1 (`GET /v1/events`). Commands are sent one
 * after another (the next when every subscriber has the previous event), each revoking one agent,
 * signed by the tenant's admin. A sample is (command, subscriber): the time from just before the
 * POST is written to the moment that subscriber's connection delivers the event frame (the frame's
 * `id` parsed, nothing more, to keep the client's own cost out of the figure). The event is pushed
 * when the entry is durable, not when a checkpoint covers it, so the checkpoint interval does not
 * enter the figure; the POST's answer waits for the checkpoint (the receipt), reported separately.
 * Afterwards every event one subscriber received is checked: its SETs verify with the pinned log key
 * and name the index the POST answered.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { bytesToBase64Url } from '../src/core/encoding/index.ts';
import { ADMIN_COMMAND_FORMAT, signAdminCommand } from '../src/core/log/admin-command.ts';
import { formatTimestamp } from '../src/core/log/time.ts';
import { parseVerifierKey } from '../src/core/note/vkey.ts';
import { verifySecurityEventToken } from '../src/server/events/security-event-token.ts';
import { keyFromHex, newAgentId, newKey, signed, type TestKey } from '../test/server/helpers/keys.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'revocation';
const WANTED_SUBSCRIBERS = 1_000;
const COMMANDS = 200;
const CONNECT_BATCH = 100;
const EVENT_TIMEOUT_MS = 15_000;

interface ServerInfo {
  readonly url: string;
  readonly origin: string;
  readonly logKey: string;
  readonly keysDir: string;
}

// The registry process: startRegistryServer with the admin rate limit lifted (one client sends all
// 200 commands), answering its address as one JSON line, closing cleanly on SIGTERM.
const SERVER_SCRIPT = `
const [moduleUrl, dbPath] = process.argv.slice(1);
const { startRegistryServer } = await import(moduleUrl);
const log = (m) => void process.stderr.write(m + '\\n');
const server = await startRegistryServer({
  dbPath,
  rateLimits: { admin: { ratePerSecond: 1e6, burst: 1e6 } },
  logger: { info: log, warn: log, error: log },
});
process.stdout.write(JSON.stringify({ url: server.url, origin: server.origin, logKey: server.logVerifierKey, keysDir: server.keysDir }) + '\\n');
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
`;

function startServer(dbPath: string): Promise<{ child: ChildProcess; info: ServerInfo; stderr: () => string }> {
  const moduleUrl = pathToFileURL(fileURLToPath(new URL('../src/server/registry-server.ts', import.meta.url))).href;
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER_SCRIPT, moduleUrl, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the registry did not start: ${err}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(line) as ServerInfo, stderr: () => err });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the registry exited with ${String(code)}: ${err}`));
    });
  });
}

function post(agent: Agent, base: URL, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** How many subscribers the file-descriptor limit allows (each needs a socket here and one in the server). */
function subscriberBudget(): { count: number; limit: number } {
  let limit = Number.POSITIVE_INFINITY;
  try {
    limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  } catch {
    // unknown: assume enough
  }
  const count = Number.isFinite(limit) ? Math.min(WANTED_SUBSCRIBERS, limit - 256) : WANTED_SUBSCRIBERS;
  return { count: Math.max(1, count), limit };
}

interface Subscriber {
  readonly destroy: () => void;
  /** Raw `data` lines of every frame (kept for the first subscriber only). */
  readonly frames: string[];
  closed: boolean;
}

/** Arrival times: event id → one time per subscriber that has it. */
type Arrivals = Map<string, number[]>;

/**
 * One subscriber: a minimal HTTP/1.1 client on its own TCP connection (node:net), so that the
 * figure measures the registry, not an HTTP client library: it sends `GET /v1/events`, checks the
 * status line, strips the chunked framing (RFC 9112 §7.1) and takes the `id` of each SSE frame.
 */
function subscribe(base: URL, arrivals: Arrivals, keepFrames: boolean, onArrival: (id: string) => void): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: base.hostname, port: Number(base.port) });
    const subscriber: Subscriber = { destroy: () => socket.destroy(), frames: [], closed: false };
    let head: Buffer | undefined = Buffer.alloc(0);
    let raw: Buffer = Buffer.alloc(0); // chunked body bytes not yet decoded
    let text = ''; // decoded SSE text not yet split into frames
    socket.setNoDelay(true);
    socket.on('error', reject);
    socket.on('close', () => (subscriber.closed = true));
    socket.on('connect', () => socket.write(`GET /v1/events HTTP/1.1\r\nHost: ${base.host}\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      const now = performance.now();
      if (head !== undefined) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
        const headers = head.subarray(0, end).toString('latin1').toLowerCase();
        if (!status.startsWith('HTTP/1.1 200') || !headers.includes('transfer-encoding: chunked')) {
          reject(new Error(`GET /v1/events answered: ${status}`));
          socket.destroy();
          return;
        }
        chunk = head.subarray(end + 4);
        head = undefined;
        resolve(subscriber);
      }
      raw = raw.length === 0 ? chunk : Buffer.concat([raw, chunk]);
      for (;;) {
        const line = raw.indexOf('\r\n');
        if (line < 0) break;
        const size = Number.parseInt(raw.subarray(0, line).toString('latin1'), 16);
        if (raw.length < line + 2 + size + 2) break;
        text += raw.subarray(line + 2, line + 2 + size).toString('utf8');
        raw = raw.subarray(line + 2 + size + 2);
      }
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        if (!block.startsWith('id: ')) continue;
        const id = block.slice(4, block.indexOf('\n'));
        let times = arrivals.get(id);
        if (times === undefined) arrivals.set(id, (times = []));
        times.push(now);
        if (keepFrames) subscriber.frames.push(block);
        onArrival(id);
      }
    });
  });
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-revocation-'));
  const { child, info, stderr } = await startServer(join(dir, 'registry.db'));
  const base = new URL(info.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const subscribers: Subscriber[] = [];
  try {
    const bootstrap = JSON.parse(readFileSync(join(info.keysDir, 'bootstrap-admin.json'), 'utf8')) as { tenant: string; signer_seed_hex: string };
    const tenant = bootstrap.tenant;
    const admin: TestKey = keyFromHex(bootstrap.signer_seed_hex);
    const targets = Array.from({ length: COMMANDS }, () => newAgentId(tenant));
    const statements = targets.map((id) => {
      const key = newKey();
      return signed(info.origin, 'agent.registered', tenant, id, { key: key.did, display_name: 'bench-agent', capabilities: [], scopes: ['dataset:read'] }, [
        key.as('agent'),
        admin.as('admin'),
      ]);
    });
    const registered = await post(agent, base, '/v1/statements', { statements });
    if (registered.status !== 201) throw new Error(`registering the targets failed: ${registered.status} ${JSON.stringify(registered.json)}`);

    const { count, limit } = subscriberBudget();
    const arrivals: Arrivals = new Map();
    const waiting = new Map<string, () => void>();
    const onArrival = (id: string): void => {
      if ((arrivals.get(id)?.length ?? 0) >= subscribers.length) waiting.get(id)?.();
    };
    for (let i = 0; i < count; i += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, (_, j) => subscribe(base, arrivals, i + j === 0, onArrival));
      subscribers.push(...(await Promise.all(batch)));
    }

    const latencies: number[] = [];
    const allReached: number[] = [];
    const receipts: number[] = [];
    const indices: string[] = [];
    let pendingReceipt = 0;
    for (const target of targets) {
      const issued = Date.now();
      const command = signAdminCommand(
        {
          format: ADMIN_COMMAND_FORMAT,
          origin: info.origin,
          tenant,
          action: 'revoke',
          targets: [target],
          cascade: true,
          reason: { code: 'key_compromise', detail: 'revocation propagation benchmark' },
          issued_at: formatTimestamp(issued),
          expires_at: formatTimestamp(issued + 5 * 60_000),
          nonce: bytesToBase64Url(new Uint8Array(randomBytes(32))),
        },
        [admin.as('admin')],
      );
      const t0 = performance.now();
      const answer = await post(agent, base, '/v1/admin/commands', command);
      receipts.push(performance.now() - t0);
      if (answer.status === 202) pendingReceipt++;
      else if (answer.status !== 201) throw new Error(`the revocation was refused: ${answer.status} ${JSON.stringify(answer.json)}`);
      const index = answer.json.index as string;
      indices.push(index);
      if ((arrivals.get(index)?.length ?? 0) < subscribers.length) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`event ${index} reached ${arrivals.get(index)?.length ?? 0} of ${subscribers.length} subscribers`)), EVENT_TIMEOUT_MS);
          waiting.set(index, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        waiting.delete(index);
      }
      const times = arrivals.get(index) as number[];
      for (const time of times) latencies.push(time - t0);
      allReached.push(Math.max(...times) - t0);
    }

    // Correctness: every event the first subscriber received verifies and names the POST's index.
    const key = parseVerifierKey(info.logKey).publicKey;
    const first = subscribers[0] as Subscriber;
    const seen = first.frames.map((block) => {
      const data = JSON.parse(block.slice(block.indexOf('\ndata: ') + 7)) as { index: string; sets: string[] };
      for (const token of data.sets) if (verifySecurityEventToken(token, key).claims.txn !== data.index) throw new Error(`event ${data.index}: a SET names another index`);
      return data.index;
    });
    if (JSON.stringify(seen) !== JSON.stringify(indices)) throw new Error('the first subscriber did not receive exactly the commands’ events, in order');
    const dropped = subscribers.filter((s) => s.closed).length;

    latencies.sort((a, b) => a - b);
    allReached.sort((a, b) => a - b);
    receipts.sort((a, b) => a - b);
    const n = subscribers.length;
    const fewer = n < WANTED_SUBSCRIBERS ? `; only ${n} subscribers: ulimit -n is ${limit}` : '';
    const setting = `${COMMANDS} revocations, ${n} SSE subscribers on 127.0.0.1, server in its own process, same 2-core machine${fewer}`;
    report({ group: GROUP, name: `POST → event at each subscriber, p50 (${n} subscribers)`, value: percentile(latencies, 0.5), unit: 'ms', note: setting });
    report({ group: GROUP, name: `POST → event at each subscriber, p99 (${n} subscribers)`, value: percentile(latencies, 0.99), unit: 'ms', note: 'goal ≤ 100 ms; MAIP ≤ 60 s federation relay; Entra up to 15 min' });
    report({ group: GROUP, name: 'POST → event at the LAST subscriber, p50', value: percentile(allReached, 0.5), unit: 'ms', note: 'per command, the slowest of all subscribers' });
    report({ group: GROUP, name: 'POST → event at the LAST subscriber, p99', value: percentile(allReached, 0.99), unit: 'ms' });
    report({
      group: GROUP,
      name: 'POST → 201 with receipt (waits for the checkpoint), p50',
      value: percentile(receipts, 0.5),
      unit: 'ms',
      note: 'the event is pushed on sequencing (fsync), before the checkpoint; a receipt wait signs a checkpoint at once, not at the 1 s interval',
    });
    report({ group: GROUP, name: 'POST → 201 with receipt, p99', value: percentile(receipts, 0.99), unit: 'ms', note: `${pendingReceipt} of ${COMMANDS} answered 202 (checkpoint pending)` });
    report({ group: GROUP, name: 'subscribers disconnected during the run', value: dropped, unit: 'subscribers', note: 'backpressure drops; 0 expected' });
  } catch (error) {
    throw new Error(`${(error as Error).message}\nregistry stderr:\n${stderr().slice(-2000)}`, { cause: error });
  } finally {
    for (const subscriber of subscribers) subscriber.destroy();
    agent.destroy();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
