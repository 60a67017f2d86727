/**
 * Writes materialised state rows (state-rows.ts) into the derived tables of one origin. The caller
 * owns the transaction: a sync batch writes its entries, these rows and its cursor in one.
 *
 * `schema` selects the database the rows go to: 'main' for the replica itself, or an attached
 * scratch database, which is how `warden db check` materialises a from-scratch replay beside the
 * stored tables and compares them.
 */
import type { Statement } from 'better-sqlite3';
import type { AgentState, RegistryState } from '../../core/registry/state.ts';
import type { DerivedTable } from './migrations.ts';
import type { ReplicaDatabase } from './open-replica.ts';
import {
  adminRows,
  agentKeyRows,
  agentRow,
  delegationRow,
  keyOwnerRow,
  statusActionRow,
  tenantRow,
  type AppendRows,
  type Row,
  type SqlValue,
} from './state-rows.ts';
import type { StoredAgents } from './stored-agents.ts';

/** Column order of each derived table (the INSERT statements and the db check's comparisons). */
export const DERIVED_COLUMNS: Readonly<Record<DerivedTable, readonly string[]>> = {
  fold_state: ['origin_id', 'entries', 'next_index', 'applied', 'rejected', 'sessions', 'trust_scores'],
  entry_rejections: ['origin_id', 'idx', 'code', 'rule', 'message'],
  tenants: [
    'origin_id', 'id', 'prefix', 'name', 'created_idx', 'created_time', 'gov_seq', 'agent_count', 'thresholds', 'policy_seq',
    'admins_enrolled', 'state',
  ],
  admins: ['origin_id', 'tenant', 'key', 'name', 'enrolled_idx', 'enrolled_time', 'removed_idx', 'removed_time'],
  policies: ['origin_id', 'tenant', 'seq', 'thresholds', 'set_idx', 'set_time'],
  command_nonces: ['origin_id', 'tenant', 'nonce', 'idx'],
  agents: [
    'origin_id', 'id', 'tenant', 'display_name', 'owner', 'status', 'status_since_idx', 'status_since_time', 'status_by', 'cascade_from',
    'current_key', 'parent', 'delegation', 'depth', 'scopes', 'capabilities', 'registered_idx', 'registered_time', 'session_count',
    'last_session_id', 'last_session_time', 'trust_count', 'trust_score', 'trust_band', 'trust_lowest', 'last_signed_idx', 'state',
  ],
  agent_keys: [
    'origin_id', 'agent', 'position', 'key', 'added_idx', 'added_time', 'retired_idx', 'retired_time', 'compromised_at', 'reported_idx',
    'last_used_idx', 'last_used_time', 'used_after_compromise',
  ],
  key_owners: ['origin_id', 'key', 'kind', 'agent', 'tenants'],
  delegations: [
    'origin_id', 'id', 'tenant', 'parent', 'child', 'child_key', 'scopes', 'granted_idx', 'granted_time', 'registered_idx', 'revoked_idx',
    'revoked_time', 'state',
  ],
  status_actions: [
    'origin_id', 'idx', 'time', 'tenant', 'action', 'by', 'targets', 'cascade', 'affected', 'reason', 'nonce', 'signers', 'threshold',
    'delegation',
  ],
  trust_history: ['origin_id', 'idx', 'agent', 'time', 'score', 'band', 'factors', 'flags'],
};

/** Primary key of each derived table (upserts; the db check names a difference by it). */
export const DERIVED_KEYS: Readonly<Record<DerivedTable, readonly string[]>> = {
  fold_state: ['origin_id'],
  entry_rejections: ['origin_id', 'idx'],
  tenants: ['origin_id', 'id'],
  admins: ['origin_id', 'tenant', 'key'],
  policies: ['origin_id', 'tenant', 'seq'],
  command_nonces: ['origin_id', 'tenant', 'nonce'],
  agents: ['origin_id', 'id'],
  agent_keys: ['origin_id', 'agent', 'position'],
  key_owners: ['origin_id', 'key'],
  delegations: ['origin_id', 'id'],
  status_actions: ['origin_id', 'idx'],
  trust_history: ['origin_id', 'idx'],
};

/** What a batch changed: ids whose rows must be rewritten from the live state. */
export interface DirtySet {
  readonly tenants: Set<string>;
  readonly agents: Set<string>;
  /** Agents (also in `agents`) whose status changed: only their rows are written with `status`. */
  readonly statuses: Set<string>;
  readonly delegations: Set<string>;
  readonly keys: Set<string>;
}

export function emptyDirtySet(): DirtySet {
  return { tenants: new Set(), agents: new Set(), statuses: new Set(), delegations: new Set(), keys: new Set() };
}

/**
 * Columns of `agents` that an update leaves alone unless the agent is in `DirtySet.statuses`: an
 * agent's tenant never changes and its status rarely does, and SQLite rewrites the entry of every
 * index whose columns an UPDATE sets (agents_by_tenant), equal or not.
 */
