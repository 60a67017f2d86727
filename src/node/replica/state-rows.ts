/**
 * The materialised rows of the derived tables (migration 0002), as pure functions of the replayed
 * registry state (src/core/registry/state.ts) and of applied entries. One mapping, used both by the
 * sync (rows of what a batch changed) and by `warden db check` (rows of a from-scratch replay), so
 * the two can be compared row for row.
 *
 * JSON columns are JSON.stringify of the state objects (native, several times faster than JCS on
 * this hot path). Member order is then the order in which the fold created the members; a replay
 * and a resumed fold run the same code in the same order, and restoring from this JSON keeps that
 * order, so the same state gives the same text (db check compares them byte for byte).
 */
import type { LogEntry, LogEntryOf } from '../../core/log/statement.ts';
import { DEFAULT_THRESHOLDS } from '../../core/registry/index.ts';
import type {
  AgentState,
  DelegationState,
  KeyOwner,
  KeyRecord,
  StatusAction,
  TenantState,
} from '../../core/registry/state.ts';

export type SqlValue = string | number | null;
export type Row = Readonly<Record<string, SqlValue>>;

const json = (value: unknown): string => JSON.stringify(value);
const opt = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** A tenant as stored in `tenants.state`: plain data, admins as an array, no command nonces. */
export interface StoredTenant extends Omit<TenantState, 'admins' | 'commandNonces'> {
  readonly admins: TenantState['admins'] extends Map<string, infer A> ? A[] : never;
}

export function tenantRow(originId: number, t: TenantState): Row {
  const admins = [...t.admins.values()];
  const stored: StoredTenant = {
    id: t.id,
    prefix: t.prefix,
    name: t.name,
    created: t.created,
    govSeq: t.govSeq,
    admins,
    policy: t.policy,
    agentCount: t.agentCount,
  };
  return {
    origin_id: originId,
    id: t.id,
    prefix: t.prefix,
    name: t.name,
    created_idx: t.created.index,
    created_time: t.created.time,
    gov_seq: t.govSeq,
    agent_count: t.agentCount,
    thresholds: json(t.policy.thresholds),
    policy_seq: t.policy.seq,
    admins_enrolled: admins.filter((a) => a.removed === undefined).length,
    state: json(stored),
  };
}

export function adminRows(originId: number, t: TenantState): Row[] {
  return [...t.admins.values()].map((a) => ({
    origin_id: originId,
    tenant: t.id,
    key: a.key,
    name: a.name,
    enrolled_idx: a.enrolled.index,
    enrolled_time: a.enrolled.time,
    removed_idx: opt(a.removed?.index),
    removed_time: opt(a.removed?.time),
  }));
}

export function agentRow(originId: number, a: AgentState): Row {
  return {
    origin_id: originId,
    id: a.id,
    tenant: a.tenant,
    display_name: a.displayName,
    owner: opt(a.owner),
    status: a.status,
    status_since_idx: a.statusRecord.since.index,
    status_since_time: a.statusRecord.since.time,
    status_by: a.statusRecord.by,
    cascade_from: opt(a.statusRecord.cascadeFrom),
    current_key: a.currentKey,
    parent: opt(a.parent),
    delegation: opt(a.delegation),
    depth: a.depth,
    scopes: json(a.scopes),
    capabilities: json(a.capabilities),
    registered_idx: a.registered.index,
    registered_time: a.registered.time,
    session_count: a.sessions.count,
    last_session_id: opt(a.sessions.last?.id),
    last_session_time: opt(a.sessions.last?.time),
    trust_count: a.trust.count,
    trust_score: opt(a.trust.last?.score),
    trust_band: opt(a.trust.last?.band),
    trust_lowest: opt(a.trust.lowest?.score),
    last_signed_idx: opt(a.lastAgentSigned?.index),
    state: json(a),
  };
}

export function agentKeyRows(originId: number, a: AgentState): Row[] {
  return a.keys.map((k: KeyRecord, position) => ({
    origin_id: originId,
    agent: a.id,
    position,
    key: k.key,
    added_idx: k.added.index,
    added_time: k.added.time,
    retired_idx: opt(k.retired?.index),
    retired_time: opt(k.retired?.time),
    compromised_at: opt(k.compromisedAt),
    reported_idx: opt(k.compromiseReported?.index),
    last_used_idx: opt(k.lastUsed?.index),
    last_used_time: opt(k.lastUsed?.time),
    used_after_compromise: k.usedAfterCompromise === true ? 1 : 0,
  }));
}

export function keyOwnerRow(originId: number, key: string, owner: KeyOwner): Row {
  return {
    origin_id: originId,
    key,
    kind: owner.kind,
    agent: owner.kind === 'agent' ? owner.agent : null,
    tenants: owner.kind === 'admin' ? json([...owner.tenants].sort()) : null,
  };
}

export function delegationRow(originId: number, d: DelegationState): Row {
  return {
    origin_id: originId,
    id: d.id,
    tenant: d.tenant,
    parent: d.parent,
    child: d.child,
    child_key: d.childKey,
    scopes: json(d.scopes),
    granted_idx: d.granted.index,
    granted_time: d.granted.time,
    registered_idx: opt(d.registered?.index),
    revoked_idx: opt(d.revoked?.index),
    revoked_time: opt(d.revoked?.time),
    state: json(d),
  };
}

export function statusActionRow(originId: number, s: StatusAction): Row {
  return {
    origin_id: originId,
    idx: s.index,
    time: s.time,
    tenant: s.tenant,
    action: s.action,
    by: s.by,
    targets: json(s.targets),
    cascade: s.cascade ? 1 : 0,
    affected: json(s.affected),
    reason: s.reason,
    nonce: opt(s.nonce),
    signers: s.signers === undefined ? null : json(s.signers),
    threshold: opt(s.threshold),
    delegation: opt(s.delegation),
  };
}

/** Rows an APPLIED entry appends to the history tables (policies, command nonces, trust history). */
export interface AppendRows {
  readonly policies: Row[];
  readonly nonces: Row[];
  readonly trust: Row[];
}

export function emptyAppendRows(): AppendRows {
  return { policies: [], nonces: [], trust: [] };
}

/** Adds the history rows of `entry`, applied at `index`, to `out`. */
export function collectAppendRows(originId: number, entry: LogEntry, index: number, out: AppendRows): void {
  switch (entry.type) {
    case 'tenant.created':
      out.policies.push(policyRow(originId, entry.tenant, 0, DEFAULT_THRESHOLDS, index, entry.time));
      return;
    case 'policy.quorum_set':
      out.policies.push(policyRow(originId, entry.tenant, entry.body.seq, entry.body.thresholds, index, entry.time));
      return;
    case 'trust.score_recorded':
      out.trust.push(trustRow(originId, entry, index));
      return;
    case 'agent.suspended':
    case 'agent.reinstated':
    case 'agent.revoked':
      if (entry.body.by === 'admin') out.nonces.push({ origin_id: originId, tenant: entry.tenant, nonce: entry.body.command.nonce, idx: index });
      return;
    default:
      return;
  }
}

function policyRow(originId: number, tenant: string, seq: number, thresholds: unknown, index: number, time: string): Row {
  return { origin_id: originId, tenant, seq, thresholds: json(thresholds), set_idx: index, set_time: time };
}

function trustRow(originId: number, entry: LogEntryOf<'trust.score_recorded'>, index: number): Row {
  return {
    origin_id: originId,
    idx: index,
    agent: entry.subject,
    time: entry.time,
    score: entry.body.score,
    band: entry.body.band,
    factors: json(entry.body.factors),
    flags: json(entry.body.flags),
  };
}
