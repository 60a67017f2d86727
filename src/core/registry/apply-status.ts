import type { AdminAction, AdminCommand } from '../log/admin-command.ts';
import { timestampMs } from '../log/time.ts';
import { agentOf, checkAdminQuorum, checkRegistrySignature, expectRoles, onlySignature, tenantOf } from './authorise.ts';
import { invalid, type ApplyContext, type Commit, type StatusChange } from './context.ts';
import { descendantsOf } from './queries.ts';
import { MAX_CLOCK_SKEW_MS } from './rules.ts';
import type { AgentState, AgentStatus, RegistryState } from './state.ts';

/**
 * Suspend, reinstate, revoke (docs/protocol.md §4.14–4.16, §7; DESIGN §3 "Admin channel").
 *
 * Every status entry is signed by the registry. An admin-channel entry logs the whole command, and
 * the fold re-checks what the registry checked on receipt: single-use nonce per tenant, the entry's
 * time within [issued_at - 2 min, expires_at], every command signer an admin enrolled NOW, and at
 * least the threshold of the tenant's quorum policy NOW for the action. Targets must exist in the
 * tenant and be in a state the action applies to (suspend: active; reinstate: suspended; revoke:
 * not revoked). With `cascade`, the descendants the action applies to follow, breadth-first.
 * Without it they keep their status (a verifier reports such a non-cascading revocation).
 *
 * The registry may suspend on its own only after the agent's latest recorded trust score fell into
 * the 0–29 band, naming that score.
 */

const FROM_STATUS: Readonly<Record<AdminAction, (s: AgentStatus) => boolean>> = {
  suspend: (s) => s === 'active',
  reinstate: (s) => s === 'suspended',
  revoke: (s) => s !== 'revoked',
};
const TO_STATUS: Readonly<Record<AdminAction, AgentStatus>> = { suspend: 'suspended', reinstate: 'active', revoke: 'revoked' };

/** Validates a `agent.suspended` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyAgentSuspended(ctx: ApplyContext<'agent.suspended'>): Commit {
  const { body } = ctx.entry;
  if (body.by === 'admin') return applyAdminCommand(ctx, body.command);
  return applyAutomaticSuspension(ctx, body.score);
}

/** Validates a `agent.reinstated` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyAgentReinstated(ctx: ApplyContext<'agent.reinstated'>): Commit {
  return applyAdminCommand(ctx, ctx.entry.body.command);
}

/** Validates a `agent.revoked` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyAgentRevoked(ctx: ApplyContext<'agent.revoked'>): Commit {
  return applyAdminCommand(ctx, ctx.entry.body.command);
}

function applyAdminCommand(ctx: ApplyContext, command: AdminCommand): Commit {
  const { state, entry, stamp } = ctx;
  expectRoles(ctx, { registry: 1 });
  checkRegistrySignature(ctx, onlySignature(ctx, 'registry'));
  const tenant = tenantOf(ctx);
  if (tenant.commandNonces.has(command.nonce)) invalid(ctx, 'COMMAND_REPLAYED', 'command nonce was already used');
  const time = timestampMs(entry.time);
  if (time < timestampMs(command.issued_at) - MAX_CLOCK_SKEW_MS || time > timestampMs(command.expires_at)) {
    invalid(ctx, 'COMMAND_NOT_FRESH', 'command was logged outside its validity window', {
      time: entry.time,
      issuedAt: command.issued_at,
      expiresAt: command.expires_at,
    });
  }
  const threshold = checkAdminQuorum(ctx, tenant, command.signatures, command.action);
  const applies = FROM_STATUS[command.action];
  const targets = command.targets.map((id) => agentOf(ctx, id));
  for (const agent of targets) {
    if (!applies(agent.status)) invalid(ctx, 'AGENT_STATUS', `cannot ${command.action} an agent that is ${agent.status}`, { agent: agent.id });
  }
  const affected = affectedAgents(state, targets, command.cascade, applies);
  return () => {
    tenant.commandNonces.add(command.nonce);
    state.statusActions.push({
      index: stamp.index,
      time: stamp.time,
      tenant: tenant.id,
      action: command.action,
      by: 'admin',
      targets: [...command.targets],
      cascade: command.cascade,
      affected: affected.map(([id]) => id),
      reason: command.reason.detail === undefined ? command.reason.code : `${command.reason.code}: ${command.reason.detail}`,
      nonce: command.nonce,
      signers: command.signatures.map((s) => s.key),
      threshold,
      issuedAt: command.issued_at,
      expiresAt: command.expires_at,
    });
    return setStatus(state, ctx, affected, TO_STATUS[command.action], 'admin');
  };
}

/** Targets, then (with cascade) the descendants of each target the action applies to; no repeats. */
function affectedAgents(
  state: RegistryState,
  targets: readonly AgentState[],
  cascade: boolean,
  applies: (s: AgentStatus) => boolean,
): [string, string | undefined][] {
  const seen = new Set<string>(targets.map((t) => t.id));
  const out: [string, string | undefined][] = targets.map((t) => [t.id, undefined]);
  if (!cascade) return out;
  for (const target of targets) {
    for (const id of descendantsOf(state, target.id)) {
      const agent = state.agents.get(id);
      if (agent === undefined || seen.has(id) || !applies(agent.status)) continue;
      seen.add(id);
      out.push([id, target.id]);
    }
  }
  return out;
}

function setStatus(
  state: RegistryState,
  ctx: ApplyContext,
  affected: readonly [string, string | undefined][],
  to: AgentStatus,
  by: 'admin' | 'registry',
): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const [id, cascadeFrom] of affected) {
    const agent = state.agents.get(id);
    if (agent === undefined) continue;
    changes.push({ agent: id, from: agent.status, to });
    agent.status = to;
    agent.statusRecord = { status: to, since: ctx.stamp, by, ...(cascadeFrom === undefined ? {} : { cascadeFrom }) };
    if (to !== 'active') delete agent.trust.suspensionBandSince;
    else if (agent.trust.last?.band === 'suspension') agent.trust.suspensionBandSince = ctx.stamp;
  }
  return changes;
}

function applyAutomaticSuspension(ctx: ApplyContext, score: number): Commit {
  const { state, entry, stamp } = ctx;
  expectRoles(ctx, { registry: 1 });
  checkRegistrySignature(ctx, onlySignature(ctx, 'registry'));
  tenantOf(ctx);
  const agent = agentOf(ctx, entry.subject);
  if (agent.status !== 'active') invalid(ctx, 'AGENT_STATUS', `cannot suspend an agent that is ${agent.status}`);
  const last = agent.trust.last;
  if (last === undefined || last.band !== 'suspension' || last.score !== score) {
    invalid(ctx, 'AUTO_SUSPENSION_UNJUSTIFIED', "the agent's latest recorded score is not this score in the 0–29 band", {
      score,
      latest: last?.score,
    });
  }
  return () => {
    state.statusActions.push({
      index: stamp.index,
      time: stamp.time,
      tenant: entry.tenant,
      action: 'suspend',
      by: 'registry',
      targets: [agent.id],
      cascade: false,
      affected: [agent.id],
      reason: `trust_score: ${score}`,
    });
    return setStatus(state, ctx, [[agent.id, undefined]], 'suspended', 'registry');
  };
}
