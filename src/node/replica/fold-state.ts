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

export interface FoldPosition {
  /** Entries folded: [0, entries). */
  readonly entries: number;
  readonly rejected: number;
}

export interface RestoredFold {
  readonly state: RegistryState;
  readonly position: FoldPosition;
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
 * Rebuilds the fold state of origin `originId` from its derived tables. Throws REPLICA_CORRUPT when
 * a stored state object does not parse.
 */
export function restoreFoldState(db: ReplicaDatabase, originId: number, config: RegistryConfig): RestoredFold {
  const state = createRegistryState(config);
  const agentState = db.prepare('SELECT state FROM agents WHERE origin_id = ? AND id = ?').pluck();
  const allAgents = db.prepare('SELECT id, state FROM agents WHERE origin_id = ?');
  const delegationState = db.prepare('SELECT state FROM delegations WHERE origin_id = ? AND id = ?').pluck();
  const allDelegations = db.prepare('SELECT id, state FROM delegations WHERE origin_id = ?');
  const keyOwner = db.prepare('SELECT key, kind, agent, tenants FROM key_owners WHERE origin_id = ? AND key = ?');
  const allKeyOwners = db.prepare('SELECT key, kind, agent, tenants FROM key_owners WHERE origin_id = ?');
  const meta = db.prepare('SELECT * FROM fold_state WHERE origin_id = ?').get(originId) as FoldStateRow | undefined;
  if (meta === undefined) return { state, position: { entries: 0, rejected: 0 } };
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
  state.agents = new RowBackedMap(
    (id) => {
      const text = agentState.get(originId, id) as string | undefined;
      return text === undefined ? undefined : parseStored<AgentState>(text, 'agent', id);
    },
    () => storedStates<AgentState>(allAgents, originId, 'agent'),
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
  return { state, position: { entries: meta.entries, rejected: meta.rejected } };
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
