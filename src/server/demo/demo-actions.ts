import { ProtocolError } from '../../core/errors.ts';
import { bytesToBase64Url, bytesToHex } from '../../core/encoding/index.ts';
import { newUlid } from '../../core/identity/maip-id.ts';
import { ADMIN_COMMAND_FORMAT, signAdminCommand, type AdminAction, type UnsignedAdminCommand } from '../../core/log/admin-command.ts';
import type { SeededRandom } from '../../core/log/prng.ts';
import type { Statement } from '../../core/log/statement.ts';
import type { QuorumThresholds } from '../../core/log/types/admin.ts';
import type { StatementBodies } from '../../core/log/types/index.ts';
import { formatTimestamp } from '../../core/log/time.ts';
import type { AgentState, TenantState } from '../../core/registry/state.ts';
import type { DemoWriter } from './demo-writer.ts';
import type { DemoScore } from './trust-model.ts';

/**
 * One function per kind of registry operation the demo performs, each writing the statement(s) a
 * correct registry logs for it (docs/protocol.md §4) with the signers §4's table requires. Each
 * returns the index of the (last) entry it wrote. They throw whatever the fold throws (§5.3): the
 * demo never logs a statement the registry would refuse.
 */

export type AgentProfile = Omit<StatementBodies['agent.registered'], 'key' | 'parent'>;

/** Index of the entry appended last. */
function lastIndex(w: DemoWriter): number {
  return w.entries.length - 1;
}

export function tenantOf(w: DemoWriter, tenant: string): TenantState {
  const t = w.state.tenants.get(tenant);
  if (t === undefined) throw new ProtocolError('INVALID_ARGUMENT', `unknown tenant ${tenant}`);
  return t;
}

export function agentOf(w: DemoWriter, agent: string): AgentState {
  const a = w.state.agents.get(agent);
  if (a === undefined) throw new ProtocolError('INVALID_ARGUMENT', `unknown agent ${agent}`);
  return a;
}

/** Enrolled admins of `tenant`, in enrolment order. */
export function enrolledAdmins(w: DemoWriter, tenant: string): string[] {
  return [...tenantOf(w, tenant).admins.values()].filter((a) => a.removed === undefined).map((a) => a.key);
}

/** A fresh RFC 9562 version-4 tenant id whose prefix is unused. */
export function newTenantId(w: DemoWriter, random: SeededRandom): string {
  for (;;) {
    const b = random.bytes(16);
    b[6] = ((b[6] as number) & 0x0f) | 0x40;
    b[8] = ((b[8] as number) & 0x3f) | 0x80;
    const h = bytesToHex(b);
    const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    if (!w.state.tenantPrefixes.has(id.slice(0, 8))) return id;
  }
}

/** `tenant.created`, signed by the registry (§4.1). */
export function createTenant(w: DemoWriter, id: string, name: string, atMs: number): number {
  w.append(w.statement('tenant.created', id, id, { name }, w.timeAt(atMs)), [w.registry]);
  return lastIndex(w);
}

/**
 * `admin.enrolled` (§4.2): the new admin's key proves possession; the first admin is vouched for
 * by the registry, later ones by the tenant's admin quorum.
 */
export function enrolAdmin(w: DemoWriter, tenant: string, adminDid: string, name: string, atMs: number): number {
  const t = tenantOf(w, tenant);
  const current = enrolledAdmins(w, tenant);
  const authorisers = current.length === 0 ? [w.registry] : current.slice(0, t.policy.thresholds.admin).map((d) => w.signer('admin', d));
  w.append(w.statement('admin.enrolled', tenant, adminDid, { seq: t.govSeq + 1, name }, w.timeAt(atMs)), [w.signer('new_key', adminDid), ...authorisers]);
  return lastIndex(w);
}

/** `policy.quorum_set` (§4.4), signed under the policy in force before it. */
export function setQuorum(w: DemoWriter, tenant: string, thresholds: QuorumThresholds, atMs: number): number {
  const t = tenantOf(w, tenant);
  const signers = enrolledAdmins(w, tenant)
    .slice(0, t.policy.thresholds.policy)
    .map((d) => w.signer('admin', d));
  w.append(w.statement('policy.quorum_set', tenant, tenant, { seq: t.govSeq + 1, thresholds }, w.timeAt(atMs)), signers);
  return lastIndex(w);
}

