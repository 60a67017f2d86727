/**
 * Issue 5 benchmark (group 'verify'): full verification of a large evidence directory by the
 * independent verifier, against the native floor measured in the same run, and its peak memory at
 * two sizes.
 *
 * Floor = N ÷ (the 2-worker native Ed25519 rate, measured on the log's own signatures) + one-shot
 * SHA-256 of every leaf and node (measured per hash on the log's own entries, times N leaves and
 * N − 1 nodes). Goal: verification ≤ 1.2 × floor; peak RSS ≤ 400 MB and flat in N.
 *
 * The log: one tenant, one admin, 1,000 root agents, then sessions (signed by the agent) and trust
 * scores (signed by the registry) alternating: one signature per entry, like the floor. Generated
 * once with OpenSSL signing and cached under the OS temp directory (about 600 bytes per entry);
 * checkpoints every 10,000 entries. Each verification runs in a child process (this file, with
 * WARDEN_VERIFY_BENCH_CHILD set) so that its peak RSS is its own. Sizes: WARDEN_BENCH_VERIFY_ENTRIES
 * (default 1,000,000) and a fifth of it.
 */
import { spawn } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToBase64Url, bytesToHex } from '../src/core/encoding/index.ts';
import { LogWriter } from '../src/core/log/log-writer.ts';
import { formatTimestamp, timestampMs } from '../src/core/log/time.ts';
import { formatSignerKey, parseSignerKey, verifierKeyOf } from '../src/core/note/signer-key.ts';
import { KEY_TYPE_ED25519 } from '../src/core/note/vkey.ts';
import { decodeEntryBundle } from '../src/core/tiles/entry-bundle.ts';
import { formatEntryBundlePath } from '../src/core/tiles/tile-path.ts';
import { publicKeyFromDidKey } from '../src/core/identity/did-key.ts';
import { parseEntry } from '../src/core/log/entry.ts';
import { statementSigningBytes } from '../src/core/log/statement.ts';
import { base64UrlToBytes } from '../src/core/encoding/base64.ts';
import { createVerifyPool, type VerifyItem } from '../src/node/crypto/verify-pool.ts';
import { createNativeHasher } from '../src/node/merkle/native-hasher.ts';
import { openEvidenceDirectory } from '../src/node/verify/directory-source.ts';
import { directorySink, writeEvidence } from '../src/node/verify/evidence-writer.ts';
import { verifyEvidence } from '../src/node/verify/verify-evidence.ts';
import type { BenchRow } from './types.ts';
import { peakRssMiB } from './peak-rss.ts';

const GROUP = 'verify';
const AGENTS = 1000;
const CHECKPOINT_EVERY = 10_000;
const FORMAT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Log generation (OpenSSL signing, canonical JSON written directly in RFC 8785 member order).

const PKCS8_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);
const privateKeys = new Map<string, ReturnType<typeof createPrivateKey>>();

function privateKey(seed: Uint8Array): ReturnType<typeof createPrivateKey> {
  const id = bytesToHex(seed);
  let key = privateKeys.get(id);
  if (key === undefined) {
    const der = new Uint8Array(48);
    der.set(PKCS8_PREFIX);
    der.set(seed, 16);
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    privateKeys.set(id, key);
  }
  return key;
}

const nativeSign = (seed: Uint8Array, message: Uint8Array): Uint8Array => new Uint8Array(sign(null, message, privateKey(seed)));
const nativePublicKey = (seed: Uint8Array): Uint8Array => new Uint8Array(createPublicKey(privateKey(seed)).export({ format: 'der', type: 'spki' }).subarray(12));

interface Generated {
  readonly dir: string;
  readonly logKey: string;
  readonly at: string;
  readonly size: number;
}

