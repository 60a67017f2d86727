/**
 * Ed25519 verification rate, the limit of re-verifying a transparency log: the portable backend,
 * the native backend, the native backend through the worker pool, and the machine's own ceiling
 * (`openssl speed ed25519`, one core). The pool's goal is 90% of OpenSSL's single-core rate times
 * the cores. The corpus is shaped like log entries: 1,000 signer keys, distinct ~200-byte messages.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import os from 'node:os';
import { promisify } from 'node:util';
import { nobleEd25519Backend, verifyEd25519 } from '../src/core/crypto/ed25519.ts';
import type { Ed25519Backend } from '../src/core/crypto/backend.ts';
import { nativeEd25519Backend } from '../src/node/crypto/native-ed25519.ts';
import { createVerifyPool, type VerifyItem } from '../src/node/crypto/verify-pool.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'ed25519';
const KEYS = 1000;
const ENTRIES = 24_000;
const MESSAGE_BYTES = 200;

function makeCorpus(): VerifyItem[] {
  const signers = Array.from({ length: KEYS }, () => {
    const pair = generateKeyPairSync('ed25519');
    // The raw key is the last 32 bytes of the 44-byte SPKI DER (RFC 8410 §4).
    const spki = pair.publicKey.export({ format: 'der', type: 'spki' });
    return { privateKey: pair.privateKey, publicKey: new Uint8Array(spki.subarray(12)) };
  });
  return Array.from({ length: ENTRIES }, (_, i) => {
    const signer = signers[i % KEYS] as (typeof signers)[number];
    const message = new Uint8Array(randomBytes(MESSAGE_BYTES - 20 + (i % 41)));
    return { publicKey: signer.publicKey, message, signature: new Uint8Array(sign(null, message, signer.privateKey)) };
  });
}

interface Rate {
  /** Wall-clock verifications per second, best round (the least disturbed on a shared machine). */
  best: number;
  /** Wall-clock, median round. */
  median: number;
  /** Verifications per CPU-second (user + system, every thread of the process), all rounds. */
  perCpuSecond: number;
}

function summarise(rates: number[], verifications: number, cpu: NodeJS.CpuUsage): Rate {
  const sorted = [...rates].sort((a, b) => a - b);
  return {
    best: sorted[sorted.length - 1] ?? 0,
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    perCpuSecond: verifications / ((cpu.user + cpu.system) / 1e6),
  };
}

/**
 * Verifications per second of one backend on this thread: `rounds` rounds of about `seconds` each,
 * best and median (the machine is shared, so the best round is the least disturbed one).
 */
function measureSingle(corpus: readonly VerifyItem[], backend: Ed25519Backend, rounds: number, seconds: number): Rate {
  const rates: number[] = [];
  let next = 0;
  let total = 0;
  const cpuStart = process.cpuUsage();
  for (let round = 0; round < rounds; round++) {
    let done = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    while (performance.now() < deadline) {
      for (let i = 0; i < 100; i++) {
        const item = corpus[next++ % corpus.length] as VerifyItem;
        if (!verifyEd25519(item.publicKey, item.message, item.signature, backend)) {
          throw new Error(`${backend.name}: an honest signature failed to verify`);
        }
        done += 1;
      }
    }
    rates.push(done / ((performance.now() - start) / 1000));
    total += done;
  }
  return summarise(rates, total, process.cpuUsage(cpuStart));
}

/** Verifications per second through a pool: `rounds` batches of the whole corpus, best and median. */
async function measurePool(corpus: readonly VerifyItem[], size: number, rounds: number): Promise<Rate> {
  const pool = createVerifyPool({ size });
  try {
    await pool.verifyBatch(corpus.slice(0, 4000)); // start the workers, load modules, fill key caches
    const rates: number[] = [];
    const cpuStart = process.cpuUsage();
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      const results = await pool.verifyBatch(corpus);
      rates.push(corpus.length / ((performance.now() - start) / 1000));
      if (results.some((r) => r !== 1)) throw new Error('pool: an honest signature failed to verify');
    }
    return summarise(rates, rounds * corpus.length, process.cpuUsage(cpuStart));
  } finally {
    await pool.close();
  }
}