function newAgentId(tenant: string, atMs: number, random: SeededRandom): string {
  return `maip:${tenant.slice(0, 8)}:${newUlid(atMs, random.bytes(10))}`;
}

/**
 * Registers a root agent (§4.5) with a fresh key, co-signed by `adminDid` or, when absent, by the
 * registry (which vouches for its own authentication of the caller). Returns the agent id.
 */
export function registerRoot(w: DemoWriter, random: SeededRandom, tenant: string, profile: AgentProfile, atMs: number, adminDid?: string): string {
  const key = w.addKey(random.bytes(32));
  const time = w.timeAt(atMs);
  const id = newAgentId(tenant, w.clockMs, random);
  const authoriser = adminDid === undefined ? w.registry : w.signer('admin', adminDid);
  w.append(w.statement('agent.registered', tenant, id, { key, ...profile }, time), [w.signer('agent', key), authoriser]);
  return id;
}

/**
 * The parent grants a delegation to a new child id and key (§4.10), and the child registers under
 * it a few seconds later (§4.5). Returns the child and delegation ids.
 */
export function registerDelegate(
  w: DemoWriter,
  random: SeededRandom,
  parent: string,
  profile: AgentProfile,
  atMs: number,
): { child: string; delegation: string } {
  const p = agentOf(w, parent);
  const key = w.addKey(random.bytes(32));
  const grantTime = w.timeAt(atMs);
  const child = newAgentId(p.tenant, w.clockMs, random);
  const delegation = `del_${newUlid(w.clockMs, random.bytes(10))}`;
  w.append(w.statement('delegation.granted', p.tenant, delegation, { parent, child, child_key: key, scopes: profile.scopes }, grantTime), [
    w.signer('parent', p.currentKey),
  ]);
  const time = w.timeAt(w.clockMs + random.int(800, 9_000));
  w.append(w.statement('agent.registered', p.tenant, child, { key, ...profile, parent: { agent: parent, delegation } }, time), [w.signer('agent', key)]);
  return { child, delegation };
}

/** `delegation.revoked` (§4.11), signed by the parent's current key; revokes the child's subtree. */
export function revokeDelegation(w: DemoWriter, delegation: string, reason: string, atMs: number): number {
  const d = w.state.delegations.get(delegation);
  if (d === undefined) throw new ProtocolError('INVALID_ARGUMENT', `unknown delegation ${delegation}`);
  const parent = agentOf(w, d.parent);
  w.append(w.statement('delegation.revoked', d.tenant, delegation, { reason }, w.timeAt(atMs)), [w.signer('parent', parent.currentKey)]);
  return lastIndex(w);
}

/**
 * A challenge-response session (§4.12): the registry's challenge statement (fresh nonce and session
 * id, `scopes` as requested, expiry `ttlMs` later) signed by the agent's current key.
 */
export function authenticate(w: DemoWriter, random: SeededRandom, agent: string, scopes: string[], atMs: number, ttlMs: number): number {
  const a = agentOf(w, agent);
  const time = w.timeAt(atMs);
  const body = {
    session_id: `sess_${bytesToBase64Url(random.bytes(16))}`,
    nonce: bytesToBase64Url(random.bytes(32)),
    scopes,
    expires_at: formatTimestamp(w.clockMs + ttlMs),
  };
  w.append(w.statement('session.authenticated', a.tenant, agent, body, time), [w.signer('agent', a.currentKey)]);
  return lastIndex(w);
}

/** `trust.score_recorded` (§4.13), signed by the registry. */
export function recordScore(w: DemoWriter, agent: string, score: DemoScore, atMs: number, reason?: string): number {
  const a = agentOf(w, agent);
  const body = { factors: { ...score.factors }, score: score.score, band: score.band, flags: score.flags, ...(reason === undefined ? {} : { reason }) };
  w.append(w.statement('trust.score_recorded', a.tenant, agent, body, w.timeAt(atMs)), [w.registry]);
  return lastIndex(w);
}

/** The registry's automatic suspension (§4.14) after the agent's latest score fell into 0–29. */
export function autoSuspend(w: DemoWriter, agent: string, atMs: number): number {
  const a = agentOf(w, agent);
  const score = a.trust.last?.score ?? 0;
  const detail = `Latest trust score ${score} is in the suspension band (0–29): suspended automatically pending review.`;
  w.append(w.statement('agent.suspended', a.tenant, agent, { by: 'registry', trigger: 'trust_score', score, detail }, w.timeAt(atMs)), [w.registry]);
  return lastIndex(w);
}

