/**
 * Sync benchmarks (issue 4), against the reference registry server (src/server) on 127.0.0.1:
 *
 * - full sync of a demo registry at three sizes (scale 1 ≈ 43k entries, scale 5 ≈ 215k and scale 24
 *   ≈ 1,030,000, the 1,000,000-entry log): entries/s, against the native verification floor
 *   measured in the same run on the same entries (signature checks ÷ the 2-worker verify pool's
 *   rate, plus the leaf and tile hashing);
 * - peak RSS of the syncing process at each size: each sync is `warden sync --json` run as a user
 *   runs it (bin/warden.js, after `electron-vite build`: the built command, under the memory policy
 *   it gives `warden sync`, src/node/sync/heap-policy.ts), in a child process, so the server's
 *   memory is not counted;
 * - incremental sync of 10,000 new entries onto the largest replica: the registry's log extended by
 *   10,000 trust scores signed with its own log key, served by the test tile server.
 *
 * The demo databases are built once and kept in test-artifacts/bench-cache (the first run takes
 * several minutes more, most of it for scale 24). A run takes about five minutes after that.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectSignatureChecks, parseEntry, type SignatureCheck } from '../src/core/log/index.ts';
import { seedSigner } from '../src/core/log/signature.ts';
import { signStatement, encodeEntry } from '../src/core/log/entry.ts';
import { formatTimestamp, timestampMs } from '../src/core/log/time.ts';
import { parseSignerKey } from '../src/core/note/signer-key.ts';
import { recomputeScore } from '../src/core/trust/score.ts';
import { createVerifyPool } from '../src/node/crypto/index.ts';
import { nativeHasher } from '../src/node/merkle/native-hasher.ts';
import { ReplicaStore } from '../src/node/replica/replica-store.ts';
import { startRegistryServer, type RegistryServer } from '../src/server/registry-server.ts';
import { nativeSign, ServedLog } from '../test/node/sync/helpers/served-log.ts';
import { TileServer } from '../test/node/sync/helpers/tile-server.ts';
import { vmHwmKiB } from './peak-rss.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'sync';
const CACHE = fileURLToPath(new URL('../test-artifacts/bench-cache/', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WARDEN = join(ROOT, 'bin', 'warden.js');
const SCALES = [1, 5, 24] as const;
const INCREMENT = 10_000;
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => void process.stderr.write(`${m}\n`) };

interface ChildResult {
  /** The sync's own time, as the command reports it. */
  readonly elapsedMs: number;
  readonly treeSize: number;
  readonly entriesAdded: number;
  readonly rejected: number;
  /** The whole process's (start, sync, close): its VmHWM. */
  readonly peakRssMb: number;
  /** The whole process's, all threads. */
  readonly cpuUs: number;
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'warden-sync-bench-'));
  // What users run: the built command (bin/warden.js runs it when it is newer than the sources).
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  let server: RegistryServer | undefined;
  try {
    let large: { size: number; replica: string } | undefined;
    for (const scale of SCALES) {
      await server?.close();
      server = await openDemoRegistry(scale);
      const replica = join(work, `replica-${scale}.db`);
      const load = os.loadavg()[0] ?? 0;
      const result = await syncWithCli(server.url, replica, server.logVerifierKey);
      if (result.rejected !== 0) throw new Error(`the replay rejected ${result.rejected} demo entries`);
      const floor = await measureFloor(replica);
      const size = result.treeSize;
      const floorMs = (size * floor.wallUsPerEntry) / 1000;
      const label = `full sync of ${size.toLocaleString('en-US')} entries`;
      report({
        group: GROUP,
        name: label,
        value: (result.entriesAdded * 1000) / result.elapsedMs,
        unit: 'entries/s',
        note: `${(result.elapsedMs / 1000).toFixed(1)} s; floor ${(floorMs / 1000).toFixed(1)} s → ${(result.elapsedMs / floorMs).toFixed(2)}× (goal ≤ 1.5×); load ${load.toFixed(1)}`,
      });
      report({
        group: GROUP,
        name: `${label}: CPU per entry`,
        value: result.cpuUs / size,
        unit: 'µs',
        note: `all threads of the whole command; the floor takes ${floor.cpuUsPerEntry.toFixed(0)} µs → ${(result.cpuUs / size / floor.cpuUsPerEntry).toFixed(2)}×`,
      });
      report({
        group: GROUP,
        name: `${label}: native verification floor`,
        value: 1e6 / floor.wallUsPerEntry,
        unit: 'entries/s',
        note: `${floor.checksPerEntry.toFixed(2)} signatures/entry at ${Math.round(floor.checksPerSecond).toLocaleString('en-US')}/s (2-worker pool) + ${floor.hashUsPerEntry.toFixed(1)} µs hashing`,
      });
      report({
        group: GROUP,
        name: `${label}: peak RSS`,
        value: result.peakRssMb,
        unit: 'MB',
        note: 'goal < 300 MB; the whole command',
      });
      large = { size, replica };
    }
    if (server === undefined || large === undefined) return;
    const incremental = await measureIncremental(server, large.replica, large.size);
    report({
      group: GROUP,
      name: `incremental sync of ${INCREMENT.toLocaleString('en-US')} entries onto ${large.size.toLocaleString('en-US')}`,
      value: incremental.elapsedMs / 1000,
      unit: 's',
      note: `goal < 1 s; ${Math.round((INCREMENT * 1000) / incremental.elapsedMs).toLocaleString('en-US')} entries/s; peak RSS ${incremental.peakRssMb.toFixed(0)} MB`,
    });
  } finally {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The demo registry of `scale`, built on first use and reopened from the cache after. */
async function openDemoRegistry(scale: number): Promise<RegistryServer> {
  const dir = join(CACHE, `demo-${scale}`);
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, 'registry.db');
  const fresh = !existsSync(dbPath);
  if (fresh) process.stderr.write(`  building the scale-${scale} demo registry once (cached in ${dir})…\n`);
  return startRegistryServer({ dbPath, ...(fresh ? { demo: { seed: 'sync-bench', scale } } : {}), logger: quiet });
}

