import { ALL_SCOPES, scopesCovered, uncoveredScopes } from '../log/scope.ts';
import {
  agentOf,
  checkAgentSignature,
  checkControlTime,
  checkEnrolledAdmin,
  checkKeyUnused,
  checkNewKeySignature,
  checkNotRevoked,
  checkRegistrySignature,
  expectRoles,
  hasRole,
  noteAgentSigned,
  onlySignature,
  tenantOf,
} from './authorise.ts';
import { invalid, NO_CHANGES, type ApplyContext, type Commit } from './context.ts';
import { MAX_DELEGATION_DEPTH } from './rules.ts';
import type { AgentState } from './state.ts';

/**
 * Agent lifecycle (docs/protocol.md §4.5–4.9, §5.2):
 * - registration: the agent's key signs (proof of possession) and must be new to the registry;
 *   a root agent is also signed by one enrolled admin or by the registry; a delegated agent needs
 *   an unused, unrevoked delegation from an active parent naming this id and key, depth <= 3, and
 *   scopes within the delegation and the parent's current scopes;
 * - metadata, key and scope changes are signed by the agent's current key or one enrolled admin, are
 *   refused for revoked agents, and must be newer than the previous control statement;
 * - a rotation names the current key and is co-signed by the new key; an agent whose current key was
 *   reported compromised can only be rotated by an admin (recovery);
 * - scopes never exceed the parent's, `*:*` is for root agents only, an agent may only narrow its own
 *   scopes, and a change may not leave a live child with scopes the parent no longer holds.
 */

export function applyAgentRegistered(ctx: ApplyContext<'agent.registered'>): Commit {
  const { state, entry, stamp } = ctx;
  const { body } = entry;
  const tenant = tenantOf(ctx);
  if (state.agents.has(entry.subject)) invalid(ctx, 'AGENT_EXISTS', 'agent id is already registered');
  let parent: AgentState | undefined;
  if (body.parent === undefined) {
    if (hasRole(ctx, 'admin')) {
      expectRoles(ctx, { agent: 1, admin: 1 });
      checkEnrolledAdmin(ctx, tenant, onlySignature(ctx, 'admin').key);
    } else {
      expectRoles(ctx, { agent: 1, registry: 1 });
      checkRegistrySignature(ctx, onlySignature(ctx, 'registry'));
    }
  } else {
    expectRoles(ctx, { agent: 1 });
    parent = checkDelegatedRegistration(ctx);
  }
  checkNewKeySignature(ctx, onlySignature(ctx, 'agent'), body.key);
  checkKeyUnused(ctx, body.key);
  return () => {
    const agent: AgentState = {
      id: entry.subject,
      tenant: tenant.id,
      displayName: body.display_name,
      capabilities: [...body.capabilities],
      scopes: [...body.scopes],
      depth: parent === undefined ? 0 : parent.depth + 1,
      children: [],
      status: 'active',
      statusRecord: { status: 'active', since: stamp, by: 'registration' },
      keys: [{ key: body.key, added: stamp, lastUsed: stamp }],
      currentKey: body.key,
      registered: stamp,
      lastControlTime: entry.time,
      lastAgentSigned: stamp,
      sessions: { count: 0 },
      trust: { count: 0 },
      ...optionalProfile(body),
      ...(body.parent === undefined ? {} : { parent: body.parent.agent, delegation: body.parent.delegation }),
    };
    state.agents.set(agent.id, agent);
    state.keys.set(body.key, { kind: 'agent', agent: agent.id });
    tenant.agentCount++;
    if (parent !== undefined && body.parent !== undefined) {
      parent.children.push(agent.id);
      const delegation = state.delegations.get(body.parent.delegation);
      if (delegation !== undefined) delegation.registered = stamp;
    }
    return NO_CHANGES;
  };
}

function optionalProfile(body: { owner?: string; description?: string; version?: string; purpose?: string }): Partial<AgentState> {
  const out: Partial<AgentState> = {};
  if (body.owner !== undefined) out.owner = body.owner;
  if (body.description !== undefined) out.description = body.description;
  if (body.version !== undefined) out.version = body.version;
  if (body.purpose !== undefined) out.purpose = body.purpose;
  return out;
}

