import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../src/core/log/entry.ts';
import type { AgentState } from '../../../src/core/registry/state.ts';
import { FoldSession, HELD_AFTER_FLUSH } from '../../../src/node/replica/fold-session.ts';
import { restoreFoldState } from '../../../src/node/replica/fold-state.ts';
import { DERIVED_TABLES } from '../../../src/node/replica/migrations.ts';
import { DerivedStateWriter, emptyDirtySet } from '../../../src/node/replica/state-writer.ts';
import { StoredAgents } from '../../../src/node/replica/stored-agents.ts';
import { tempReplica, type TempReplica } from '../sync/helpers/replica-fixture.ts';
import { generateServedLog, type GeneratedLog } from '../sync/helpers/served-log.ts';

let fixture: GeneratedLog;
/** Agent ids by the prefix SQLite's statement trace shows (at most 32 bytes of a string, then a comment). */
const tracedIds = new Map<string, string>();
beforeAll(() => {
  fixture = generateServedLog({ label: 'stored-agents', events: 500 });
  for (const id of fixture.writer.state.agents.keys()) tracedIds.set(id.slice(0, 32), id);
  expect(tracedIds.size).toBe(fixture.writer.state.agents.size);
});

const temps: TempReplica[] = [];
const connections: Database.Database[] = [];
afterEach(() => {
  for (const db of connections.splice(0)) db.close();
  for (const t of temps.splice(0)) t.cleanup();
});

const config = () => ({ origin: fixture.served.origin, registryKey: fixture.log.config.registryKey });

/** A pinned replica, and a second connection to it that logs every statement it runs (parameters expanded). */
function traced(): { db: Database.Database; originId: number; log: string[] } {
  const t = tempReplica();
  temps.push(t);
  const originId = t.open().pinOrigin({ logKey: fixture.served.verifierKey }).id;
  const log: string[] = [];
  const db = new Database(t.path, { verbose: (sql) => log.push(String(sql)) });
  connections.push(db);
  return { db, originId, log };
}

/**
 * Folds entries [from, to) in one session restored from the tables, flushing every `every` entries
 * with a writer that takes the session's StoredAgents.
 */
function foldSession(
  db: Database.Database,
  originId: number,
  range: { from: number; to: number; every: number; heldAfterFlush?: number },
): { session: FoldSession; stored: StoredAgents } {
  const restored = restoreFoldState(db, originId, config());
  expect(restored.position.entries).toBe(range.from);
  const session = new FoldSession(originId, restored.state, restored.position, { heldAfterFlush: range.heldAfterFlush ?? HELD_AFTER_FLUSH });
  const writer = new DerivedStateWriter(db, originId, { storedAgents: restored.storedAgents });
  for (let i = range.from; i < range.to; i++) {
    session.fold({ index: i, entry: parseEntry(fixture.log.bytes[i] as Uint8Array) });
    if ((i + 1 - range.from) % range.every === 0 || i === range.to - 1) db.transaction(() => session.flush(writer)).immediate();
  }
  return { session, stored: restored.storedAgents };
}

/** The rows of a fold from scratch written by a writer without StoredAgents (the reference). */
function referenceRows(): Record<string, unknown[]> {
  const { db, originId } = traced();
  const restored = restoreFoldState(db, originId, config());
  const session = new FoldSession(originId, restored.state, restored.position);
  fixture.log.bytes.forEach((bytes, index) => session.fold({ index, entry: parseEntry(bytes) }));
  const writer = new DerivedStateWriter(db, originId);
  db.transaction(() => {
    session.flush(writer);
    writer.writeAll(session.state);
  }).immediate();
  return rowsOf(db);
}

