import type { EntrySignature, SignerRole } from '../log/signature.ts';
import type { QuorumAction } from '../log/types/admin.ts';
import { invalid, reject, type ApplyContext } from './context.ts';
import type { AgentState, TenantState } from './state.ts';

/**
 * Who may sign what (docs/protocol.md §4 table, §5.2). Signatures are assumed cryptographically
 * valid here (the builder verifies them first, or its caller did in bulk); these checks decide
 * whether each key was entitled to sign in the role it claims, against the replayed state:
 *
 * - ENTRY_UNKNOWN_SIGNER: the key is bound to nothing in the registry;
 * - ENTRY_SIGNER_NOT_AUTHORISED: the key is known but not entitled (wrong role or owner, an admin of
 *   another tenant or a removed one, not the registry key, quorum not met);
 * - ENTRY_KEY_NOT_CURRENT: the key was the signer's once but no longer is (rotated out, reported
 *   compromised, or its agent revoked).
 */

export function signaturesWithRole(ctx: ApplyContext, role: SignerRole): EntrySignature[] {
  return ctx.entry.signatures.filter((s) => s.role === role);
}

/**
 * Requires the entry's signatures to use only the roles in `allowed`, each exactly the given number
 * of times (`'some'`: one or more). Throws ENTRY_SIGNER_NOT_AUTHORISED (rule SIGNER_ROLES).
 */
export function expectRoles(ctx: ApplyContext, allowed: Partial<Record<SignerRole, number | 'some'>>): void {
  const counts = new Map<SignerRole, number>();
  for (const s of ctx.entry.signatures) counts.set(s.role, (counts.get(s.role) ?? 0) + 1);
  const expected = Object.entries(allowed) as [SignerRole, number | 'some'][];
  const ok =
    [...counts.keys()].every((role) => allowed[role] !== undefined) &&
    expected.every(([role, n]) => (n === 'some' ? (counts.get(role) ?? 0) >= 1 : (counts.get(role) ?? 0) === n));
  if (!ok) {
    reject(ctx, 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES', 'signer roles do not fit the statement type', {
      roles: ctx.entry.signatures.map((s) => s.role),
      allowed,
    });
  }
}

/** Whether some signature of the entry claims `role`. */
export function hasRole(ctx: ApplyContext, role: SignerRole): boolean {
  return ctx.entry.signatures.some((s) => s.role === role);
}

/** The one signature with `role` (callers have run `expectRoles`). */
export function onlySignature(ctx: ApplyContext, role: SignerRole): EntrySignature {
  return signaturesWithRole(ctx, role)[0] as EntrySignature;
}

