/**
 * Serialising and restoring the fold state (RegistryState, src/core/registry/state.ts) so that a
 * sync resumes where it stopped instead of replaying the log from entry 0.
 *
 * RegistryState is plain data except for Maps and Sets (tenants, agents, delegations, keys, admins,
 * command nonces, admin key tenants), so it is not JSON as is. It is stored as the materialised rows
 * of migration 0002: each tenant, agent and delegation row carries its whole state object as
 * JSON (`state` column), key owners and command nonces have their own tables, and
 * `fold_state` holds the counters. Restoring reads them back into Maps and Sets. `statusActions` is
 * NOT restored: the fold only appends to it (its history lives in `status_actions`), so a restored
 * state starts it empty. What the core could offer to make this unnecessary: a documented
 * `serializeRegistryState` / `restoreRegistryState` pair beside `cloneRegistryState`.
 */
import { createRegistryState, type RegistryConfig, type RegistryState, type TenantState } from '../../core/registry/state.ts';
import type { AgentState, DelegationState, KeyOwner } from '../../core/registry/state.ts';
import type { Statement } from 'better-sqlite3';
import type { ReplicaDatabase } from './open-replica.ts';
import { ReplicaError } from './replica-error.ts';
import { RowBackedMap } from './row-backed-map.ts';
import type { StoredTenant } from './state-rows.ts';
import { StoredAgents } from './stored-agents.ts';

export interface FoldPosition {
  /** Entries folded: [0, entries). */
  readonly entries: number;
  readonly rejected: number;
}

export interface RestoredFold {
  readonly state: RegistryState;
  readonly position: FoldPosition;
  /** What the session knows of its agent rows (stored-agents.ts), filled as it reads them: for its writer. */
  readonly storedAgents: StoredAgents;
}

interface FoldStateRow {
  entries: number;
  next_index: number;
  applied: number;
  rejected: number;
  sessions: number;
  trust_scores: number;
}

/**
 * Rebuilds the fold state of origin `originId` from its derived tables (main schema). Throws
 * REPLICA_CORRUPT when a stored state object does not parse. The returned `storedAgents` belong to
 * the session that folds on from this state: its writer (of the main schema) takes them.
 */
