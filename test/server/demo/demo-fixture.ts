import { seedSigner } from '../../../src/core/log/signature.ts';
import { parseEntry } from '../../../src/core/log/entry.ts';
import type { LogEntry } from '../../../src/core/log/statement.ts';
import { buildDemoLog, nativePublicKeyFromSeed, nativeSeedSigner, nativeSignEd25519, type DemoLog } from '../../../src/server/demo/index.ts';

/** Shared inputs of the demo tests: a fixed registry log key, origin and clock. */
export const DEMO_ORIGIN = 'registry.example/warden-demo';
export const DEMO_NOW = new Date('2026-03-02T09:30:00.000Z');
export const REGISTRY_SEED = new Uint8Array(32).fill(0x42);

export function nativeRegistrySigner() {
  return nativeSeedSigner('registry', REGISTRY_SEED);
}

export function portableRegistrySigner() {
  return seedSigner('registry', REGISTRY_SEED);
}

/** A demo log built with native signing. */
export function buildNativeDemo(seed: string, scale: number): DemoLog {
  return buildDemoLog({
    seed,
    origin: DEMO_ORIGIN,
    registrySigner: nativeRegistrySigner(),
    now: DEMO_NOW,
    scale,
    sign: nativeSignEd25519,
    publicKey: nativePublicKeyFromSeed,
  });
}

const cache = new Map<string, { log: DemoLog; parsed: LogEntry[] }>();

/** A native demo log and its parsed entries, built once per (seed, scale) in a test file. */
export function cachedDemo(seed: string, scale: number): { log: DemoLog; parsed: LogEntry[] } {
  const key = `${seed}@${scale}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    const log = buildNativeDemo(seed, scale);
    hit = { log, parsed: log.entries.map((bytes) => parseEntry(bytes)) };
    cache.set(key, hit);
  }
  return hit;
}