/** A `registry` signature must be by the registry log key (NOT_REGISTRY_KEY). */
export function checkRegistrySignature(ctx: ApplyContext, sig: EntrySignature): void {
  if (sig.key !== ctx.state.config.registryKey) {
    reject(ctx, 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_REGISTRY_KEY', 'role registry is reserved for the registry log key', { key: sig.key });
  }
}

/**
 * Each of `sigs` must be by an admin enrolled in `tenant` now, and there must be at least the
 * tenant's threshold for `action`. Used for entry signatures and for admin-command signatures.
 */
export function checkAdminQuorum(ctx: ApplyContext, tenant: TenantState, sigs: readonly EntrySignature[], action: QuorumAction): number {
  for (const sig of sigs) checkEnrolledAdmin(ctx, tenant, sig.key);
  const required = tenant.policy.thresholds[action];
  if (sigs.length < required) {
    reject(ctx, 'ENTRY_SIGNER_NOT_AUTHORISED', 'QUORUM_NOT_MET', `${action} needs ${required} admin signature(s), got ${sigs.length}`, {
      action,
      required,
      got: sigs.length,
    });
  }
  return required;
}

/** `key` must be an admin of `tenant` enrolled now. */
export function checkEnrolledAdmin(ctx: ApplyContext, tenant: TenantState, key: string): void {
  const admin = tenant.admins.get(key);
  if (admin === undefined) {
    if (ctx.state.keys.has(key)) {
      reject(ctx, 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_TENANT_ADMIN', 'key is not an admin of this tenant', { key });
    }
    reject(ctx, 'ENTRY_UNKNOWN_SIGNER', 'UNKNOWN_ADMIN', 'admin key is unknown to the registry', { key });
  }
  if (admin.removed !== undefined) {
    reject(ctx, 'ENTRY_SIGNER_NOT_AUTHORISED', 'ADMIN_REMOVED', 'admin was removed', { key, removedAt: admin.removed.index });
  }
}

/**
 * `sig` must be by `agent`'s current key, not reported compromised, and `agent` not revoked (a
 * revoked agent's keys sign nothing). Once a compromise is reported the key is dead whatever time
 * a statement claims: the holder of a stolen key can backdate.
 */
export function checkAgentSignature(ctx: ApplyContext, agent: AgentState, sig: EntrySignature): void {
  if (sig.key !== agent.currentKey) {
    if (agent.keys.some((k) => k.key === sig.key)) {
      reject(ctx, 'ENTRY_KEY_NOT_CURRENT', 'KEY_ROTATED', 'key was rotated out', { key: sig.key, agent: agent.id });
    }
    if (ctx.state.keys.has(sig.key)) {
      reject(ctx, 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_AGENT_KEY', 'key belongs to another principal', { key: sig.key, agent: agent.id });
    }
    reject(ctx, 'ENTRY_UNKNOWN_SIGNER', 'UNKNOWN_KEY', 'key is unknown to the registry', { key: sig.key, agent: agent.id });
  }
  const record = agent.keys[agent.keys.length - 1];
  if (record?.compromisedAt !== undefined) {
    reject(ctx, 'ENTRY_KEY_NOT_CURRENT', 'KEY_COMPROMISED', 'key was reported compromised', {
      key: sig.key,
      agent: agent.id,
      compromisedAt: record.compromisedAt,
    });
  }
  if (agent.status === 'revoked') {
    reject(ctx, 'ENTRY_KEY_NOT_CURRENT', 'AGENT_REVOKED', 'agent is revoked', { key: sig.key, agent: agent.id });
  }
}

/** A signature in role `new_key` must be by the key the statement introduces. */
export function checkNewKeySignature(ctx: ApplyContext, sig: EntrySignature, expected: string): void {
  if (sig.key !== expected) {
    reject(ctx, 'ENTRY_SIGNER_NOT_AUTHORISED', 'NEW_KEY_MISMATCH', 'role new_key must be the key being introduced', { key: sig.key, expected });
  }
}

/** A key bound once (to an agent, an admin or the registry) is never bound to anything else. */
export function checkKeyUnused(ctx: ApplyContext, key: string): void {
  if (ctx.state.keys.has(key)) invalid(ctx, 'KEY_REUSED', 'key is already bound in this registry', { key });
}

/** The entry's tenant; STATE_TRANSITION_INVALID (TENANT_UNKNOWN) if it does not exist. */
export function tenantOf(ctx: ApplyContext): TenantState {
  const tenant = ctx.state.tenants.get(ctx.entry.tenant);
  if (tenant === undefined) invalid(ctx, 'TENANT_UNKNOWN', 'tenant does not exist', { tenant: ctx.entry.tenant });
  return tenant;
}

/** The agent `id` of the entry's tenant (agent ids carry their tenant prefix, checked on parse). */
export function agentOf(ctx: ApplyContext, id: string): AgentState {
  const agent = ctx.state.agents.get(id);
  if (agent === undefined || agent.tenant !== ctx.entry.tenant) invalid(ctx, 'AGENT_UNKNOWN', 'agent does not exist', { agent: id });
  return agent;
}

/** STATE_TRANSITION_INVALID (AGENT_REVOKED) for a revoked agent. */
export function checkNotRevoked(ctx: ApplyContext, agent: AgentState): void {
  if (agent.status === 'revoked') invalid(ctx, 'AGENT_REVOKED', 'agent is revoked', { agent: agent.id });
}

/**
 * Control statements about an agent (metadata, key, scopes) must be strictly newer than the previous
 * one (and than its registration): an old signed statement cannot be replayed to undo a later change.
 */
export function checkControlTime(ctx: ApplyContext, agent: AgentState): void {
  if (!(ctx.entry.time > agent.lastControlTime)) {
    invalid(ctx, 'STALE_CONTROL_STATEMENT', 'statement is not newer than the previous control statement about this agent', {
      time: ctx.entry.time,
      previous: agent.lastControlTime,
    });
  }
}

/** Records that `agent`'s current key signed the entry (for dormancy and compromise checks). */
export function noteAgentSigned(ctx: ApplyContext, agent: AgentState): void {
  agent.lastAgentSigned = ctx.stamp;
  const record = agent.keys[agent.keys.length - 1];
  if (record !== undefined && (record.lastUsed === undefined || record.lastUsed.time <= ctx.stamp.time)) record.lastUsed = ctx.stamp;
}