/**
 * Runs `warden sync --registry <url> --db <replica> [--log-key <key>] --json` and samples the
 * process's /proc entries every 20 ms until it exits: its peak RSS is the last VmHWM seen (a
 * high-water mark, so a sample taken after the peak holds it), its CPU time the last utime + stime
 * (all threads; the last few milliseconds before exit are missed). Linux only, like the figures
 * recorded. The launcher re-executes itself under the memory policy keeping its pid, which resets
 * VmHWM to the policy process's own.
 */
function syncWithCli(url: string, replica: string, logKey?: string): Promise<ChildResult> {
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return new Promise((resolve, reject) => {
    const args = [WARDEN, 'sync', '--registry', url, '--db', replica, ...(logKey === undefined ? [] : ['--log-key', logKey]), '--json'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peakKb = 0;
    let cpuTicks = 0;
    let sampled = false;
    const sample = (): void => {
      const hwm = vmHwmKiB(child.pid as number);
      if (hwm === undefined) return; // The process has just exited: the previous sample stands.
      peakKb = Math.max(peakKb, hwm);
      try {
        const stat = readFileSync(`/proc/${String(child.pid)}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Number(fields[11]) + Number(fields[12]);
        sampled = true;
      } catch {
        // The process has just exited: the previous sample stands.
      }
    };
    const timer = setInterval(sample, 20);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`warden sync exited with ${String(code)}: ${out}`));
      if (!sampled) return reject(new Error('the sync bench samples the command through /proc, which this system does not have (Linux only)'));
      const result = JSON.parse(out) as { treeSize: number; entriesAdded: number; entriesRejected: number; elapsedMs: number };
      resolve({
        elapsedMs: result.elapsedMs,
        treeSize: result.treeSize,
        entriesAdded: result.entriesAdded,
        rejected: result.entriesRejected,
        peakRssMb: peakKb / 1024,
        cpuUs: (cpuTicks * 1e6) / ticksPerSecond,
      });
    });
  });
}

interface Floor {
  readonly wallUsPerEntry: number;
  readonly cpuUsPerEntry: number;
  readonly checksPerEntry: number;
  readonly checksPerSecond: number;
  readonly hashUsPerEntry: number;
}

/**
 * The floor on the replica's own entries: every signature check of a sample of up to 40,000
 * entries through a fresh 2-worker verify pool (after a warm-up), and the RFC 9162 hashing a sync
 * does per entry (its leaf hash and, amortised, one interior node hash). Wall time and CPU time (all
 * threads) are both kept: on a busy machine the CPU ratio is the steadier one.
 */
async function measureFloor(replica: string): Promise<Floor> {
  const store = ReplicaStore.open(replica, { mustExist: true });
  const sample = [...store.iterateEntries(1, 0, 40_000)].map((e) => e.data);
  store.close();
  const checks: SignatureCheck[] = sample.flatMap((bytes) => collectSignatureChecks(parseEntry(bytes)));
  const pool = createVerifyPool({ size: 2 });
  try {
    await pool.verifyBatch(checks.slice(0, 2_000));
    const cpu = process.cpuUsage();
    const started = performance.now();
    await pool.verifyBatch(checks);
    const verifyMs = performance.now() - started;
    const hashStarted = performance.now();
    let previous = nativeHasher.hashLeaf(sample[0] as Uint8Array);
    for (const bytes of sample) previous = nativeHasher.hashChildren(previous, nativeHasher.hashLeaf(bytes));
    const hashMs = performance.now() - hashStarted;
    const used = process.cpuUsage(cpu);
    const checksPerEntry = checks.length / sample.length;
    return {
      wallUsPerEntry: ((verifyMs + hashMs) * 1000) / sample.length,
      cpuUsPerEntry: (used.user + used.system) / sample.length,
      checksPerEntry,
      checksPerSecond: (checks.length * 1000) / verifyMs,
      hashUsPerEntry: (hashMs * 1000) / sample.length,
    };
  } finally {
    await pool.close();
  }
}

/**
 * Extends the registry's log (read back from the synced replica) by INCREMENT trust scores of live
 * agents, signed with the registry's log key, serves it with the tile server, and syncs the replica.
 */
async function measureIncremental(server: RegistryServer, replica: string, size: number): Promise<ChildResult> {
  const logKey = parseSignerKey(readFileSync(join(server.keysDir, 'log.key'), 'utf8').trim());
  const store = ReplicaStore.open(replica, { mustExist: true });
  const entries = [...store.iterateEntries(1, 0, size)].map((e) => e.data);
  const agents = (store.db.prepare("SELECT id, tenant FROM agents WHERE status != 'revoked' ORDER BY id").all() as { id: string; tenant: string }[]);
  const lastTime = (store.db.prepare('SELECT max(time) AS t FROM entries').get() as { t: string }).t;
  store.close();
  const registry = seedSigner('registry', logKey.seed, nativeSign, logKey.publicKey);
  let clock = timestampMs(lastTime);
  for (let i = 0; i < INCREMENT; i++) {
    const agent = agents[i % agents.length] as { id: string; tenant: string };
    const factors = { behavioral_compliance: 60 + (i % 40), scope_adherence: 90, anomaly_score: 80, peer_attestations: 70, session_hygiene: 85 };
    const { score, band } = recomputeScore(factors);
    clock += 1_000;
    const entry = signStatement(
      {
        format: 'warden.statement/v1',
        origin: server.origin,
        type: 'trust.score_recorded',
        tenant: agent.tenant,
        subject: agent.id,
        time: formatTimestamp(clock),
        body: { factors, score, band, flags: [] },
      },
      [registry],
    );
    entries.push(encodeEntry(entry));
  }
  const log = new ServedLog(server.origin, logKey.seed, entries);
  const tiles = await TileServer.start({ log });
  try {
    return await syncWithCli(tiles.url(), replica, server.logVerifierKey);
  } finally {
    await tiles.close();
  }
}
