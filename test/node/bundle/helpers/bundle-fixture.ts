/**
 * Fixtures for bundle tests: replicas synced (by the real sync engine) from a ServedLog through an
 * in-process LogSource, a logical snapshot of a replica database (to prove a refused import stored
 * nothing), and the members of a bundle so that a test can rebuild it with one lie.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '../../../../src/core/encoding/index.ts';
import { encodeManifest, MANIFEST_PATH, type BundleManifest } from '../../../../src/node/bundle/bundle-format.ts';
import { openBundle } from '../../../../src/node/bundle/open-bundle.ts';
import { ReplicaStore } from '../../../../src/node/replica/replica-store.ts';
import { syncReplica, type SyncResult } from '../../../../src/node/sync/sync-replica.ts';
import { memorySource } from '../../sync/helpers/memory-source.ts';
import type { ServedLog } from '../../sync/helpers/served-log.ts';

export { memorySource };
import { buildZip, type RawEntry } from './raw-zip.ts';


/** Syncs `store` to each size in turn (the first sync pins the log key). */
export async function syncSizes(store: ReplicaStore, log: ServedLog, sizes: readonly number[]): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const size of sizes) results.push(await syncReplica({ db: store, source: memorySource(log, size), logKey: log.verifierKey, batchEntries: 200 }));
  return results;
}

export interface Workspace {
  readonly dir: string;
  path(name: string): string;
  /** A replica database in the workspace (closed by cleanup). */
  replica(name: string): ReplicaStore;
  write(name: string, bytes: Uint8Array): string;
  cleanup(): void;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bundle-'));
  const stores: ReplicaStore[] = [];
  return {
    dir,
    path: (name) => join(dir, name),
    replica(name) {
      const store = ReplicaStore.open(join(dir, name));
      stores.push(store);
      return store;
    },
    write(name, bytes) {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    },
    cleanup() {
      for (const store of stores) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table, in a stable order, blobs in hex: equal snapshots = nothing changed. */
export function snapshot(store: ReplicaStore): string {
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = store.db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    dump[name] = rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? bytesToHex(v) : v))).sort();
  }
  return JSON.stringify(dump);
}

/** The rows of the derived and log tables without the origin id (which differs between replicas). */
export function logicalState(store: ReplicaStore, tables: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = store.db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    out[table] = rows
      .map((row) => {
        const { origin_id: _drop, ...rest } = row;
        return JSON.stringify(rest, (_k, v: unknown) => (v instanceof Uint8Array ? bytesToHex(v) : v));
      })
      .sort();
  }
  return out;
}

export interface BundleContent {
  readonly manifest: BundleManifest;
  /** Members in stored order, manifest.json excluded. */
  readonly members: [string, Uint8Array][];
}

/** Reads a (valid) bundle's members. */
export async function readBundle(file: string): Promise<BundleContent> {
  const bundle = await openBundle(file);
  try {
    const members: [string, Uint8Array][] = [];
    for (const row of bundle.manifest.members) members.push([row.name, (await bundle.read(row.name)) as Uint8Array]);
    return { manifest: bundle.manifest, members };
  } finally {
    await bundle.close();
  }
}

/** The manifest rows for `members`, as the exporter writes them. */
export function manifestFor(content: BundleContent, members: readonly [string, Uint8Array][], patch: Partial<BundleManifest> = {}): Uint8Array {
  return encodeManifest({
    ...content.manifest,
    members: members.map(([name, bytes]) => ({ name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })),
    ...patch,
  });
}

/**
 * Rebuilds a bundle from `members` with a fresh, consistent manifest (unless `manifest` is given),
 * through the raw builder; `entry` may override any entry.
 */
export function rebuild(
  content: BundleContent,
  members: readonly [string, Uint8Array][] = content.members,
  options: { manifest?: Uint8Array; entry?: (name: string, entry: RawEntry) => RawEntry; extra?: RawEntry[] } = {},
): Uint8Array {
  const manifest = options.manifest ?? manifestFor(content, members);
  const entries: RawEntry[] = [...members, [MANIFEST_PATH, manifest] as [string, Uint8Array]].map(([name, data]) => {
    const entry: RawEntry = { name, data };
    return options.entry === undefined ? entry : options.entry(name, entry);
  });
  return buildZip([...entries, ...(options.extra ?? [])]);
}
