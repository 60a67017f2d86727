import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../../src/core/note/checkpoint.ts';
import { parseNote } from '../../../src/core/note/signed-note.ts';
import { parseTilePath } from '../../../src/core/tiles/tile-path.ts';
import { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { exportBundle } from '../../../src/node/bundle/export-bundle.ts';
import { encodeClaimedState } from '../../../src/node/verify/claimed-state.ts';
import { openEvidence } from '../../../src/node/verify/open-evidence.ts';
import { verifyEvidence } from '../../../src/node/verify/verify-evidence.ts';
import { atAfter, correctClaim, evidenceOf, makeLog, type Evidence } from './helpers.ts';

const log = makeLog({ seed: 'replica-source', events: 300 });
let dir = '';
let evidence: Evidence;

/** Fills a replica the way a completed sync leaves it: pinned key, checkpoints, entries, tiles, cursor. */
function fillReplica(file: string): void {
  const store = ReplicaStore.open(file);
  try {
    const origin = store.pinOrigin({ logKey: evidence.keys.logKey });
    let newest = 0;
    for (const [size, note] of [...evidence.checkpoints].sort((a, b) => a[0] - b[0])) {
      const checkpoint = parseCheckpoint(parseNote(note).text);
      const record = store.recordCheckpoint(origin.id, { note, size, root: checkpoint.rootHash, cosignatures: [], source: 'test', status: 'verified' });
      if (size === evidence.size) newest = record.id;
    }
    log.entries.forEach((entry, index) => {
      store.insertEntry(origin.id, index, log.bytes[index] as Uint8Array, { type: entry.type, tenant: entry.tenant, subject: entry.subject, time: entry.time });
    });
    for (const [p, bytes] of evidence.files) {
      if (!p.startsWith('tile/') || p.startsWith('tile/entries/')) continue;
      const tile = parseTilePath(p);
      if (tile.kind === 'hash') store.putTile(origin.id, tile.level, Number(tile.index), tile.width, bytes);
    }
    store.advanceCursor(origin.id, 0, log.entries.length);
    store.markSynced(origin.id, newest);
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'warden-replica-evidence-'));
  evidence = await evidenceOf(log, { checkpointSizes: [100, 256, 300] });
  fillReplica(path.join(dir, 'replica.db'));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('verifying a replica database and a bundle exported from it', () => {
  it('opens a replica file by its SQLite header and verifies it end to end', async () => {
    const source = await openEvidence(path.join(dir, 'replica.db'), { origin: log.writer.origin });
    try {
      expect(source.describe()).toEqual({ kind: 'replica', name: 'replica.db', origin: log.writer.origin });
      const result = await verifyEvidence(source, { logKey: evidence.keys.logKey, at: atAfter(log) }, { toolVersion: 'test' });
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(result.treeSize).toBe(BigInt(log.entries.length));
      expect(result.findings.map((f) => f.code)).toContain('CLAIM_MISSING');
    } finally {
      await source.close?.();
    }
  });

  it('names an entry altered in the database', async () => {
    const file = path.join(dir, 'altered.db');
    fillReplica(file);
    const store = ReplicaStore.open(file);
    const text = new TextDecoder().decode(log.bytes[42]);
    store.db.prepare('UPDATE entries SET data = ? WHERE idx = 42').run(new TextEncoder().encode(text.replace('"format":', '"format": ')));
    store.close();
    const source = await openEvidence(file, { origin: log.writer.origin });
    try {
      const result = await verifyEvidence(source, { logKey: evidence.keys.logKey, at: atAfter(log) }, { toolVersion: 'test' });
      expect(result.firstBadEntry?.index).toBe(42);
      expect(result.findings.some((f) => f.code === 'ENTRY_NOT_CANONICAL' && f.index === 42)).toBe(true);
    } finally {
      await source.close?.();
    }
  });

  it('verifies an evidence bundle exported from the replica (src/node/bundle), claimed state included', async () => {
    const store = ReplicaStore.open(path.join(dir, 'replica.db'));
    const out = path.join(dir, 'bundle.zip');
    try {
      await exportBundle({ store, origin: log.writer.origin, out, claimedState: encodeClaimedState(correctClaim(log.writer, log.entries)), toolVersion: 'test' });
    } finally {
      store.close();
    }
    const source = await openEvidence(out, { origin: log.writer.origin });
    try {
      expect(source.describe().kind).toBe('bundle');
      const result = await verifyEvidence(source, { logKey: evidence.keys.logKey, at: atAfter(log) }, { toolVersion: 'test' });
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(result.findings.some((f) => f.code === 'CLAIM_MISSING')).toBe(false);
      const record = JSON.parse(new TextDecoder().decode(result.record)) as { inputs: { container: { name: string }[] } };
      expect(record.inputs.container.map((c) => c.name)).toEqual(['bundle.zip', 'manifest.json']);
    } finally {
      await source.close?.();
    }
  });

  it('refuses an origin the replica does not hold', async () => {
    await expect(openEvidence(path.join(dir, 'replica.db'), { origin: 'other.example/log' })).toRejectWithCode('EVIDENCE_UNREADABLE');
  });
});
