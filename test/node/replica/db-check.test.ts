import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReplica, type CheckFinding, type OriginSummary } from '../../../src/node/replica/db-check.ts';
import { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { HttpLogSource } from '../../../src/node/sync/http-log-source.ts';
import { syncReplica } from '../../../src/node/sync/sync-replica.ts';
import { tempReplica, type TempReplica } from '../sync/helpers/replica-fixture.ts';
import { generateServedLog, type GeneratedLog } from '../sync/helpers/served-log.ts';
import { TileServer } from '../sync/helpers/tile-server.ts';

let fixture: GeneratedLog;
let temp: TempReplica;
let base: string;
let copies = 0;

beforeAll(async () => {
  fixture = generateServedLog({ label: 'db-check', events: 450 });
  const { served } = fixture;
  // Fork evidence too: serve a smaller tree after the full one.
  const server = await TileServer.start({ log: served, size: 400 });
  temp = tempReplica();
  base = join(temp.dir, 'base.db');
  const store = ReplicaStore.open(base);
  const source = new HttpLogSource(server.url());
  await syncReplica({ db: store, source, logKey: served.verifierKey, batchEntries: 100 });
  server.route('', { log: served });
  await syncReplica({ db: store, source, batchEntries: 100 });
  server.route('', { log: served, size: 300 });
  await syncReplica({ db: store, source }).catch(() => undefined);
  store.close();
  await server.close();
});

afterAll(() => temp.cleanup());

/** A fresh copy of the synced replica, tampered with by `tamper`. */
async function checkAfter(tamper: (store: ReplicaStore) => void): Promise<CheckFinding[]> {
  const path = join(temp.dir, `copy-${copies++}.db`);
  const source = ReplicaStore.open(base, { mustExist: true });
  source.db.exec(`VACUUM INTO '${path}'`);
  source.close();
  const store = ReplicaStore.open(path, { mustExist: true });
  try {
    tamper(store);
    return [...(await checkReplica(store)).findings];
  } finally {
    store.close();
  }
}

const codes = (findings: readonly CheckFinding[]): string[] => [...new Set(findings.map((f) => f.code))].sort();

describe('checkReplica', () => {
  it('finds nothing wrong with a replica that sync wrote (including its fork evidence)', async () => {
    const findings = await checkAfter(() => undefined);
    expect(findings).toEqual([]);
  });

  it('summarises each origin', async () => {
    const store = ReplicaStore.open(base, { mustExist: true });
    const report = await checkReplica(store);
    store.close();
    expect(report.origins).toEqual([
      { origin: fixture.served.origin, entries: fixture.served.size, derivedEntries: fixture.served.size, checkpoints: 3, verifiedSize: fixture.served.size },
    ]);
  });

  it('compares derived tables that lag the entries (a sync stopped between flushes) at their own position', async () => {
    // A snapshot at every commit (each of a 256-entry tile here) of a sync that writes the fold's
    // rows only every few batches: what a crash after each commit leaves behind.
    const { served } = generateServedLog({ label: 'db-check-lag', events: 1500 });
    const server = await TileServer.start({ log: served });
    const uninterrupted = join(temp.dir, `lagging-${copies++}.db`);
    const store = ReplicaStore.open(uninterrupted);
    const snapshots: string[] = [];
    try {
      await syncReplica({
        db: store,
        source: new HttpLogSource(server.url()),
        logKey: served.verifierKey,
        batchEntries: 256,
        flushRows: 300,
        onProgress: (progress) => {
          if (progress.phase !== 'entries' || progress.cursor === 0 || progress.cursor >= served.size) return;
          const path = join(temp.dir, `snapshot-${copies++}.db`);
          store.db.exec(`VACUUM INTO '${path}'`);
          snapshots.push(path);
        },
      });
    } finally {
      store.close();
    }
    const lagging: string[] = [];
    for (const path of snapshots) {
      const snapshot = ReplicaStore.open(path, { mustExist: true });
      try {
        const report = await checkReplica(snapshot);
        expect(report.findings, path).toEqual([]);
        const summary = report.origins[0] as OriginSummary;
        if (summary.derivedEntries > 0 && summary.derivedEntries < summary.entries) lagging.push(path);
      } finally {
        snapshot.close();
      }
    }
    expect(lagging.length).toBeGreaterThanOrEqual(2);
    const path = lagging[0] as string;
    // A derived row altered inside the range the derived tables cover is still found…
    const tampered = join(temp.dir, `tampered-${copies++}.db`);
    const original = ReplicaStore.open(path, { mustExist: true });
    original.db.exec(`VACUUM INTO '${tampered}'`);
    original.close();
    const altered = ReplicaStore.open(tampered, { mustExist: true });
    altered.db.prepare('UPDATE agents SET trust_count = trust_count + 7 WHERE rowid = (SELECT min(rowid) FROM agents)').run();
    expect(codes((await checkReplica(altered)).findings)).toContain('CHECK_DERIVED_MISMATCH');
    altered.close();
    // …and the next sync folds the rest first and ends where an uninterrupted sync does.
    const resumed = ReplicaStore.open(path, { mustExist: true });
    try {
      await syncReplica({ db: resumed, source: new HttpLogSource(server.url()) });
      const report = await checkReplica(resumed);
      expect(report.findings).toEqual([]);
      expect(report.origins[0]?.derivedEntries).toBe(served.size);
      const reference = ReplicaStore.open(uninterrupted, { mustExist: true });
      const dump = (s: ReplicaStore): unknown[] => s.db.prepare('SELECT * FROM agents ORDER BY origin_id, id').all();
      expect(dump(resumed)).toEqual(dump(reference));
      reference.close();
    } finally {
      resumed.close();
      await server.close();
    }
  });

  describe('when a stored entry was altered', () => {
    it('reports the tile and root mismatches and the replay difference', async () => {
      const findings = await checkAfter((s) => {
        const entry = s.getEntry(1, 42) as Uint8Array;
        const text = new TextDecoder().decode(entry).replace('"time":"2026', '"time":"2027');
        s.db.prepare('UPDATE entries SET data = ? WHERE idx = 42').run(new TextEncoder().encode(text));
      });
      expect(codes(findings)).toEqual(expect.arrayContaining(['CHECK_ROOT_MISMATCH', 'CHECK_TILE_MISMATCH', 'CHECK_ENTRY_ENVELOPE']));
      expect(findings.find((f) => f.code === 'CHECK_TILE_MISMATCH')?.details).toMatchObject({ level: 0, index: 0, entry: 42 });
    });

    it('reports a missing entry', async () => {
      const findings = await checkAfter((s) => s.db.prepare('DELETE FROM entries WHERE idx = 300').run());
      expect(codes(findings)).toContain('CHECK_ENTRY_MISSING');
    });
  });

  describe('when a materialised row was altered', () => {
    it('names the table, the row and the columns that differ', async () => {
      const findings = await checkAfter((s) =>
        s.db.prepare("UPDATE agents SET status = 'tampered', display_name = 'x' WHERE id = (SELECT id FROM agents ORDER BY id LIMIT 1 OFFSET 2)").run(),
      );
      expect(codes(findings)).toEqual(['CHECK_DERIVED_MISMATCH']);
      expect(findings[0]?.details).toMatchObject({ table: 'agents', kind: 'different', columns: ['display_name', 'status'] });
    });

    it('reports a missing and an extra row', async () => {
      const findings = await checkAfter((s) => {
        s.db.prepare('DELETE FROM delegations WHERE id = (SELECT min(id) FROM delegations)').run();
        s.db.prepare("INSERT INTO trust_history (origin_id, idx, agent, time, score, band, factors, flags) VALUES (1, 999999, 'a', 't', 1, 'b', '{}', '[]')").run();
      });
      expect(findings.map((f) => [f.details?.['table'], f.details?.['kind']])).toEqual(
        expect.arrayContaining([
          ['delegations', 'missing'],
          ['trust_history', 'extra'],
        ]),
      );
    });

    it('reports an accept/reject verdict that a replay does not reproduce', async () => {
      const findings = await checkAfter((s) =>
        s.db.prepare("INSERT INTO entry_rejections (origin_id, idx, code, rule, message) VALUES (1, 10, 'ENTRY_BAD_SIGNATURE', 'BAD_SIGNATURE', 'x')").run(),
      );
      expect(codes(findings)).toEqual(['CHECK_DERIVED_MISMATCH', 'CHECK_ENTRY_REJECTION']);
    });
  });

  describe('when stored checkpoints or tiles were altered', () => {
    it('reports a checkpoint note that no longer verifies', async () => {
      const findings = await checkAfter((s) => {
        const c = s.listCheckpoints(1).find((x) => x.status === 'verified');
        // Flip one character of the signature (the last line's base64).
        const at = (c?.note.length ?? 0) - 10;
        const note = `${c?.note.slice(0, at)}${c?.note[at] === 'A' ? 'B' : 'A'}${c?.note.slice(at + 1)}`;
        s.db.prepare('UPDATE checkpoints SET note = ? WHERE id = ?').run(note, c?.id);
      });
      expect(codes(findings)).toContain('CHECK_CHECKPOINT_SIGNATURE');
    });

    it('reports a checkpoint whose root column differs from its note', async () => {
      const findings = await checkAfter((s) => s.db.prepare("UPDATE checkpoints SET root = zeroblob(32) WHERE status = 'verified'").run());
      expect(codes(findings)).toEqual(expect.arrayContaining(['CHECK_CHECKPOINT_FIELDS', 'CHECK_ROOT_MISMATCH']));
    });

    it('reports an upper tile that is not the hash of the tile below', async () => {
      const findings = await checkAfter((s) => s.db.prepare("UPDATE hash_tiles SET hashes = zeroblob(length(hashes)) WHERE level = 1").run());
      expect(codes(findings)).toEqual(['CHECK_TILE_MISMATCH']);
      expect(findings[0]?.details).toMatchObject({ level: 1, index: 0, position: 0 });
    });

    it('reports a cursor that contradicts the verified checkpoint', async () => {
      const findings = await checkAfter((s) => s.db.prepare('UPDATE sync_state SET entries = entries - 1').run());
      expect(codes(findings)).toEqual(expect.arrayContaining(['CHECK_SYNC_STATE', 'CHECK_ENTRY_MISSING']));
    });

    it('reports fork evidence that no longer checks out', async () => {
      const findings = await checkAfter((s) => s.db.prepare("UPDATE fork_evidence SET document = replace(document, '\"kind\":\"rollback\"', '\"kind\":\"fork\"')").run());
      expect(findings).toEqual([]);
      const broken = await checkAfter((s) => s.db.prepare("UPDATE fork_evidence SET document = '{}'").run());
      expect(codes(broken)).toEqual(['CHECK_EVIDENCE']);
    });
  });
});
