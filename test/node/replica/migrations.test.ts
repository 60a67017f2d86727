import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../../src/node/replica/migrations.ts';
import { openReplicaDatabase, REPLICA_APPLICATION_ID } from '../../../src/node/replica/open-replica.ts';
import { tempReplica, type TempReplica } from '../sync/helpers/replica-fixture.ts';

const temps: TempReplica[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});

function tempPath(name = 'replica.db'): string {
  const t = tempReplica(name);
  temps.push(t);
  return t.path;
}

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('replica migrations', () => {
  it('are numbered 1, 2, … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  describe('0001 (log data)', () => {
    it('creates the origin, checkpoint, entry, tile, sync-state and evidence tables and marks the file', () => {
      const db = openReplicaDatabase(tempPath(), { targetVersion: 1 });
      expect(tables(db)).toEqual(['checkpoints', 'entries', 'fork_evidence', 'hash_tiles', 'origins', 'sync_state']);
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.pragma('application_id', { simple: true })).toBe(REPLICA_APPLICATION_ID);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    });

    it('refuses a checkpoint status outside the list and a tile wider than 256', () => {
      const db = openReplicaDatabase(tempPath(), { targetVersion: 1 });
      db.prepare("INSERT INTO origins (origin, log_key, registry_key, pinned_ms) VALUES ('o', 'k', 'r', 0)").run();
      expect(() =>
        db
          .prepare("INSERT INTO checkpoints (origin_id, size, root, note, note_sha256, source, first_seen_ms, last_seen_ms, status) VALUES (1, 0, x'00', 'n', x'00', 's', 0, 0, 'trusted')")
          .run(),
      ).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO hash_tiles (origin_id, level, idx, width, hashes) VALUES (1, 0, 0, 257, x'00')").run()).toThrow(/CHECK constraint/);
      db.close();
    });
  });

  describe('0002 (derived state)', () => {
    it('adds the materialised tables to a version-1 replica and keeps its data', () => {
      const path = tempPath();
      const v1 = openReplicaDatabase(path, { targetVersion: 1 });
      v1.prepare("INSERT INTO origins (origin, log_key, registry_key, pinned_ms) VALUES ('o', 'k', 'r', 7)").run();
      v1.prepare("INSERT INTO entries (origin_id, idx, data) VALUES (1, 0, x'0102')").run();
      v1.close();
      const db = openReplicaDatabase(path);
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(tables(db)).toEqual(
        expect.arrayContaining(['fold_state', 'entry_rejections', 'tenants', 'admins', 'policies', 'command_nonces', 'agents', 'agent_keys', 'key_owners', 'delegations', 'status_actions', 'revocations', 'trust_history']),
      );
      expect(db.prepare('SELECT origin, pinned_ms FROM origins').get()).toEqual({ origin: 'o', pinned_ms: 7 });
      expect(db.prepare('SELECT hex(data) AS d FROM entries').get()).toEqual({ d: '0102' });
      db.close();
    });
  });

  describe('the schema guard', () => {
    it('refuses a replica from a newer version with REPLICA_NEWER_THAN_CODE', () => {
      const path = tempPath();
      openReplicaDatabase(path).close();
      const raw = new Database(path);
      raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
      raw.close();
      expect(() => openReplicaDatabase(path)).toThrowWithCode('REPLICA_NEWER_THAN_CODE');
    });

    it('refuses to migrate when told not to, or when read-only', () => {
      const path = tempPath();
      openReplicaDatabase(path, { targetVersion: 1 }).close();
      expect(() => openReplicaDatabase(path, { migrate: false })).toThrowWithCode('REPLICA_UNREADABLE');
      expect(() => openReplicaDatabase(path, { readonly: true })).toThrowWithCode('REPLICA_UNREADABLE');
      expect(openReplicaDatabase(path).pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    });

    it.each([
      ['another application’s SQLite file', (db: Database.Database) => db.pragma('application_id = 1234')],
      ['a SQLite file with tables but no replica schema', (db: Database.Database) => db.exec('CREATE TABLE notes (x)')],
    ])('refuses %s with REPLICA_UNREADABLE and leaves it alone', (_, prepare) => {
      const path = tempPath();
      const raw = new Database(path);
      prepare(raw);
      raw.close();
      expect(() => openReplicaDatabase(path)).toThrowWithCode('REPLICA_UNREADABLE');
      const after = new Database(path);
      expect(after.pragma('user_version', { simple: true })).toBe(0);
      after.close();
    });

    it('refuses a file that is not SQLite', () => {
      const path = tempPath();
      writeFileSync(path, 'definitely not a database, just text that is long enough to have a header'.repeat(20));
      expect(() => openReplicaDatabase(path)).toThrowWithCode('REPLICA_UNREADABLE');
    });

    it('refuses a missing file when it must exist', () => {
      expect(() => openReplicaDatabase(join(tempPath(), '..', 'missing.db'), { mustExist: true })).toThrowWithCode('REPLICA_UNREADABLE');
    });
  });
});