const AGENT_INDEXED_COLUMNS = ['tenant', 'status'];

export interface FoldCounters {
  /** Entries folded: [0, entries). */
  readonly entries: number;
  readonly rejected: number;
}

export interface DerivedStateWriterOptions {
  /** The database the rows go to: 'main' (default), or an attached scratch database. */
  readonly schema?: string;
  /**
   * What the session knows of its agent rows (restoreFoldState), main schema only: an agent whose
   * rowid is known is updated by it, its key rows are written only when its keys changed, and the
   * writer records what it writes.
   */
  readonly storedAgents?: StoredAgents;
}

/** The statements that write an agent row, with or without its indexed columns (AGENT_INDEXED_COLUMNS). */
interface AgentWrite {
  /** By primary key; RETURNING its rowid when the writer has StoredAgents. */
  readonly upsert: Statement;
  /** By rowid, checking origin_id and id (stored-agents.ts): the `updated` columns, then rowid, origin_id, id. */
  readonly update: Statement | undefined;
  readonly updated: readonly string[];
}

export class DerivedStateWriter {
  readonly #originId: number;
  readonly #insert: Record<DerivedTable, Statement>;
  readonly #stored: StoredAgents | undefined;
  readonly #agent: AgentWrite;
  readonly #agentWithStatus: AgentWrite;

  /** Throws (a bug) when `storedAgents` is given for another schema than main. */
  constructor(db: ReplicaDatabase, originId: number, options: DerivedStateWriterOptions = {}) {
    const schema = options.schema ?? 'main';
    if (options.storedAgents !== undefined && schema !== 'main') throw new Error(`stored agents describe the main schema, not ${schema}`);
    this.#originId = originId;
    this.#stored = options.storedAgents;
    const insert = {} as Record<DerivedTable, Statement>;
    // An upsert, not INSERT OR REPLACE: REPLACE deletes and reinserts the row and its index
    // entries, an update in place touches only what changed (and keeps the rowid, stored-agents.ts).
    // A row whose values are all equal is not written at all (the WHERE of the upsert): a batch
    // rewrites every entity it touched, and most of their rows (an agent's keys, its tenant and
    // admins on a trust score) did not change, so this keeps their pages clean and the commit
    // small. Positional parameters (Row values in column order, `#run`): binding by name costs a
    // lookup per column, about a tenth of an upsert.
    const upsert = (table: DerivedTable, unchanged: readonly string[] = [], returning = ''): Statement => {
      const columns = DERIVED_COLUMNS[table];
      const keys = DERIVED_KEYS[table];
      const rest = columns.filter((c) => !keys.includes(c) && !unchanged.includes(c));
      const tuple = (prefix: string): string => `(${rest.map((c) => `${prefix}${c}`).join(', ')})`;
      return db.prepare(
        `INSERT INTO ${schema}.${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')}
         WHERE ${tuple(`${table}.`)} IS NOT ${tuple('excluded.')}${returning}`,
      );
    };
    for (const table of Object.keys(DERIVED_COLUMNS) as DerivedTable[]) {
      insert[table] = table === 'agents' ? upsert(table, AGENT_INDEXED_COLUMNS) : upsert(table);
    }
    this.#insert = insert;
    // By rowid, an update does not test whether the row changed, as the upsert does: a dirty agent
    // nearly always did (its counters, its last signed entry), and binding every value twice for
    // the test would cost more than the rare rewrite of an equal row, which SQLite does without
    // writing its pages (it overwrites a cell with equal bytes in place without marking the page).
    const agentWrite = (unchanged: readonly string[]): AgentWrite => {
      const updated = DERIVED_COLUMNS.agents.filter((c) => !DERIVED_KEYS.agents.includes(c) && !unchanged.includes(c));
      if (options.storedAgents === undefined) return { upsert: upsert('agents', unchanged), update: undefined, updated };
      const update = db.prepare(
        `UPDATE ${schema}.agents SET (${updated.join(', ')}) = (${updated.map(() => '?').join(', ')}) WHERE rowid = ? AND origin_id = ? AND id = ?`,
      );
      return { upsert: upsert('agents', unchanged, ' RETURNING rowid').pluck(), update, updated };
    };
    this.#agent = agentWrite(AGENT_INDEXED_COLUMNS);
    this.#agentWithStatus = agentWrite([]);
  }

