import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../src/core/log/entry.ts';
import { FoldSession } from '../../../src/node/replica/fold-session.ts';
import { restoreFoldState } from '../../../src/node/replica/fold-state.ts';
import { DERIVED_TABLES } from '../../../src/node/replica/migrations.ts';
import type { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { DerivedStateWriter } from '../../../src/node/replica/state-writer.ts';
import { tempReplica, type TempReplica } from '../sync/helpers/replica-fixture.ts';
import { generateServedLog, type GeneratedLog } from '../sync/helpers/served-log.ts';

let fixture: GeneratedLog;
beforeAll(() => {
  fixture = generateServedLog({ label: 'fold-state', events: 700 });
});

const temps: TempReplica[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});

function pinned(): { store: ReplicaStore; originId: number } {
  const t = tempReplica();
  temps.push(t);
  const store = t.open();
  return { store, originId: store.pinOrigin({ logKey: fixture.served.verifierKey }).id };
}

const config = () => ({ origin: fixture.served.origin, registryKey: fixture.log.config.registryKey });

/**
 * Folds every entry, flushing every `every` entries and restoring the state from the tables in
 * between; each session's writer takes its StoredAgents, as the sync's does.
 */
function foldResuming(store: ReplicaStore, originId: number, every: number, heldAfterFlush?: number): FoldSession {
  let session: FoldSession | undefined;
  let writer: DerivedStateWriter | undefined;
  const bytes = fixture.log.bytes;
  for (let i = 0; i < bytes.length; i++) {
    if (session === undefined || writer === undefined) {
      const restored = restoreFoldState(store.db, originId, config());
      session = new FoldSession(originId, restored.state, restored.position, heldAfterFlush === undefined ? {} : { heldAfterFlush });
      writer = new DerivedStateWriter(store.db, originId, { storedAgents: restored.storedAgents });
    }
    session.fold({ index: i, entry: parseEntry(bytes[i] as Uint8Array) });
    if ((i + 1) % every === 0 || i === bytes.length - 1) {
      const [s, w] = [session, writer];
      store.transaction(() => s.flush(w));
      // With a bound on what is held, one session goes on (evicting at each flush); without, the
      // next entries start from a state restored from the tables.
      if (heldAfterFlush === undefined) session = undefined;
    }
  }
  const restored = restoreFoldState(store.db, originId, config());
  return new FoldSession(originId, restored.state, restored.position);
}

function rows(store: ReplicaStore, table: string): unknown[] {
  return store.db.prepare(`SELECT * FROM ${table} ORDER BY 2, 3, 4`).all();
}