/**
 * `agent.key_rotated` (§4.7) to a fresh key, signed by the new key and by the current key or, for
 * recovery after a compromise, by `adminDid`. Returns the new did:key.
 */
export function rotateKey(w: DemoWriter, random: SeededRandom, agent: string, atMs: number, adminDid?: string): string {
  const a = agentOf(w, agent);
  const key = w.addKey(random.bytes(32));
  const authoriser = adminDid === undefined ? w.signer('agent', a.currentKey) : w.signer('admin', adminDid);
  w.append(w.statement('agent.key_rotated', a.tenant, agent, { previous_key: a.currentKey, new_key: key }, w.timeAt(atMs)), [
    authoriser,
    w.signer('new_key', key),
  ]);
  return key;
}

/** `agent.key_compromised` (§4.8) for `key`, reported by `adminDid`. */
export function reportCompromise(w: DemoWriter, agent: string, key: string, compromisedAtMs: number, reason: string, adminDid: string, atMs: number): number {
  const a = agentOf(w, agent);
  const time = w.timeAt(atMs);
  const body = { key, compromised_at: formatTimestamp(Math.min(compromisedAtMs, w.clockMs)), reason };
  w.append(w.statement('agent.key_compromised', a.tenant, agent, body, time), [w.signer('admin', adminDid)]);
  return lastIndex(w);
}

/** `agent.scopes_changed` (§4.9) by the agent (narrowing only) or by `adminDid`. */
export function changeScopes(w: DemoWriter, agent: string, scopes: string[], atMs: number, adminDid?: string): number {
  const a = agentOf(w, agent);
  const signer = adminDid === undefined ? w.signer('agent', a.currentKey) : w.signer('admin', adminDid);
  w.append(w.statement('agent.scopes_changed', a.tenant, agent, { scopes }, w.timeAt(atMs)), [signer]);
  return lastIndex(w);
}

/** `agent.metadata_updated` (§4.6) by the agent or by `adminDid`. */
export function updateMetadata(w: DemoWriter, agent: string, fields: StatementBodies['agent.metadata_updated'], atMs: number, adminDid?: string): number {
  const a = agentOf(w, agent);
  const signer = adminDid === undefined ? w.signer('agent', a.currentKey) : w.signer('admin', adminDid);
  w.append(w.statement('agent.metadata_updated', a.tenant, agent, fields, w.timeAt(atMs)), [signer]);
  return lastIndex(w);
}

export interface CommandOptions {
  readonly targets: readonly string[];
  readonly cascade: boolean;
  readonly reason: UnsignedAdminCommand['reason'];
  /** did:keys of the signing admins. */
  readonly signers: readonly string[];
  /** When the first admin issues the command. */
  readonly atMs: number;
  /** From issue to logging (approvals, transport); within the command's lifetime. */
  readonly delayMs: number;
  readonly ttlMs: number;
}

/**
 * An admin command (§7.1) signed by `signers` and logged by the registry as `agent.suspended`,
 * `agent.reinstated` or `agent.revoked` (§7.2), `delayMs` after issue. Returns the entry index.
 */
export function runAdminCommand(w: DemoWriter, random: SeededRandom, tenant: string, action: AdminAction, options: CommandOptions): number {
  const issuedMs = Math.max(options.atMs, w.clockMs + 1);
  const command: UnsignedAdminCommand = {
    format: ADMIN_COMMAND_FORMAT,
    origin: w.origin,
    tenant,
    action,
    targets: [...options.targets],
    cascade: options.cascade,
    reason: options.reason,
    issued_at: formatTimestamp(issuedMs),
    expires_at: formatTimestamp(issuedMs + options.ttlMs),
    nonce: bytesToBase64Url(random.bytes(32)),
  };
  const signed = signAdminCommand(
    command,
    options.signers.map((d) => w.signer('admin', d)),
  );
  const type = action === 'suspend' ? 'agent.suspended' : action === 'reinstate' ? 'agent.reinstated' : 'agent.revoked';
  const time = w.timeAt(issuedMs + Math.min(options.delayMs, options.ttlMs - 1_000));
  // The three types share the admin body shape; `Statement` is their union.
  const statement = w.statement(type, tenant, options.targets[0] as string, { by: 'admin', command: signed }, time) as Statement;
  w.append(statement, [w.registry]);
  return lastIndex(w);
}
