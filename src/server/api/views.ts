/**
 * JSON views of the replayed state (docs/protocol.md §11.5). Optional members are absent, never
 * null; log positions are decimal strings (uint64, as in receipts).
 */
import type { AgentState, DelegationState, KeyRecord, Stamp, TenantState } from '../../core/registry/state.ts';

export interface StampView {
  readonly index: string;
  readonly time: string;
}

export function stampView(stamp: Stamp): StampView {
  return { index: String(stamp.index), time: stamp.time };
}

function optional<T>(name: string, value: T | undefined, map: (value: T) => unknown = (v) => v): Record<string, unknown> {
  return value === undefined ? {} : { [name]: map(value) };
}

export function tenantSummary(tenant: TenantState): Record<string, unknown> {
  let admins = 0;
  for (const admin of tenant.admins.values()) if (admin.removed === undefined) admins++;
  return { id: tenant.id, prefix: tenant.prefix, name: tenant.name, created: stampView(tenant.created), admins, agents: tenant.agentCount };
}

export function tenantView(tenant: TenantState): Record<string, unknown> {
  return {
    ...tenantSummary(tenant),
    governance_seq: tenant.govSeq,
    policy: { thresholds: { ...tenant.policy.thresholds }, seq: tenant.policy.seq, ...optional('set', tenant.policy.set, stampView) },
    admin_list: [...tenant.admins.values()].map((a) => ({
      key: a.key,
      name: a.name,
      enrolled: stampView(a.enrolled),
      ...optional('removed', a.removed, stampView),
    })),
    executed_commands: tenant.commandNonces.size,
  };
}

function keyView(record: KeyRecord): Record<string, unknown> {
  return {
    key: record.key,
    added: stampView(record.added),
    ...optional('retired', record.retired, stampView),
    ...optional('compromised_at', record.compromisedAt),
    ...optional('compromise_reported', record.compromiseReported, stampView),
    ...optional('last_used', record.lastUsed, stampView),
    ...(record.usedAfterCompromise === true ? { used_after_compromise: true } : {}),
  };
}

/** A row of the agent list. */
export function agentSummary(agent: AgentState): Record<string, unknown> {
  return {
    id: agent.id,
    tenant: agent.tenant,
    display_name: agent.displayName,
    ...optional('owner', agent.owner),
    status: agent.status,
    depth: agent.depth,
    ...optional('parent', agent.parent),
    registered: stampView(agent.registered),
    ...optional('trust_score', agent.trust.last?.score),
    ...optional('trust_band', agent.trust.last?.band),
  };
}

/** The full agent record. */
export function agentView(agent: AgentState): Record<string, unknown> {
  const { statusRecord, sessions, trust } = agent;
  return {
    id: agent.id,
    tenant: agent.tenant,
    display_name: agent.displayName,
    ...optional('owner', agent.owner),
    ...optional('description', agent.description),
    ...optional('version', agent.version),
    ...optional('purpose', agent.purpose),
    capabilities: [...agent.capabilities],
    scopes: [...agent.scopes],
    ...optional('parent', agent.parent),
    ...optional('delegation', agent.delegation),
    depth: agent.depth,
    children: [...agent.children],
    status: agent.status,
    status_record: {
      status: statusRecord.status,
      since: stampView(statusRecord.since),
      by: statusRecord.by,
      ...optional('cascade_from', statusRecord.cascadeFrom),
    },
    current_key: agent.currentKey,
    keys: agent.keys.map(keyView),
    registered: stampView(agent.registered),
    last_control_time: agent.lastControlTime,
    ...optional('last_signed', agent.lastAgentSigned, stampView),
    sessions: {
      count: sessions.count,
      ...optional('last', sessions.last, (l) => ({ session_id: l.id, time: l.time, expires_at: l.expiresAt, index: String(l.index) })),
    },
    trust: {
      count: trust.count,
      ...optional('last', trust.last, (l) => ({ score: l.score, band: l.band, time: l.time, index: String(l.index) })),
      ...optional('lowest', trust.lowest, (l) => ({ score: l.score, time: l.time, index: String(l.index) })),
      ...optional('suspension_band_since', trust.suspensionBandSince, stampView),
    },
  };
}

export function delegationView(delegation: DelegationState): Record<string, unknown> {
  return {
    id: delegation.id,
    tenant: delegation.tenant,
    parent: delegation.parent,
    child: delegation.child,
    child_key: delegation.childKey,
    scopes: [...delegation.scopes],
    granted: stampView(delegation.granted),
    ...optional('registered', delegation.registered, stampView),
    ...optional('revoked', delegation.revoked, stampView),
  };
}
