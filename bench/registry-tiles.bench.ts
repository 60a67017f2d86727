/**
 * Tile serving (issue 3 benchmark): downloading a whole log as C2SP tlog-tiles from the reference
 * registry over HTTP keep-alive (8 concurrent requests): every entry bundle and every hash tile of
 * the latest checkpoint, the way a replica's first sync fetches them. Reported in entries/s and
 * MB/s of response bodies, without and with gzip (bundles are built from SQLite: a log this size
 * does not fit the server's 64 MiB bundle cache). The client runs in a worker thread.
 *
 * The log (LOG_SIZE entries) is built first through the sequencer's bulk path, in-process: the
 * registry's own `trust.score_recorded` statements about 1,000 agents, signed natively (in two
 * worker threads), folded, hashed into tiles and committed in batches of 20,000, exactly as ingest
 * stores them; the build time is reported too. The server runs in this process's main thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { STATEMENT_FORMAT, type LogEntry, type Statement } from '../src/core/log/statement.ts';
import { recomputeScore } from '../src/core/trust/score.ts';
import { bytesToBase64Url } from '../src/core/encoding/index.ts';
import { formatTimestamp } from '../src/core/log/time.ts';
import { formatEntryBundlePath, formatTilePath, listTiles, tileLevelsFor } from '../src/core/tiles/index.ts';
import { fastCanonicalBytes } from '../src/server/log/fast-jcs.ts';
import { prepareSigned, type PreparedEntry } from '../src/server/log/prepared-entry.ts';
import { startRegistryServer, type RegistryServer } from '../src/server/registry-server.ts';
import { newAgentId, newKey } from '../test/server/helpers/keys.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'registry';
const LOG_SIZE = Number(process.env.WARDEN_BENCH_TILES_ENTRIES ?? 1_000_000);
const AGENTS = 1_000;
const CHUNK = 20_000;
const CONCURRENCY = 8;

// Plain JavaScript for the signing workers (eval: no TypeScript, node:crypto only).
const SIGNER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const key = createPrivateKey({ key: Buffer.concat([prefix, Buffer.from(workerData)]), format: 'der', type: 'pkcs8' });
parentPort.on('message', (messages) => parentPort.postMessage(messages.map((m) => new Uint8Array(sign(null, m, key)))));
`;

function signInWorkers(seed: Uint8Array, messages: Uint8Array[], workers: Worker[]): Promise<Uint8Array[]> {
  const per = Math.ceil(messages.length / workers.length);
  return Promise.all(
    workers.map(
      (worker, w) =>
        new Promise<Uint8Array[]>((resolve) => {
          worker.once('message', resolve);
          worker.postMessage(messages.slice(w * per, (w + 1) * per));
        }),
    ),
  ).then((parts) => parts.flat());
}

async function buildLog(server: RegistryServer): Promise<number> {
  const { sequencer, context } = server;
  const registry = context.keys.registrySigner;
  const seed = context.keys.logKey.seed;
  const tenant = [...sequencer.state.tenants.keys()][0] as string;
  const origin = server.origin;
  let clock = Date.now() - 86_400_000;
  const time = () => formatTimestamp(clock++);
  const agents: string[] = [];
  const registrations: PreparedEntry[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const key = newKey();
    const id = newAgentId(tenant);
    agents.push(id);
    registrations.push(
      prepareSigned(
        { format: STATEMENT_FORMAT, origin, type: 'agent.registered', tenant, subject: id, time: time(), body: { key: key.did, display_name: `tile-bench-${i}`, capabilities: [], scopes: ['dataset:read'] } },
        [key.as('agent'), registry],
      ),
    );
  }
  await sequencer.appendEntries(registrations, { verifySignatures: false });
  const workers = [0, 1].map(() => new Worker(SIGNER_SOURCE, { eval: true, workerData: seed }));
  try {
    let n = 0;
    while (sequencer.size < LOG_SIZE) {
      const count = Math.min(CHUNK, LOG_SIZE - sequencer.size);
      const statements: Statement[] = [];
      for (let i = 0; i < count; i++, n++) {
        const factors = { behavioral_compliance: 50 + (n % 51), scope_adherence: 60 + (n % 41), anomaly_score: 70 + (n % 31), peer_attestations: 55, session_hygiene: 80 };
        const { score, band } = recomputeScore(factors);
        statements.push({ format: STATEMENT_FORMAT, origin, type: 'trust.score_recorded', tenant, subject: agents[n % AGENTS] as string, time: time(), body: { factors, score, band, flags: [] } });
      }
      const signatures = await signInWorkers(seed, statements.map((s) => fastCanonicalBytes(s)), workers);
      const prepared = statements.map((statement, i): PreparedEntry => {
        const entry = { ...statement, signatures: [{ role: 'registry', key: registry.key, sig: bytesToBase64Url(signatures[i] as Uint8Array) }] } as LogEntry;
        return { entry, bytes: fastCanonicalBytes(entry) };
      });
      await sequencer.appendEntries(prepared, { verifySignatures: false });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  sequencer.checkpointNow();
  return sequencer.checkpoint?.size ?? 0;
}

// The download client runs in a worker thread (plain JavaScript, fetch with keep-alive), so that it
// does not share the server's event loop.
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, paths, gzip, concurrency } = workerData;
let next = 0;
let bytes = 0;
const headers = { 'accept-encoding': gzip ? 'gzip' : 'identity' };
async function loop() {
  while (next < paths.length) {
    const path = paths[next++];
    const response = await fetch(url + path, { headers });
    if (response.status !== 200) throw new Error(path + ': ' + response.status);
    const body = await response.arrayBuffer();
    // undici decompresses gzip: count what crossed the wire.
    bytes += gzip ? Number(response.headers.get('content-length') ?? body.byteLength) : body.byteLength;
  }
}
Promise.all(Array.from({ length: concurrency }, loop)).then(() => parentPort.postMessage({ bytes }), (error) => parentPort.postMessage({ error: String(error) }));
`;

/** Downloads every bundle and hash tile of a tree of `size` from a worker; returns the response bytes. */
function downloadAll(url: string, size: bigint, gzip: boolean): Promise<number> {
  const paths: string[] = [];
  for (const ref of listTiles(0, size)) paths.push(`/${formatEntryBundlePath(ref.index, ref.width)}`);
  for (const { level } of tileLevelsFor(size)) for (const ref of listTiles(level, size)) paths.push(`/${formatTilePath(level, ref.index, ref.width)}`);
  const worker = new Worker(CLIENT_SOURCE, { eval: true, workerData: { url, paths, gzip, concurrency: CONCURRENCY } });
  return new Promise<number>((resolve, reject) => {
    worker.once('message', (result: { bytes?: number; error?: string }) => {
      void worker.terminate();
      if (result.error !== undefined) reject(new Error(result.error));
      else resolve(result.bytes ?? 0);
    });
    worker.once('error', reject);
  });
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-tiles-'));
  const server = await startRegistryServer({ dbPath: join(dir, 'registry.db'), verifyWorkers: 0, logger: { info() {}, warn() {}, error: (m) => console.error(m) } });
  try {
    const started = performance.now();
    const size = await buildLog(server);
    const buildSeconds = (performance.now() - started) / 1000;
    report({ group: GROUP, name: `bulk build of a ${size.toLocaleString('en-US')}-entry log`, value: Math.round(size / buildSeconds), unit: 'entries/s', note: `${buildSeconds.toFixed(1)} s: sign (2 threads), fold, tile, commit` });
    for (const [label, gzip] of [
      ['identity', false],
      ['gzip', true],
    ] as const) {
      const t = performance.now();
      const bytes = await downloadAll(server.url, BigInt(size), gzip);
      const seconds = (performance.now() - t) / 1000;
      report({ group: GROUP, name: `full-log tile download (${label})`, value: Math.round(size / seconds), unit: 'entries/s', note: `${size.toLocaleString('en-US')} entries, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s` });
      report({ group: GROUP, name: `full-log tile download (${label}), bytes`, value: Math.round(bytes / 1e6 / seconds), unit: 'MB/s' });
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
