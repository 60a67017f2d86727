/**
 * Building the `--demo` organisation (issue 3): the scale-1 log (about 2,000 agents, ~40,000
 * entries) with native Ed25519 signing, as the server does on first start, and the portable
 * (@noble) signer on a small scale for comparison. Goal: well under 15 s, so that the server can
 * also verify and append the log within the newcomer's 30-second first start.
 */
import { seedSigner } from '../src/core/log/signature.ts';
import { buildDemoLog, nativePublicKeyFromSeed, nativeSeedSigner, nativeSignEd25519, type DemoLog } from '../src/server/demo/index.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'registry-demo';
const ROUNDS = 3;
const PORTABLE_SCALE = 0.05;
const ORIGIN = 'registry.example/warden-demo';
const NOW = new Date('2026-03-02T09:30:00.000Z');
const REGISTRY_SEED = new Uint8Array(32).fill(0x42);

function timed(f: () => DemoLog): { seconds: number; log: DemoLog } {
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const log = f();
  return { seconds: (performance.now() - start) / 1000, log };
}

function buildNative(scale: number): DemoLog {
  return buildDemoLog({
    seed: 'bench',
    origin: ORIGIN,
    registrySigner: nativeSeedSigner('registry', REGISTRY_SEED),
    now: NOW,
    scale,
    sign: nativeSignEd25519,
    publicKey: nativePublicKeyFromSeed,
  });
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  buildNative(0.05); // warm-up (JIT)
  const rounds = Array.from({ length: ROUNDS }, () => timed(() => buildNative(1)));
  const sorted = [...rounds].sort((a, b) => a.seconds - b.seconds);
  const best = sorted[0] as { seconds: number; log: DemoLog };
  const median = sorted[Math.floor(sorted.length / 2)] as { seconds: number; log: DemoLog };
  const { summary } = best.log;
  const shape = `${summary.entries.toLocaleString('en-US')} entries, ${summary.agents.total.toLocaleString('en-US')} agents`;
  report({ group: GROUP, name: 'build scale-1 demo log, native Ed25519 (best)', value: best.seconds, unit: 's', note: `${shape}; best of ${ROUNDS}; goal well under 15 s` });
  report({ group: GROUP, name: 'build scale-1 demo log, native Ed25519 (median)', value: median.seconds, unit: 's', note: `median of ${ROUNDS}` });
  report({ group: GROUP, name: 'entries written, native Ed25519', value: Math.round(summary.entries / best.seconds), unit: 'entries/s', note: 'signed, encoded and folded' });

  const portable = timed(() =>
    buildDemoLog({ seed: 'bench', origin: ORIGIN, registrySigner: seedSigner('registry', REGISTRY_SEED), now: NOW, scale: PORTABLE_SCALE }),
  );
  const rate = portable.log.summary.entries / portable.seconds;
  report({ group: GROUP, name: `entries written, portable @noble Ed25519 (scale ${PORTABLE_SCALE})`, value: Math.round(rate), unit: 'entries/s', note: `${portable.log.summary.entries} entries` });
  report({
    group: GROUP,
    name: 'scale-1 build with portable signing (extrapolated)',
    value: summary.entries / rate,
    unit: 's',
    note: 'why the server passes nativeSignEd25519',
  });
}
