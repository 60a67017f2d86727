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
  fixture = generateServedLog({ label: 'state-writer', events: 300 });
});

const temps: TempReplica[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});

/** A replica with the whole fixture log folded and written. */
function folded(): { store: ReplicaStore; originId: number; session: FoldSession } {
  const t = tempReplica();
  temps.push(t);
  const store = t.open();
  const originId = store.pinOrigin({ logKey: fixture.served.verifierKey }).id;
  const restored = restoreFoldState(store.db, originId, { origin: fixture.served.origin, registryKey: fixture.log.config.registryKey });
  const session = new FoldSession(originId, restored.state, restored.position);
  fixture.log.bytes.forEach((bytes, index) => session.fold({ index, entry: parseEntry(bytes) }));
  store.transaction(() => session.flush(new DerivedStateWriter(store.db, originId)));
  return { store, originId, session };
}

function totalChanges(store: ReplicaStore): number {
  return (store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

function snapshot(store: ReplicaStore): Record<string, unknown[]> {
  return Object.fromEntries(DERIVED_TABLES.map((table) => [table, store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all()]));
}

describe('DerivedStateWriter', () => {
  describe('when a row is written again with the same values', () => {
    it('leaves it unwritten (no change counted) and the tables as they were', () => {
      const { store, originId, session } = folded();
      const before = snapshot(store);
      const changes = totalChanges(store);
      store.transaction(() => new DerivedStateWriter(store.db, originId).writeAll(session.state));
      expect(totalChanges(store)).toBe(changes);
      expect(snapshot(store)).toEqual(before);
    });
  });

  describe('when one entity changed', () => {
    it('writes exactly its row', () => {
      const { store, originId, session } = folded();
      const [id, agent] = [...session.state.agents][0] ?? [];
      if (id === undefined || agent === undefined) throw new Error('the fixture has no agent');
      agent.displayName = `${agent.displayName} (renamed)`;
      const changes = totalChanges(store);
      store.transaction(() => new DerivedStateWriter(store.db, originId).writeAll(session.state));
      expect(totalChanges(store)).toBe(changes + 1);
      const row = store.db.prepare('SELECT display_name, state FROM agents WHERE origin_id = ? AND id = ?').get(originId, id) as {
        display_name: string;
        state: string;
      };
      expect(row.display_name).toBe(agent.displayName);
      expect(JSON.parse(row.state)).toEqual(agent);
    });
  });

  describe('when a nullable column changes to or from NULL', () => {
    it('writes the row (NULL is compared as a value)', () => {
      const { store, originId, session } = folded();
      const agent = [...session.state.agents.values()].find((a) => a.owner !== undefined);
      if (agent === undefined) throw new Error('the fixture has no agent with an owner');
      const owner = agent.owner;
      delete agent.owner;
      const writer = new DerivedStateWriter(store.db, originId);
      const ownerOf = (): unknown => store.db.prepare('SELECT owner FROM agents WHERE origin_id = ? AND id = ?').pluck().get(originId, agent.id);
      store.transaction(() => writer.writeAll(session.state));
      expect(ownerOf()).toBeNull();
      agent.owner = owner;
      store.transaction(() => writer.writeAll(session.state));
      expect(ownerOf()).toBe(owner);
    });
  });
});