/** Validates a delegated registration and returns the parent. */
function checkDelegatedRegistration(ctx: ApplyContext<'agent.registered'>): AgentState {
  const { state, entry } = ctx;
  const ref = entry.body.parent as { agent: string; delegation: string };
  const delegation = state.delegations.get(ref.delegation);
  if (delegation === undefined || delegation.tenant !== entry.tenant) invalid(ctx, 'DELEGATION_UNKNOWN', 'delegation does not exist');
  if (delegation.parent !== ref.agent || delegation.child !== entry.subject || delegation.childKey !== entry.body.key) {
    invalid(ctx, 'DELEGATION_MISMATCH', 'delegation names another parent, child or key', { delegation: delegation.id });
  }
  if (delegation.revoked !== undefined) invalid(ctx, 'DELEGATION_REVOKED', 'delegation was revoked', { delegation: delegation.id });
  const parent = agentOf(ctx, ref.agent);
  if (parent.status !== 'active') invalid(ctx, 'PARENT_NOT_ACTIVE', `parent is ${parent.status}`, { parent: parent.id });
  if (parent.depth + 1 > MAX_DELEGATION_DEPTH) {
    invalid(ctx, 'DEPTH_EXCEEDED', `delegation depth ${parent.depth + 1} exceeds ${MAX_DELEGATION_DEPTH}`, { depth: parent.depth + 1 });
  }
  checkDelegatedScopes(ctx, entry.body.scopes, [delegation.scopes, parent.scopes]);
  return parent;
}

/** A delegated agent's scopes: no `*:*`, and within every one of `bounds`. */
export function checkDelegatedScopes(ctx: ApplyContext, scopes: readonly string[], bounds: readonly (readonly string[])[]): void {
  if (scopes.includes(ALL_SCOPES)) invalid(ctx, 'WILDCARD_DELEGATED', '*:* is for root agents only');
  for (const bound of bounds) {
    if (!scopesCovered(bound, scopes)) invalid(ctx, 'SCOPE_WIDENING', 'scopes exceed what the parent holds or granted', { widened: uncoveredScopes(bound, scopes) });
  }
}

/**
 * Common authorisation of a control statement: signed by the agent's current key alone or by one
 * enrolled admin alone (`extra` roles may be required beside, e.g. `new_key`). Returns 'agent' or
 * 'admin'.
 */
function authoriseControl(ctx: ApplyContext, agent: AgentState, extra: { new_key?: 1 } = {}): 'agent' | 'admin' {
  const tenant = tenantOf(ctx);
  if (hasRole(ctx, 'admin')) {
    expectRoles(ctx, { admin: 1, ...extra });
    checkEnrolledAdmin(ctx, tenant, onlySignature(ctx, 'admin').key);
    return 'admin';
  }
  expectRoles(ctx, { agent: 1, ...extra });
  checkAgentSignature(ctx, agent, onlySignature(ctx, 'agent'));
  return 'agent';
}