  /**
   * Rewrites the rows of every dirty id from `state`, in key order: the upserts then walk each
   * table's primary-key b-tree in one direction instead of at random (agent ids are ULIDs, so the
   * rows themselves are mostly in registration order too), about a quarter faster per row on a
   * table larger than SQLite's page cache.
   */
  writeDirty(state: RegistryState, dirty: DirtySet): void {
    for (const id of dirty.tenants) {
      const tenant = state.tenants.get(id);
      if (tenant !== undefined) this.#writeTenant(tenant);
    }
    for (const id of [...dirty.agents].sort()) {
      const agent = state.agents.get(id);
      if (agent !== undefined) this.#writeAgent(agent, dirty.statuses.has(id));
    }
    for (const id of [...dirty.delegations].sort()) {
      const delegation = state.delegations.get(id);
      if (delegation !== undefined) this.#run('delegations', delegationRow(this.#originId, delegation));
    }
    for (const key of [...dirty.keys].sort()) {
      const owner = state.keys.get(key);
      if (owner !== undefined) this.#run('key_owners', keyOwnerRow(this.#originId, key, owner));
    }
  }

  /** Writes the rows of every entity of `state` (a from-scratch materialisation). */
  writeAll(state: RegistryState): void {
    this.writeDirty(state, {
      tenants: new Set(state.tenants.keys()),
      agents: new Set(state.agents.keys()),
      statuses: new Set(state.agents.keys()),
      delegations: new Set(state.delegations.keys()),
      keys: new Set(state.keys.keys()),
    });
  }

  /** Appends history rows and the status actions pushed since the last flush. */
  writeAppended(rows: AppendRows, statusActions: RegistryState['statusActions'], rejections: readonly Row[]): void {
    for (const row of rows.policies) this.#run('policies', row);
    for (const row of rows.nonces) this.#run('command_nonces', row);
    for (const row of rows.trust) this.#run('trust_history', row);
    for (const action of statusActions) this.#run('status_actions', statusActionRow(this.#originId, action));
    for (const row of rejections) this.#run('entry_rejections', row);
  }

  /** The fold's position and totals. */
  writeFoldState(state: RegistryState, counters: FoldCounters): void {
    this.#run('fold_state', {
      origin_id: this.#originId,
      entries: counters.entries,
      next_index: state.nextIndex,
      applied: state.applied,
      rejected: counters.rejected,
      sessions: state.totals.sessions,
      trust_scores: state.totals.trustScores,
    });
  }

  // Admins and key records are only ever added (a removal or rotation is a field of the record), so
  // an upsert per record rewrites them all without deleting first.
  #writeTenant(tenant: Parameters<typeof tenantRow>[1]): void {
    this.#run('tenants', tenantRow(this.#originId, tenant));
    for (const row of adminRows(this.#originId, tenant)) this.#run('admins', row);
  }

  /** Upserts `row` into `table` (with `statement`, default the table's upsert). */
  #run(table: DerivedTable, row: Row, statement: Statement = this.#insert[table]): void {
    statement.run(valuesOf(table, row, DERIVED_COLUMNS[table]));
  }

  /** `withStatus`: the agent's status changed (DirtySet.statuses), so the indexed columns are set too. */
  #writeAgent(agent: AgentState, withStatus: boolean): void {
    const row = agentRow(this.#originId, agent);
    const write = withStatus ? this.#agentWithStatus : this.#agent;
    const stored = this.#stored;
    if (stored === undefined || write.update === undefined) {
      this.#run('agents', row, write.upsert);
      for (const row of agentKeyRows(this.#originId, agent)) this.#run('agent_keys', row);
      return;
    }
    const rowid = stored.rowidOf(agent.id);
    if (rowid === undefined || !updateByRowid(write.update, write.updated, row, rowid)) {
      // Undefined when the upsert found the row equal and wrote nothing: recorded at a later write.
      const written = write.upsert.get(valuesOf('agents', row, DERIVED_COLUMNS.agents)) as number | undefined;
      if (written !== undefined) stored.recordRowid(agent.id, written);
    }
    // The key rows are a function of `keys` alone (agentKeyRows): equal JSON, equal rows.
    const keys = JSON.stringify(agent.keys);
    if (stored.keysStored(agent, keys)) return;
    for (const row of agentKeyRows(this.#originId, agent)) this.#run('agent_keys', row);
    stored.recordKeys(agent, keys);
  }
}

/**
 * The values of `row` for `columns`, in order, and `spare` empty slots after them. A missing column
 * is a bug (thrown, as binding by name did).
 */
function valuesOf(table: DerivedTable, row: Row, columns: readonly string[], spare = 0): SqlValue[] {
  const values = new Array<SqlValue>(columns.length + spare);
  for (let i = 0; i < columns.length; i++) {
    const value = row[columns[i] as string];
    if (value === undefined) throw new Error(`the ${table} row has no value for ${String(columns[i])}`);
    values[i] = value;
  }
  return values;
}

/** Sets the `updated` columns of the agent row at `rowid`; false when that row is not this agent's. */
function updateByRowid(update: Statement, updated: readonly string[], row: Row, rowid: number): boolean {
  const values = valuesOf('agents', row, updated, 3);
  values[updated.length] = rowid;
  values[updated.length + 1] = row['origin_id'] ?? null;
  values[updated.length + 2] = row['id'] ?? null;
  return update.run(values).changes === 1;
}