/** Writes (or reuses) the evidence directory of an `n`-entry log. */
async function generate(n: number): Promise<Generated> {
  const dir = path.join(os.tmpdir(), 'warden-bench-verify', `v${FORMAT_VERSION}-${n}`);
  const marker = path.join(dir, 'bench-complete.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as Generated;
  rmSync(dir, { recursive: true, force: true });
  const writer = new LogWriter({ seed: `verify-bench-${n}`, sign: nativeSign, publicKey: nativePublicKey });
  const tenant = writer.createTenant('Bench tenant');
  writer.enrolAdmin(tenant, 'Bench admin');
  const agents: { id: string; seed: Uint8Array; did: string; scope: string }[] = [];
  for (let i = 0; i < AGENTS && writer.entries.length < n; i++) {
    const key = writer.newKey();
    const id = writer.registerRoot(tenant, { display_name: `agent-${i}`, owner: 'bench@example.com', capabilities: [], scopes: ['dataset:read', 'model:evaluate'] }, { key, byRegistry: true });
    agents.push({ id, seed: key.seed, did: key.did, scope: 'dataset:read' });
  }
  const origin = writer.origin;
  const registry = writer.registry;
  const enc = new TextEncoder();
  let clock = timestampMs(writer.now());
  const head = `{"body":`;
  function* bulk(): Generator<Uint8Array> {
    for (const bytes of writer.bytes) yield bytes;
    for (let i = writer.bytes.length; i < n; i++) {
      clock += 250;
      const time = formatTimestamp(clock);
      const agent = agents[(i * 7919) % agents.length] as (typeof agents)[number];
      let body: string;
      let type: string;
      let signerSeed: Uint8Array;
      let signerDid: string;
      let role: string;
      if (i % 2 === 0) {
        const random = writer.random.bytes(48);
        body = `{"expires_at":"${formatTimestamp(clock + 3_600_000)}","nonce":"${bytesToBase64Url(random.subarray(0, 32))}","scopes":["${agent.scope}"],"session_id":"sess_${bytesToBase64Url(random.subarray(32))}"}`;
        type = 'session.authenticated';
        signerSeed = agent.seed;
        signerDid = agent.did;
        role = 'agent';
      } else {
        body = '{"band":"normal","factors":{"anomaly_score":80,"behavioral_compliance":80,"peer_attestations":80,"scope_adherence":80,"session_hygiene":80},"flags":[],"score":80}';
        type = 'trust.score_recorded';
        signerSeed = registry.seed;
        signerDid = registry.did;
        role = 'registry';
      }
      const before = `${head}${body},"format":"warden.statement/v1","origin":"${origin}"`;
      const after = `,"subject":"${agent.id}","tenant":"${tenant}","time":"${time}","type":"${type}"}`;
      const signature = bytesToBase64Url(nativeSign(signerSeed, enc.encode(before + after)));
      yield enc.encode(`${before},"signatures":[{"key":"${signerDid}","role":"${role}","sig":"${signature}"}]${after}`);
    }
  }
  const sizes: number[] = [];
  for (let s = CHECKPOINT_EVERY; s < n; s += CHECKPOINT_EVERY) sizes.push(s);
  const logSigner = formatSignerKey(origin, KEY_TYPE_ED25519, registry.seed);
  const written = await writeEvidence(bulk(), directorySink(dir), { logSigner, checkpointSizes: sizes });
  // Sanity: the bulk entries are valid statements (the verifier checks every one anyway).
  const sample = decodeEntryBundle(readFileSync(path.join(dir, ...formatEntryBundlePath(Math.floor((n - 1) / 256), n % 256 === 0 ? 256 : n % 256).split('/'))));
  parseEntry(sample[sample.length - 1] as Uint8Array);
  const generated: Generated = { dir, logKey: verifierKeyOf(parseSignerKey(logSigner)), at: formatTimestamp(clock + 60_000), size: written.size };
  writeFileSync(marker, JSON.stringify(generated));
  return generated;
}

// ---------------------------------------------------------------------------------------------
// The floor: the log's own signatures on 2 workers, and one-shot SHA-256 per leaf and node.

function* entriesOf(dir: string, n: number, limit: number): Generator<Uint8Array> {
  let yielded = 0;
  for (let b = 0; b * 256 < n && yielded < limit; b++) {
    const width = Math.min(256, n - b * 256);
    for (const entry of decodeEntryBundle(readFileSync(path.join(dir, ...formatEntryBundlePath(b, width).split('/'))))) {
      if (yielded++ >= limit) return;
      yield entry;
    }
  }
}

interface Floor {
  /** Verifications per wall second on 2 workers (best round). */
  readonly ed25519Rate: number;
  /** CPU seconds (all threads) per verification on the pool. */
  readonly ed25519CpuSeconds: number;
  readonly leafSeconds: number;
  readonly nodeSeconds: number;
}

async function measureFloor(g: Generated): Promise<Floor> {
  const SAMPLE = Math.min(100_000, g.size);
  const entries = [...entriesOf(g.dir, g.size, SAMPLE)];
  const items: VerifyItem[] = entries.map((bytes) => {
    const entry = parseEntry(bytes);
    const s = entry.signatures[0] as (typeof entry.signatures)[number];
    return { publicKey: publicKeyFromDidKey(s.key), message: statementSigningBytes(entry), signature: base64UrlToBytes(s.sig, 64) };
  });
  const pool = createVerifyPool({ size: 2 });
  let ed25519Rate: number;
  let ed25519CpuSeconds: number;
  try {
    await pool.verifyBatch(items.slice(0, 2000));
    const rates: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < 2; round++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const results = await pool.verifyBatch(items);
      const used = process.cpuUsage(cpuStart);
      rates.push(items.length / ((performance.now() - start) / 1000));
      cpu.push((used.user + used.system) / 1e6 / items.length);
      if (results.some((r) => r !== 1)) throw new Error('an honest signature failed in the floor measurement');
    }
    ed25519Rate = Math.max(...rates);
    ed25519CpuSeconds = Math.min(...cpu);
  } finally {
    await pool.close();
  }
  const hasher = createNativeHasher();
  let start = performance.now();
  const leaves = entries.map((e) => hasher.hashLeaf(e));
  const leafSeconds = (performance.now() - start) / 1000 / entries.length;
  start = performance.now();
  for (let i = 0; i + 1 < leaves.length; i++) hasher.hashChildren(leaves[i] as Uint8Array, leaves[i + 1] as Uint8Array);
  const nodeSeconds = (performance.now() - start) / 1000 / (leaves.length - 1);
  return { ed25519Rate, ed25519CpuSeconds, leafSeconds, nodeSeconds };
}