export function restoreFoldState(db: ReplicaDatabase, originId: number, config: RegistryConfig): RestoredFold {
  const state = createRegistryState(config);
  const storedAgents = new StoredAgents();
  const agentByRowid = db.prepare('SELECT state FROM agents WHERE rowid = ? AND origin_id = ? AND id = ?').pluck();
  const agentByKey = db.prepare('SELECT rowid, state FROM agents WHERE origin_id = ? AND id = ?').raw();
  const allAgents = db.prepare('SELECT rowid, id, state FROM agents WHERE origin_id = ?').raw();
  const delegationState = db.prepare('SELECT state FROM delegations WHERE origin_id = ? AND id = ?').pluck();
  const allDelegations = db.prepare('SELECT id, state FROM delegations WHERE origin_id = ?');
  const keyOwner = db.prepare('SELECT key, kind, agent, tenants FROM key_owners WHERE origin_id = ? AND key = ?');
  const allKeyOwners = db.prepare('SELECT key, kind, agent, tenants FROM key_owners WHERE origin_id = ?');
  const meta = db.prepare('SELECT * FROM fold_state WHERE origin_id = ?').get(originId) as FoldStateRow | undefined;
  if (meta === undefined) return { state, position: { entries: 0, rejected: 0 }, storedAgents };
  state.nextIndex = meta.next_index;
  state.applied = meta.applied;
  state.totals.sessions = meta.sessions;
  state.totals.trustScores = meta.trust_scores;

  const nonces = new Map<string, Set<string>>();
  for (const row of db.prepare('SELECT tenant, nonce FROM command_nonces WHERE origin_id = ?').iterate(originId) as Iterable<{
    tenant: string;
    nonce: string;
  }>) {
    let set = nonces.get(row.tenant);
    if (set === undefined) nonces.set(row.tenant, (set = new Set()));
    set.add(row.nonce);
  }
  for (const row of db.prepare('SELECT id, state FROM tenants WHERE origin_id = ?').iterate(originId) as Iterable<{ id: string; state: string }>) {
    const stored = parseStored<StoredTenant>(row.state, 'tenant', row.id);
    const tenant: TenantState = {
      ...stored,
      admins: new Map(stored.admins.map((a) => [a.key, a])),
      commandNonces: nonces.get(stored.id) ?? new Set(),
    };
    state.tenants.set(tenant.id, tenant);
    state.tenantPrefixes.set(tenant.prefix, tenant.id);
  }
  // Agents, delegations and key owners are read as the fold touches them (row-backed-map.ts): a
  // sync of a few entries onto a large replica reads a few rows, not every entity it holds.
  // Reading an agent records its rowid and its keys for the writer (stored-agents.ts); an agent read
  // again, after the session dropped it (fold-session.ts), is read by that rowid.
  const storedAgent = (rowid: number, id: string, text: string): AgentState => {
    const agent = parseStored<AgentState>(text, 'agent', id);
    storedAgents.recordRowid(id, rowid);
    storedAgents.recordKeys(agent, JSON.stringify(agent.keys));
    return agent;
  };
  state.agents = new RowBackedMap(
    (id) => {
      const rowid = storedAgents.rowidOf(id);
      const text = rowid === undefined ? undefined : (agentByRowid.get(rowid, originId, id) as string | undefined);
      if (rowid !== undefined && text !== undefined) return storedAgent(rowid, id, text);
      const row = agentByKey.get(originId, id) as [number, string] | undefined;
      return row === undefined ? undefined : storedAgent(row[0], id, row[1]);
    },
    function* () {
      for (const row of allAgents.iterate(originId) as Iterable<[number, string, string]>) yield [row[1], storedAgent(...row)] as const;
    },
  );
  state.delegations = new RowBackedMap(
    (id) => {
      const text = delegationState.get(originId, id) as string | undefined;
      return text === undefined ? undefined : parseStored<DelegationState>(text, 'delegation', id);
    },
    () => storedStates<DelegationState>(allDelegations, originId, 'delegation'),
  );
  state.keys = new RowBackedMap(
    (key) => {
      const row = keyOwner.get(originId, key) as KeyOwnerRow | undefined;
      return row === undefined ? undefined : keyOwnerOf(row);
    },
    function* () {
      for (const row of allKeyOwners.iterate(originId) as Iterable<KeyOwnerRow>) yield [row.key, keyOwnerOf(row)] as const;
    },
  );
  return { state, position: { entries: meta.entries, rejected: meta.rejected }, storedAgents };
}

interface KeyOwnerRow {
  key: string;
  kind: string;
  agent: string | null;
  tenants: string | null;
}

function* storedStates<T>(statement: Statement, originId: number, what: string): Generator<readonly [string, T]> {
  for (const row of statement.iterate(originId) as Iterable<{ id: string; state: string }>) yield [row.id, parseStored<T>(row.state, what, row.id)];
}

function keyOwnerOf(row: KeyOwnerRow): KeyOwner {
  switch (row.kind) {
    case 'registry':
      return { kind: 'registry' };
    case 'agent':
      if (row.agent !== null) return { kind: 'agent', agent: row.agent };
      break;
    case 'admin':
      if (row.tenants !== null) return { kind: 'admin', tenants: new Set(parseStored<string[]>(row.tenants, 'key owner', row.key)) };
      break;
    default:
      break;
  }
  throw new ReplicaError('REPLICA_CORRUPT', `the stored owner of key ${row.key} is malformed`);
}

function parseStored<T>(text: string, what: string, id: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ReplicaError('REPLICA_CORRUPT', `the stored ${what} ${id} is not JSON`, { cause: error });
  }
}
