import type { ApiArgs, ApiResult } from '../../../core/api/contract.ts';
import type { AgentDetail } from '../../../core/api/schemas/agents.ts';
import { parseMaipAgentId } from '../../../core/identity/maip-id.ts';
import type { AgentState } from '../../../core/registry/state.ts';
import type { AppReadContext } from '../app-context.ts';
import { agentStatusEvents, statusHistory, type AgentStatusEvent } from './agent-history.ts';
import { delegatesBelow, delegationChain } from './delegation-tree.ts';
import { proofAgainstVerified } from './inclusion-proof.ts';
import { notFound, requireOrigin } from './not-found.ts';
import { reportFindings } from './report-findings.ts';

/**
 * agents.get: everything about one agent for the Agent detail screen: identity (with the profile
 * fields its AgentState keeps: description, version, purpose), scopes, status, key timeline,
 * delegation chain above and delegates below, sessions and trust summaries, status history, the
 * latest report's findings about it, and its revocation (or current suspension) with an inclusion
 * proof. Throws APP_NOT_FOUND for an unknown origin or agent.
 */
export function getAgent(ctx: AppReadContext, args: ApiArgs<'agents.get'>): ApiResult<'agents.get'> {
  requireOrigin(ctx, args.originId);
  const db = ctx.store.db;
  const row = db
    .prepare('SELECT a.*, t.name AS tenant_name FROM agents a LEFT JOIN tenants t ON t.origin_id = a.origin_id AND t.id = a.tenant WHERE a.origin_id = ? AND a.id = ?')
    .get(args.originId, args.agentId) as AgentTableRow | undefined;
  if (row === undefined) throw notFound(`The replica has no agent ${args.agentId}.`);
  const state = JSON.parse(row.state) as AgentState;
  const events = agentStatusEvents(ctx, args.originId, row.id);
  const below = delegatesBelow(ctx, args.originId, state.children ?? []);
  return {
    identity: {
      id: row.id,
      did: row.current_key,
      maipId: maipIdOf(row.id),
      displayName: row.display_name,
      tenant: row.tenant,
      tenantName: row.tenant_name,
      owner: row.owner,
      description: state.description ?? null,
      version: state.version ?? null,
      purpose: state.purpose ?? null,
      capabilities: (JSON.parse(row.capabilities) as string[]).slice(0, 1000),
      registeredIndex: row.registered_idx,
      registeredTime: row.registered_time,
    },
    scopes: (JSON.parse(row.scopes) as string[]).slice(0, 1000),
    status: { status: row.status, sinceIndex: row.status_since_idx, sinceTime: row.status_since_time, by: row.status_by, cascadeFrom: row.cascade_from },
    keys: keyTimeline(ctx, args.originId, row.id),
    delegatedBy: delegationChain(ctx, args.originId, row.parent),
    delegates: below.nodes,
    delegatesTotal: below.total,
    sessions: { count: row.session_count, lastId: row.last_session_id, lastTime: row.last_session_time },
    trust: { count: row.trust_count, score: row.trust_score, band: row.trust_band, lowest: row.trust_lowest },
    statusHistory: statusHistory(events),
    findings: reportFindings(ctx, args.originId)
      .filter((f) => f.agentId === row.id)
      .slice(0, 1000)
      .map((f) => ({ code: f.code, severity: f.severity, message: f.message, index: f.index })),
    revocation: revocationOf(ctx, args.originId, row.status, events),
  };
}

interface AgentTableRow {
  id: string;
  tenant: string;
  /** tenants.name, joined; null when the replica has no such tenant. */
  tenant_name: string | null;
  display_name: string;
  owner: string | null;
  status: AgentDetail['status']['status'];
  status_since_idx: number;
  status_since_time: string;
  status_by: string;
  cascade_from: string | null;
  current_key: string;
  parent: string | null;
  scopes: string;
  capabilities: string;
  registered_idx: number;
  registered_time: string;
  session_count: number;
  last_session_id: string | null;
  last_session_time: string | null;
  trust_count: number;
  trust_score: number | null;
  trust_band: AgentDetail['trust']['band'];
  trust_lowest: number | null;
  state: string;
}

/** The id itself when it is a MAIP agent id (maip-formats.md §2–3), else null. */
function maipIdOf(id: string): string | null {
  try {
    parseMaipAgentId(id);
    return id;
  } catch {
    return null;
  }
}

function keyTimeline(ctx: AppReadContext, originId: number, agentId: string): AgentDetail['keys'] {
  const rows = ctx.store.db
    .prepare(
      `SELECT position, key, added_idx, added_time, retired_idx, retired_time, compromised_at, reported_idx, last_used_time, used_after_compromise
       FROM agent_keys WHERE origin_id = ? AND agent = ? ORDER BY position LIMIT 10000`,
    )
    .all(originId, agentId) as {
    position: number;
    key: string;
    added_idx: number;
    added_time: string;
    retired_idx: number | null;
    retired_time: string | null;
    compromised_at: string | null;
    reported_idx: number | null;
    last_used_time: string | null;
    used_after_compromise: number;
  }[];
  return rows.map((k) => ({
    position: k.position,
    did: k.key,
    addedIndex: k.added_idx,
    addedTime: k.added_time,
    retiredIndex: k.retired_idx,
    retiredTime: k.retired_time,
    compromisedAt: k.compromised_at,
    reportedIndex: k.reported_idx,
    lastUsedTime: k.last_used_time,
    usedAfterCompromise: k.used_after_compromise,
  }));
}

/**
 * The entry that revoked the agent (the latest revocation), or, while it is suspended, the latest
 * suspension; null otherwise. With its inclusion proof against the latest verified checkpoint.
 */
function revocationOf(ctx: AppReadContext, originId: number, status: string, events: readonly AgentStatusEvent[]): AgentDetail['revocation'] {
  const wanted = status === 'revoked' ? 'revoke' : status === 'suspended' ? 'suspend' : null;
  const event = wanted === null ? undefined : events.findLast((e) => e.action === wanted);
  if (event === undefined) return null;
  const data = ctx.store.getEntry(originId, event.index);
  return {
    index: event.index,
    time: event.time,
    action: event.action,
    reason: event.reason,
    proof: data === undefined ? null : proofAgainstVerified(ctx.store, originId, event.index, data),
  };
}