// ---------------------------------------------------------------------------------------------
// Verification in a child process.

interface ChildResult {
  readonly seconds: number;
  /** CPU seconds of every thread of the verifying process. */
  readonly cpuSeconds: number;
  readonly maxRssMiB: number;
  readonly verdict: string;
  readonly errors: number;
  readonly agents: number;
}

function verifyInChild(g: Generated): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, WARDEN_VERIFY_BENCH_CHILD: JSON.stringify(g) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`verification child exited with ${code}`))));
  });
}


async function childMain(g: Generated): Promise<void> {
  const source = await openEvidenceDirectory(g.dir);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await verifyEvidence(source, { logKey: g.logKey, at: g.at }, { workers: 2 });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const report: ChildResult = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMiB: peakRssMiB(),
    verdict: result.verdict,
    errors: result.counts.by_severity.error,
    agents: (JSON.parse(new TextDecoder().decode(result.record)) as { results: { state: { agents: number } } }).results.state.agents,
  };
  process.stdout.write(JSON.stringify(report));
}

/** Heap bytes per agent of the fold state (measured by registering agents). */
function stateBytesPerAgent(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  const writer = new LogWriter({ seed: 'verify-bench-state', sign: nativeSign, publicKey: nativePublicKey });
  const tenant = writer.createTenant('State tenant');
  writer.enrolAdmin(tenant, 'Admin');
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const COUNT = 5000;
  for (let i = 0; i < COUNT; i++) {
    writer.registerRoot(tenant, { display_name: `agent-${i}`, owner: 'owner@example.com', capabilities: ['summarise'], scopes: ['dataset:read', 'model:evaluate'] }, { byRegistry: true });
  }
  // The writer also keeps every entry and seed: drop them before measuring the fold state alone.
  writer.entries.length = 0;
  writer.bytes.length = 0;
  writer.keys.clear();
  gc?.();
  return (process.memoryUsage().heapUsed - before) / COUNT;
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const large = Number(process.env.WARDEN_BENCH_VERIFY_ENTRIES ?? 1_000_000);
  const small = Math.max(10_000, Math.round(large / 5));
  const started = performance.now();
  const smallLog = await generate(small);
  const largeLog = await generate(large);
  const generationNote = `generated or reused in ${((performance.now() - started) / 1000).toFixed(0)} s (cached in ${path.dirname(largeLog.dir)})`;
  const floor = await measureFloor(largeLog);
  const floorSeconds = large / floor.ed25519Rate + large * floor.leafSeconds + (large - 1) * floor.nodeSeconds;
  const smallRun = await verifyInChild(smallLog);
  const largeRun = await verifyInChild(largeLog);
  for (const r of [smallRun, largeRun]) {
    if (r.verdict !== 'verified' || r.errors !== 0) throw new Error(`the benchmark log did not verify (${r.verdict}, ${r.errors} errors)`);
  }
  const ratio = largeRun.seconds / floorSeconds;
  // On a shared machine wall time also measures the neighbours; CPU time is the steadier comparison.
  const floorCpuSeconds = large * floor.ed25519CpuSeconds + large * floor.leafSeconds + (large - 1) * floor.nodeSeconds;
  report({ group: GROUP, name: `full verification, ${large.toLocaleString('en-US')} entries`, value: largeRun.seconds, unit: 's', note: generationNote });
  report({ group: GROUP, name: 'verification rate', value: Math.round(large / largeRun.seconds), unit: 'entries/s' });
  report({ group: GROUP, name: 'native Ed25519 rate, 2 workers (same run)', value: Math.round(floor.ed25519Rate), unit: 'verifications/s' });
  report({ group: GROUP, name: 'SHA-256 one-shot, per leaf / per node', value: floor.leafSeconds * 1e6, unit: 'µs', note: `node ${(floor.nodeSeconds * 1e6).toFixed(2)} µs` });
  report({ group: GROUP, name: `native floor, ${large.toLocaleString('en-US')} entries`, value: floorSeconds, unit: 's' });
  report({ group: GROUP, name: 'verification ÷ floor (wall time)', value: ratio, unit: '×', note: 'goal ≤ 1.2' });
  report({ group: GROUP, name: 'verification ÷ floor (CPU time, all threads)', value: largeRun.cpuSeconds / floorCpuSeconds, unit: '×', note: `${largeRun.cpuSeconds.toFixed(1)} s vs ${floorCpuSeconds.toFixed(1)} s` });
  report({ group: GROUP, name: `peak RSS, ${small.toLocaleString('en-US')} entries`, value: Math.round(smallRun.maxRssMiB), unit: 'MiB', note: 'goal ≤ 400, flat' });
  report({ group: GROUP, name: `peak RSS, ${large.toLocaleString('en-US')} entries`, value: Math.round(largeRun.maxRssMiB), unit: 'MiB', note: 'goal ≤ 400, flat' });
  report({ group: GROUP, name: 'fold state per agent', value: Math.round(stateBytesPerAgent()), unit: 'bytes', note: `${largeRun.agents} agents in the benchmark log` });
}

if (process.env.WARDEN_VERIFY_BENCH_CHILD !== undefined) await childMain(JSON.parse(process.env.WARDEN_VERIFY_BENCH_CHILD) as Generated);
