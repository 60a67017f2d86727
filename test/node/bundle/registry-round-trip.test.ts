/**
 * The full path with the reference registry server on 127.0.0.1: sync a replica over HTTP, export
 * a bundle, import it into an empty replica (identical state and checkpoints), verify the bundle
 * with the independent verifier, and open it with a common zip tool (Python's zipfile).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle, type ExportBundleResult } from '../../../src/node/bundle/export-bundle.ts';
import { importBundle } from '../../../src/node/bundle/import-bundle.ts';
import { openBundle } from '../../../src/node/bundle/open-bundle.ts';
import { checkReplica } from '../../../src/node/replica/db-check.ts';
import { DERIVED_TABLES } from '../../../src/node/replica/migrations.ts';
import type { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { HttpLogSource } from '../../../src/node/sync/http-log-source.ts';
import { syncReplica } from '../../../src/node/sync/sync-replica.ts';
import { openEvidence } from '../../../src/node/verify/open-evidence.ts';
import { verifyEvidence } from '../../../src/node/verify/verify-evidence.ts';
import { startRegistryServer, type RegistryServer } from '../../../src/server/registry-server.ts';
import { quietLogger } from '../../server/helpers/registry-fixture.ts';
import { logicalState, workspace, type Workspace } from './helpers/bundle-fixture.ts';

let ws: Workspace;
let registry: RegistryServer;
let source: ReplicaStore;
let exported: ExportBundleResult;
const bundlePath = (): string => ws.path('registry.zip');

beforeAll(async () => {
  ws = workspace();
  registry = await startRegistryServer({
    dbPath: join(ws.dir, 'registry.db'),
    demo: { seed: 'bundle-round-trip', scale: 0.05 },
    verifyWorkers: 0,
    logger: quietLogger([]),
  });
  source = ws.replica('source.db');
  await syncReplica({ db: source, source: new HttpLogSource(registry.url), logKey: registry.logVerifierKey });
  exported = await exportBundle({ store: source, origin: registry.origin, out: bundlePath() });
});

afterAll(async () => {
  await registry.close();
  ws.cleanup();
});

describe('an evidence bundle of a replica synced from the reference registry', () => {
  it('imports into an empty replica with identical log, state and checkpoints', async () => {
    const target = ws.replica('target.db');
    const result = await importBundle({ store: target, file: bundlePath(), logKey: registry.logVerifierKey });
    expect(result).toMatchObject({ origin: registry.origin, pinned: true, treeSize: exported.treeSize, verifiedSize: exported.treeSize, entriesRejected: 0 });
    expect(result.entriesAdded).toBe(exported.treeSize);
    const tables = ['entries', 'hash_tiles', ...DERIVED_TABLES];
    expect(logicalState(target, tables)).toEqual(logicalState(source, tables));
    const notes = (store: ReplicaStore): string[] =>
      store
        .listCheckpoints(store.findOrigin(registry.origin)?.id ?? 0)
        .filter((c) => c.verified)
        .map((c) => `${c.size} ${c.note}`)
        .sort();
    expect(notes(target)).toEqual(notes(source));
    expect((await checkReplica(target)).findings).toEqual([]);
  });

  it('verifies with the independent verifier, reading the zip in place', async () => {
    const evidence = await openEvidence(bundlePath());
    try {
      expect(evidence.describe()).toMatchObject({ kind: 'bundle', name: 'registry.zip', origin: registry.origin });
      const result = await verifyEvidence(evidence, { logKey: registry.logVerifierKey });
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(result.verdict).toBe('verified');
      const record = JSON.parse(new TextDecoder().decode(result.record)) as { inputs: { container: { name: string; sha256: string }[] } };
      expect(record.inputs.container).toContainEqual({ name: 'registry.zip', sha256: exported.sha256 });
    } finally {
      await evidence.close?.();
    }
  });

  it("carries the registry's own claimed state (GET /v1/state?checkpoint=<size>), which the verifier finds true", async () => {
    const response = await fetch(`${registry.url}/v1/state?checkpoint=${exported.treeSize}`);
    expect(response.status).toBe(200);
    const claim = new Uint8Array(await response.arrayBuffer());
    const withClaim = await exportBundle({ store: source, origin: registry.origin, out: ws.path('claimed.zip'), claimedState: claim });
    expect(withClaim.claimedState).toBe(true);
    const evidence = await openEvidence(ws.path('claimed.zip'));
    try {
      expect(await evidence.readClaimedState()).toEqual(claim);
      const result = await verifyEvidence(evidence, { logKey: registry.logVerifierKey });
      expect(result.findings.filter((f) => f.check === 5)).toEqual([]);
      expect(result.verdict).toBe('verified');
    } finally {
      await evidence.close?.();
    }
  });

  it('opens with a common zip tool: Python zipfile lists every member and finds no bad CRC', async (context) => {
    const probe = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) {
      context.skip('python3 with zipfile is not installed here; the zip structure is still checked by the strict reader');
      return;
    }
    const script = 'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({"bad": z.testzip(), "names": z.namelist()}))';
    const run = spawnSync('python3', ['-c', script, bundlePath()], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const listing = JSON.parse(run.stdout) as { bad: string | null; names: string[] };
    expect(listing.bad).toBeNull();
    const bundle = await openBundle(bundlePath());
    try {
      expect(listing.names).toEqual([...bundle.manifest.members.map((m) => m.name), 'manifest.json']);
    } finally {
      await bundle.close();
    }
  });
});