/** `openssl speed -seconds 3 ed25519`, verify/s column; null with a reason if it cannot be run. */
async function measureOpenSslCli(): Promise<{ rate: number; version: string } | { reason: string }> {
  try {
    const run = promisify(execFile);
    const { stdout } = await run('openssl', ['speed', '-seconds', '3', 'ed25519'], { timeout: 60_000 });
    // e.g. " 253 bits EdDSA (Ed25519)   0.0000s   0.0001s  41341.6  15425.2"
    const row = /\(Ed25519\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)/.exec(stdout);
    const version = /^version:\s*(.+)$/m.exec(stdout)?.[1] ?? 'unknown version';
    if (row?.[2] === undefined) return { reason: 'could not parse the openssl speed output' };
    return { rate: Number.parseFloat(row[2]), version };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { reason: code === 'ENOENT' ? 'the openssl CLI is not installed' : `openssl speed failed: ${String(error)}` };
  }
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const cores = os.availableParallelism();
  const load = `load average ${os.loadavg()[0]?.toFixed(2)} at start`;
  const corpus = makeCorpus();
  const shape = `${KEYS} keys, ${ENTRIES} distinct entries of ~${MESSAGE_BYTES} B`;
  const perCpu = (rate: Rate): string => `${Math.round(rate.perCpuSecond)} per CPU-second`;

  const noble = measureSingle(corpus, nobleEd25519Backend, 5, 0.5);
  report({ group: GROUP, name: 'verify, noble backend, 1 thread', value: Math.round(noble.best), unit: 'verify/s', note: `best of 5 rounds, median ${Math.round(noble.median)}, ${perCpu(noble)}; ${shape}` });

  measureSingle(corpus, nativeEd25519Backend, 1, 0.5); // fill the KeyObject cache, warm the JIT
  const native = measureSingle(corpus, nativeEd25519Backend, 6, 0.5);
  report({ group: GROUP, name: 'verify, native backend, 1 thread', value: Math.round(native.best), unit: 'verify/s', note: `best of 6 rounds, median ${Math.round(native.median)}, ${perCpu(native)}; policy pre-check included` });

  const rounds = 6;
  const pooled = await measurePool(corpus, cores, rounds);
  report({ group: GROUP, name: `verify, native backend, pool of ${cores} workers`, value: Math.round(pooled.best), unit: 'verify/s', note: `best of ${rounds} batches of ${ENTRIES}, median ${Math.round(pooled.median)}; ${load}` });
  report({ group: GROUP, name: `verify, pool of ${cores} workers, per CPU-second`, value: Math.round(pooled.perCpuSecond), unit: 'verify/CPU-s', note: 'all threads of the process, main thread included' });

  const openssl = await measureOpenSslCli();
  if ('reason' in openssl) {
    report({ group: GROUP, name: 'openssl speed ed25519, 1 core', value: 0, unit: 'verify/s', note: `not measured: ${openssl.reason}` });
    return;
  }
  report({ group: GROUP, name: 'openssl speed -seconds 3 ed25519, 1 core', value: Math.round(openssl.rate), unit: 'verify/s', note: `system OpenSSL ${openssl.version}, Node bundles ${process.versions.openssl}; openssl speed divides by CPU user time` });
  report({ group: GROUP, name: 'native 1 thread / openssl 1 core, per CPU-second', value: native.perCpuSecond / openssl.rate, unit: 'ratio', note: 'per-call cost of node:crypto, the key cache and the policy pre-check' });
  report({ group: GROUP, name: `pool / (openssl 1 core × ${cores} cores)`, value: pooled.best / (openssl.rate * cores), unit: 'ratio', note: `goal ≥ 0.9; wall-clock, best batch (median batch ${(pooled.median / (openssl.rate * cores)).toFixed(3)})` });
  report({ group: GROUP, name: 'pool / openssl 1 core, per CPU-second', value: pooled.perCpuSecond / openssl.rate, unit: 'ratio', note: 'the goal ratio the pool reaches when it has the cores to itself' });
}
