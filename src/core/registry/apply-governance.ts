import { tenantPrefix } from '../log/fields.ts';
import type { QuorumThresholds } from '../log/types/admin.ts';
import {
  checkAdminQuorum,
  checkNewKeySignature,
  checkRegistrySignature,
  expectRoles,
  onlySignature,
  signaturesWithRole,
  tenantOf,
} from './authorise.ts';
import { invalid, NO_CHANGES, type ApplyContext, type Commit } from './context.ts';
import { DEFAULT_THRESHOLDS } from './rules.ts';
import type { TenantState } from './state.ts';

/**
 * Tenants and their governance (docs/protocol.md §4.1–4.4, §5.2):
 * - a tenant is created by the registry; its 8-hex prefix must be unused (agent ids carry it);
 * - its first admin is enrolled on the registry's word (bootstrap), every later admin change and
 *   policy change needs the quorum of the policy in force; every enrolment is co-signed by the new
 *   admin's key (proof of possession);
 * - governance statements carry `seq` = the tenant's previous governance seq + 1 (no replay);
 * - the admins left must always be able to meet every threshold (M <= N, N >= 1).
 */

export function applyTenantCreated(ctx: ApplyContext<'tenant.created'>): Commit {
  const { state, entry, stamp } = ctx;
  expectRoles(ctx, { registry: 1 });
  checkRegistrySignature(ctx, onlySignature(ctx, 'registry'));
  if (state.tenants.has(entry.tenant)) invalid(ctx, 'TENANT_EXISTS', 'tenant already exists');
  const prefix = tenantPrefix(entry.tenant);
  if (state.tenantPrefixes.has(prefix)) invalid(ctx, 'TENANT_PREFIX_TAKEN', 'another tenant has the same 8-hex prefix', { prefix });
  return () => {
    state.tenants.set(entry.tenant, {
      id: entry.tenant,
      prefix,
      name: entry.body.name,
      created: stamp,
      govSeq: 0,
      admins: new Map(),
      policy: { thresholds: { ...DEFAULT_THRESHOLDS }, seq: 0 },
      commandNonces: new Set(),
      agentCount: 0,
    });
    state.tenantPrefixes.set(prefix, entry.tenant);
    return NO_CHANGES;
  };
}

function checkSeq(ctx: ApplyContext, tenant: TenantState, seq: number): void {
  if (seq !== tenant.govSeq + 1) {
    invalid(ctx, 'GOVERNANCE_SEQ', `governance seq must be ${tenant.govSeq + 1}`, { seq, expected: tenant.govSeq + 1 });
  }
}

function enrolledCount(tenant: TenantState): number {
  let n = 0;
  for (const admin of tenant.admins.values()) if (admin.removed === undefined) n++;
  return n;
}

function highestThreshold(thresholds: QuorumThresholds): number {
  return Math.max(thresholds.revoke, thresholds.suspend, thresholds.reinstate, thresholds.admin, thresholds.policy);
}

/** Validates a `admin.enrolled` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyAdminEnrolled(ctx: ApplyContext<'admin.enrolled'>): Commit {
  const { state, entry, stamp } = ctx;
  const tenant = tenantOf(ctx);
  checkSeq(ctx, tenant, entry.body.seq);
  const key = entry.subject;
  const existing = tenant.admins.get(key);
  if (existing !== undefined && existing.removed === undefined) invalid(ctx, 'ADMIN_ENROLLED', 'admin is already enrolled');
  const owner = state.keys.get(key);
  if (owner !== undefined && owner.kind !== 'admin') invalid(ctx, 'KEY_REUSED', 'key is bound to something other than an admin', { key });
  const bootstrap = enrolledCount(tenant) === 0;
  if (bootstrap) {
    expectRoles(ctx, { new_key: 1, registry: 1 });
    checkRegistrySignature(ctx, onlySignature(ctx, 'registry'));
  } else {
    expectRoles(ctx, { new_key: 1, admin: 'some' });
    checkAdminQuorum(ctx, tenant, signaturesWithRole(ctx, 'admin'), 'admin');
  }
  checkNewKeySignature(ctx, onlySignature(ctx, 'new_key'), key);
  return () => {
    tenant.admins.set(key, { key, name: entry.body.name, enrolled: stamp });
    if (owner === undefined) state.keys.set(key, { kind: 'admin', tenants: new Set([tenant.id]) });
    else owner.tenants.add(tenant.id);
    tenant.govSeq = entry.body.seq;
    return NO_CHANGES;
  };
}

/** Validates a `admin.removed` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyAdminRemoved(ctx: ApplyContext<'admin.removed'>): Commit {
  const { entry, stamp } = ctx;
  const tenant = tenantOf(ctx);
  checkSeq(ctx, tenant, entry.body.seq);
  const admin = tenant.admins.get(entry.subject);
  if (admin === undefined || admin.removed !== undefined) invalid(ctx, 'ADMIN_NOT_ENROLLED', 'admin is not enrolled');
  expectRoles(ctx, { admin: 'some' });
  checkAdminQuorum(ctx, tenant, signaturesWithRole(ctx, 'admin'), 'admin');
  const remaining = enrolledCount(tenant) - 1;
  if (remaining < Math.max(1, highestThreshold(tenant.policy.thresholds))) {
    invalid(ctx, 'QUORUM_UNREACHABLE', 'removal would leave fewer admins than the policy needs', { remaining });
  }
  return () => {
    admin.removed = stamp;
    tenant.govSeq = entry.body.seq;
    return NO_CHANGES;
  };
}

/** Validates a `policy.quorum_set` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyQuorumSet(ctx: ApplyContext<'policy.quorum_set'>): Commit {
  const { entry, stamp } = ctx;
  const tenant = tenantOf(ctx);
  checkSeq(ctx, tenant, entry.body.seq);
  expectRoles(ctx, { admin: 'some' });
  // Signed under the policy in force before this statement.
  checkAdminQuorum(ctx, tenant, signaturesWithRole(ctx, 'admin'), 'policy');
  const admins = enrolledCount(tenant);
  if (highestThreshold(entry.body.thresholds) > admins) {
    invalid(ctx, 'QUORUM_UNREACHABLE', `a threshold exceeds the ${admins} enrolled admin(s)`, { admins });
  }
  return () => {
    tenant.policy = { thresholds: { ...entry.body.thresholds }, seq: entry.body.seq, set: stamp };
    tenant.govSeq = entry.body.seq;
    return NO_CHANGES;
  };
}
