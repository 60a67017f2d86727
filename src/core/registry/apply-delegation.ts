import {
  agentOf,
  checkAgentSignature,
  checkKeyUnused,
  expectRoles,
  noteAgentSigned,
  onlySignature,
  tenantOf,
} from './authorise.ts';
import { checkDelegatedScopes } from './apply-agent.ts';
import { invalid, NO_CHANGES, type ApplyContext, type Commit, type StatusChange } from './context.ts';
import { descendantsOf } from './queries.ts';
import { MAX_DELEGATION_DEPTH } from './rules.ts';

/**
 * Delegations (docs/protocol.md §4.10–4.11, §5.2):
 * - granted by an active parent with its current key, to a child id that is not registered yet and
 *   a key that is bound to nothing; depth (parent + 1) <= 3; scopes within the parent's, never `*:*`;
 * - revoked by the parent (its current key). Revoking a delegation ends the child's authority, so the
 *   child and all its live descendants are revoked with it (always cascading). Admins end a
 *   delegation through the admin channel (`agent.revoked`), under their quorum policy, not here:
 *   otherwise one admin could kill an agent around a 2-of-N revoke policy.
 */

export function applyDelegationGranted(ctx: ApplyContext<'delegation.granted'>): Commit {
  const { state, entry, stamp } = ctx;
  const { body } = entry;
  tenantOf(ctx);
  if (state.delegations.has(entry.subject)) invalid(ctx, 'DELEGATION_EXISTS', 'delegation id is already used');
  const parent = agentOf(ctx, body.parent);
  if (parent.status !== 'active') invalid(ctx, 'PARENT_NOT_ACTIVE', `parent is ${parent.status}`, { parent: parent.id });
  expectRoles(ctx, { parent: 1 });
  checkAgentSignature(ctx, parent, onlySignature(ctx, 'parent'));
  if (state.agents.has(body.child)) invalid(ctx, 'AGENT_EXISTS', 'the child is already registered (one parent per agent)');
  checkKeyUnused(ctx, body.child_key);
  if (parent.depth + 1 > MAX_DELEGATION_DEPTH) {
    invalid(ctx, 'DEPTH_EXCEEDED', `delegation depth ${parent.depth + 1} exceeds ${MAX_DELEGATION_DEPTH}`, { depth: parent.depth + 1 });
  }
  checkDelegatedScopes(ctx, body.scopes, [parent.scopes]);
  return () => {
    state.delegations.set(entry.subject, {
      id: entry.subject,
      tenant: entry.tenant,
      parent: body.parent,
      child: body.child,
      childKey: body.child_key,
      scopes: [...body.scopes],
      granted: stamp,
    });
    noteAgentSigned(ctx, parent);
    return NO_CHANGES;
  };
}

/** Validates a `delegation.revoked` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyDelegationRevoked(ctx: ApplyContext<'delegation.revoked'>): Commit {
  const { state, entry, stamp } = ctx;
  tenantOf(ctx);
  const delegation = state.delegations.get(entry.subject);
  if (delegation === undefined || delegation.tenant !== entry.tenant) invalid(ctx, 'DELEGATION_UNKNOWN', 'delegation does not exist');
  if (delegation.revoked !== undefined) invalid(ctx, 'DELEGATION_REVOKED', 'delegation was already revoked');
  const parent = agentOf(ctx, delegation.parent);
  expectRoles(ctx, { parent: 1 });
  checkAgentSignature(ctx, parent, onlySignature(ctx, 'parent'));
  const child = delegation.registered === undefined ? undefined : state.agents.get(delegation.child);
  const affected =
    child === undefined || child.status === 'revoked'
      ? []
      : [child.id, ...descendantsOf(state, child.id).filter((id) => state.agents.get(id)?.status !== 'revoked')];
  return () => {
    delegation.revoked = stamp;
    noteAgentSigned(ctx, parent);
    const changes: StatusChange[] = [];
    for (const id of affected) {
      const agent = state.agents.get(id);
      if (agent === undefined) continue;
      changes.push({ agent: id, from: agent.status, to: 'revoked' });
      agent.status = 'revoked';
      agent.statusRecord = { status: 'revoked', since: stamp, by: 'parent', ...(id === child?.id ? {} : { cascadeFrom: child?.id ?? id }) };
      delete agent.trust.suspensionBandSince;
    }
    if (affected.length > 0) {
      state.statusActions.push({
        index: stamp.index,
        time: stamp.time,
        tenant: entry.tenant,
        action: 'revoke',
        by: 'parent',
        targets: [delegation.child],
        cascade: true,
        affected,
        reason: entry.body.reason ?? 'delegation revoked',
        delegation: delegation.id,
      });
    }
    return changes;
  };
}