function rowsOf(db: Database.Database): Record<string, unknown[]> {
  return Object.fromEntries(DERIVED_TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 2, 3, 4`).all()]));
}

/** Agent ids in the statements of `log` that match `pattern` (its first group: the traced id), in order. */
function agentIdsIn(log: readonly string[], pattern: RegExp): string[] {
  return log.flatMap((sql) => {
    const traced = pattern.exec(sql)?.[1];
    return traced === undefined ? [] : [tracedIds.get(traced) ?? traced];
  });
}

const READ_BY_KEY = /^SELECT rowid, state FROM agents WHERE origin_id = \S+ AND id = '([^']+)'/;
const READ_BY_ROWID = /^SELECT state FROM agents WHERE rowid = /;
const UPDATE_BY_ROWID = /^UPDATE main\.agents SET .* WHERE rowid = \S+ AND origin_id = \S+ AND id = '([^']+)'/s;
const UPSERT_AGENT = /^INSERT INTO main\.agents \(.*?\) VALUES \([^,]+, '([^']+)'/s;

function rowidOf(db: Database.Database, originId: number, id: string): number {
  return db.prepare('SELECT rowid FROM agents WHERE origin_id = ? AND id = ?').pluck().get(originId, id) as number;
}

describe('StoredAgents', () => {
  describe('when it holds as many rowids as its bound', () => {
    it('forgets them all and keeps the one recorded', () => {
      const stored = new StoredAgents(2);
      stored.recordRowid('a', 1);
      stored.recordRowid('b', 2);
      stored.recordRowid('b', 3);
      expect(stored.rowids).toBe(2);
      stored.recordRowid('c', 4);
      expect([stored.rowidOf('a'), stored.rowidOf('b'), stored.rowidOf('c')]).toEqual([undefined, undefined, 4]);
    });
  });
});

describe('a fold session with StoredAgents', () => {
  describe('when it reads again the agents it dropped after a flush', () => {
    it('reads each by its primary key once, then by rowid, and writes the rows a fold from scratch writes', () => {
      const { db, originId, log } = traced();
      const half = Math.floor(fixture.log.bytes.length / 2);
      foldSession(db, originId, { from: 0, to: half, every: half });
      const stored = new Set(db.prepare('SELECT id FROM agents').pluck().all() as string[]);
      log.length = 0;
      foldSession(db, originId, { from: half, to: fixture.log.bytes.length, every: 7, heldAfterFlush: 0 });
      // An id not stored yet is looked up by key until the fold registers it (a miss is not kept).
      const byKey = agentIdsIn(log, READ_BY_KEY).filter((id) => stored.has(id));
      expect(byKey.length).toBeGreaterThan(0);
      expect(new Set(byKey).size).toBe(byKey.length);
      expect(log.filter((sql) => READ_BY_ROWID.test(sql)).length).toBeGreaterThan(byKey.length);
      expect(agentIdsIn(log, UPDATE_BY_ROWID).length).toBeGreaterThan(0);
      expect(rowsOf(db)).toEqual(referenceRows());
    });
  });

  describe('when the fold registers agents', () => {
    it('records the rowid of each new row, and updates that row by rowid afterwards', () => {
      const { db, originId, log } = traced();
      const { session, stored } = foldSession(db, originId, { from: 0, to: fixture.log.bytes.length, every: 5 });
      const agents = [...session.state.agents.keys()];
      expect(agents.length).toBeGreaterThan(10);
      for (const id of agents) expect(stored.rowidOf(id), id).toBe(rowidOf(db, originId, id));
      // One upsert per agent (its insert); every later write of it went by rowid.
      const upserted = agentIdsIn(log, UPSERT_AGENT);
      expect(upserted.sort()).toEqual([...agents].sort());
      expect(agentIdsIn(log, UPDATE_BY_ROWID).length).toBeGreaterThan(0);
      expect(rowsOf(db)).toEqual(referenceRows());
    });
  });

  describe('when an agent\'s recorded rowid is another agent\'s row', () => {
    it('reads and updates the agent\'s own row, and records its rowid', () => {
      const { db, originId } = traced();
      foldSession(db, originId, { from: 0, to: fixture.log.bytes.length, every: fixture.log.bytes.length });
      const [x, y] = [...fixture.writer.state.agents.keys()];
      if (x === undefined || y === undefined) throw new Error('the fixture has fewer than two agents');
      const [rx, ry] = [rowidOf(db, originId, x), rowidOf(db, originId, y)];
      const yRow = db.prepare('SELECT * FROM agents WHERE rowid = ?').get(ry);
      const restored = restoreFoldState(db, originId, config());
      restored.storedAgents.recordRowid(x, ry);
      const agent = restored.state.agents.get(x) as AgentState;
      expect(agent).toEqual(fixture.writer.state.agents.get(x));
      expect(restored.storedAgents.rowidOf(x)).toBe(rx);

      restored.storedAgents.recordRowid(x, ry);
      agent.displayName = `${agent.displayName} (renamed)`;
      const writer = new DerivedStateWriter(db, originId, { storedAgents: restored.storedAgents });
      db.transaction(() => writer.writeDirty(restored.state, { ...emptyDirtySet(), agents: new Set([x]) })).immediate();
      expect(db.prepare('SELECT display_name FROM agents WHERE rowid = ?').pluck().get(rx)).toBe(agent.displayName);
      expect(db.prepare('SELECT * FROM agents WHERE rowid = ?').get(ry)).toEqual(yRow);
      expect(restored.storedAgents.rowidOf(x)).toBe(rx);
    });
  });

  describe('when a dirty agent\'s keys did not change', () => {
    it('writes its agent row and none of its key rows, until its keys change', () => {
      const { db, originId, log } = traced();
      foldSession(db, originId, { from: 0, to: fixture.log.bytes.length, every: fixture.log.bytes.length });
      const restored = restoreFoldState(db, originId, config());
      const writer = new DerivedStateWriter(db, originId, { storedAgents: restored.storedAgents });
      const id = [...fixture.writer.state.agents.keys()][0] as string;
      const agent = restored.state.agents.get(id) as AgentState;
      const write = (): string[] => {
        log.length = 0;
        db.transaction(() => writer.writeDirty(restored.state, { ...emptyDirtySet(), agents: new Set([id]) })).immediate();
        return log.filter((sql) => sql.includes('agent_keys'));
      };

      agent.trust.count++;
      expect(write()).toEqual([]);
      expect(db.prepare('SELECT trust_count FROM agents WHERE origin_id = ? AND id = ?').pluck().get(originId, id)).toBe(agent.trust.count);

      const last = agent.keys.length - 1;
      (agent.keys[last] as { lastUsed?: { index: number; time: string } }).lastUsed = { index: 1_000_000, time: '2099-01-01T00:00:00.000Z' };
      expect(write()).toHaveLength(agent.keys.length);
      const lastUsed = db.prepare('SELECT last_used_idx FROM agent_keys WHERE origin_id = ? AND agent = ? AND position = ?').pluck();
      expect(lastUsed.get(originId, id, last)).toBe(1_000_000);

      agent.trust.count++;
      expect(write()).toEqual([]);
    });
  });
});

describe('DerivedStateWriter', () => {
  describe('when given StoredAgents for a scratch schema', () => {
    it('throws: they describe the main schema', () => {
      const { db, originId } = traced();
      db.exec("ATTACH DATABASE ':memory:' AS scratch");
      expect(() => new DerivedStateWriter(db, originId, { schema: 'scratch', storedAgents: new StoredAgents() })).toThrow(/main schema/);
    });
  });
});