/** Validates a `agent.metadata_updated` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyMetadataUpdated(ctx: ApplyContext<'agent.metadata_updated'>): Commit {
  const { entry } = ctx;
  const agent = agentOf(ctx, entry.subject);
  checkNotRevoked(ctx, agent);
  const by = authoriseControl(ctx, agent);
  checkControlTime(ctx, agent);
  return () => {
    const { body } = entry;
    if (body.display_name !== undefined) agent.displayName = body.display_name;
    Object.assign(agent, optionalProfile(body));
    if (body.capabilities !== undefined) agent.capabilities = [...body.capabilities];
    agent.lastControlTime = entry.time;
    if (by === 'agent') noteAgentSigned(ctx, agent);
    return NO_CHANGES;
  };
}

/** Validates a `agent.key_rotated` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyKeyRotated(ctx: ApplyContext<'agent.key_rotated'>): Commit {
  const { state, entry, stamp } = ctx;
  const agent = agentOf(ctx, entry.subject);
  checkNotRevoked(ctx, agent);
  if (entry.body.previous_key !== agent.currentKey) {
    invalid(ctx, 'PREVIOUS_KEY_NOT_CURRENT', 'previous_key is not the current key', { current: agent.currentKey });
  }
  const by = authoriseControl(ctx, agent, { new_key: 1 });
  checkNewKeySignature(ctx, onlySignature(ctx, 'new_key'), entry.body.new_key);
  checkKeyUnused(ctx, entry.body.new_key);
  checkControlTime(ctx, agent);
  return () => {
    if (by === 'agent') noteAgentSigned(ctx, agent);
    const current = agent.keys[agent.keys.length - 1];
    if (current !== undefined) current.retired = stamp;
    agent.keys.push({ key: entry.body.new_key, added: stamp, lastUsed: stamp });
    agent.currentKey = entry.body.new_key;
    state.keys.set(entry.body.new_key, { kind: 'agent', agent: agent.id });
    agent.lastControlTime = entry.time;
    return NO_CHANGES;
  };
}

/** Validates a `agent.key_compromised` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyKeyCompromised(ctx: ApplyContext<'agent.key_compromised'>): Commit {
  const { entry, stamp } = ctx;
  const agent = agentOf(ctx, entry.subject);
  const record = agent.keys.find((k) => k.key === entry.body.key);
  if (record === undefined) invalid(ctx, 'KEY_NOT_AGENTS', 'the agent never held this key', { key: entry.body.key });
  if (record.compromisedAt !== undefined) invalid(ctx, 'KEY_ALREADY_COMPROMISED', 'compromise already reported', { key: record.key });
  if (entry.body.compromised_at > entry.time) invalid(ctx, 'COMPROMISED_AT_IN_FUTURE', 'compromised_at is later than the report');
  // A revoked agent's key can still be reported (so verifiers flag what it signed), by an admin.
  const by = authoriseControl(ctx, agent);
  checkControlTime(ctx, agent);
  return () => {
    // The report itself is not a "use after compromise", even when the stolen key signs it.
    record.usedAfterCompromise = record.lastUsed !== undefined && record.lastUsed.time >= entry.body.compromised_at;
    record.compromisedAt = entry.body.compromised_at;
    record.compromiseReported = stamp;
    if (by === 'agent') agent.lastAgentSigned = stamp;
    agent.lastControlTime = entry.time;
    return NO_CHANGES;
  };
}

/** Validates a `agent.scopes_changed` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyScopesChanged(ctx: ApplyContext<'agent.scopes_changed'>): Commit {
  const { state, entry } = ctx;
  const agent = agentOf(ctx, entry.subject);
  checkNotRevoked(ctx, agent);
  const by = authoriseControl(ctx, agent);
  checkControlTime(ctx, agent);
  const scopes = entry.body.scopes;
  if (by === 'agent' && !scopesCovered(agent.scopes, scopes)) {
    invalid(ctx, 'SCOPE_WIDENING', 'an agent may only narrow its own scopes', { widened: uncoveredScopes(agent.scopes, scopes) });
  }
  if (agent.parent !== undefined) {
    const parent = state.agents.get(agent.parent);
    const delegation = agent.delegation === undefined ? undefined : state.delegations.get(agent.delegation);
    checkDelegatedScopes(ctx, scopes, [parent?.scopes ?? [], delegation?.scopes ?? []]);
  }
  for (const childId of agent.children) {
    const child = state.agents.get(childId);
    if (child !== undefined && child.status !== 'revoked' && !scopesCovered(scopes, child.scopes)) {
      invalid(ctx, 'CHILD_SCOPES_EXCEED', 'a live child holds scopes the agent would lose; narrow the child first', { child: childId });
    }
  }
  return () => {
    agent.scopes = [...scopes];
    agent.lastControlTime = entry.time;
    if (by === 'agent') noteAgentSigned(ctx, agent);
    return NO_CHANGES;
  };
}