describe('restoreFoldState', () => {
  it('restores the fold state from the derived tables, whatever the batch boundaries', () => {
    const { store, originId } = pinned();
    const session = foldResuming(store, originId, 37);
    const expected = fixture.writer.state;
    expect(session.entries).toBe(fixture.log.bytes.length);
    expect(session.state.nextIndex).toBe(expected.nextIndex);
    expect(session.state.applied).toBe(expected.applied);
    expect(session.state.totals).toEqual(expected.totals);
    // Agents, delegations and keys are row-backed maps: compared as the plain Maps they read into.
    expect(new Map(session.state.agents)).toEqual(expected.agents);
    expect(session.state.tenants).toEqual(expected.tenants);
    expect(session.state.tenantPrefixes).toEqual(expected.tenantPrefixes);
    expect(new Map(session.state.delegations)).toEqual(expected.delegations);
    expect(new Map(session.state.keys)).toEqual(expected.keys);
    // The fold only appends status actions; they live in their table, not in the restored state.
    expect(session.state.statusActions).toEqual([]);
    expect((store.db.prepare('SELECT count(*) AS n FROM status_actions').get() as { n: number }).n).toBe(expected.statusActions.length);
  });

  it('writes the same rows incrementally as a from-scratch materialisation of the final state', () => {
    const incremental = pinned();
    foldResuming(incremental.store, incremental.originId, 11);
    const once = pinned();
    const session = foldResuming(once.store, once.originId, 1_000_000);
    once.store.transaction(() => new DerivedStateWriter(once.store.db, once.originId).writeAll(session.state));
    for (const table of DERIVED_TABLES) expect(rows(incremental.store, table), table).toEqual(rows(once.store, table));
  });

  describe('when the session drops what it holds after every flush', () => {
    it('folds to the same state and writes the same rows', () => {
      const evicting = pinned();
      const session = foldResuming(evicting.store, evicting.originId, 13, 0);
      const expected = fixture.writer.state;
      expect(session.entries).toBe(fixture.log.bytes.length);
      expect(new Map(session.state.agents)).toEqual(expected.agents);
      expect(new Map(session.state.delegations)).toEqual(expected.delegations);
      expect(new Map(session.state.keys)).toEqual(expected.keys);
      const once = pinned();
      const whole = foldResuming(once.store, once.originId, 1_000_000);
      once.store.transaction(() => new DerivedStateWriter(once.store.db, once.originId).writeAll(whole.state));
      for (const table of DERIVED_TABLES) expect(rows(evicting.store, table), table).toEqual(rows(once.store, table));
    });
  });

  it('starts from the empty state of a freshly pinned origin', () => {
    const { store, originId } = pinned();
    const restored = restoreFoldState(store.db, originId, config());
    expect(restored.position).toEqual({ entries: 0, rejected: 0 });
    expect(restored.state.agents.size).toBe(0);
  });

  it('throws REPLICA_CORRUPT when it reads a stored state that is not JSON', () => {
    const { store, originId } = pinned();
    foldResuming(store, originId, 500);
    const id = store.db.prepare('SELECT id FROM agents WHERE rowid = 1').pluck().get() as string;
    store.db.prepare("UPDATE agents SET state = '{broken' WHERE rowid = 1").run();
    expect(() => restoreFoldState(store.db, originId, config()).state.agents.get(id)).toThrowWithCode('REPLICA_CORRUPT');
    expect(() => restoreFoldState(store.db, originId, config()).state.agents.size).toThrowWithCode('REPLICA_CORRUPT');
  });

  describe('when the fold touches a few entities of a large state', () => {
    it('reads only their rows', () => {
      const { store, originId } = pinned();
      foldResuming(store, originId, 1_000_000);
      const expected = fixture.writer.state;
      const restored = restoreFoldState(store.db, originId, config());
      const [id, agent] = [...expected.agents][0] ?? [];
      if (id === undefined) throw new Error('the fixture has no agent');
      expect(restored.state.agents.get(id)).toEqual(agent);
      expect(restored.state.agents.has('maip:not-an-agent')).toBe(false);
      // Nothing else was read: the map holds the one agent until it is iterated.
      expect(Map.prototype.has.call(restored.state.agents, id)).toBe(true);
      expect([...Map.prototype.keys.call(restored.state.agents)]).toEqual([id]);
      expect(restored.state.agents.size).toBe(expected.agents.size);
    });
  });
});

describe('FoldSession', () => {
  it('records refused entries without changing the state, and goes on', () => {
    const { store, originId } = pinned();
    const restored = restoreFoldState(store.db, originId, config());
    const session = new FoldSession(originId, restored.state, restored.position);
    const first = parseEntry(fixture.log.bytes[0] as Uint8Array);
    expect(session.fold({ index: 0, entry: first })).toEqual({ applied: true });
    // The same tenant.created again: TENANT_EXISTS.
    const again = session.fold({ index: 1, entry: first });
    expect(again).toMatchObject({ applied: false, failure: { code: 'STATE_TRANSITION_INVALID', rule: 'TENANT_EXISTS' } });
    expect(session.fold({ index: 2, failure: { code: 'ENTRY_MALFORMED', message: 'junk' } })).toMatchObject({ applied: false });
    expect(session.rejected).toBe(2);
    expect(() => session.fold({ index: 7, entry: first })).toThrowWithCode('REPLICA_CORRUPT');
  });
});
