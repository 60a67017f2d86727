import { scopesCovered, uncoveredScopes } from '../log/scope.ts';
import { timestampMs } from '../log/time.ts';
import { MAX_SESSION_TTL_MS } from '../log/types/session.ts';
import { recomputeScore } from '../trust/score.ts';
import {
  agentOf,
  checkAgentSignature,
  checkNotRevoked,
  checkRegistrySignature,
  expectRoles,
  noteAgentSigned,
  onlySignature,
} from './authorise.ts';
import { invalid, NO_CHANGES, type ApplyContext, type Commit } from './context.ts';

/**
 * Sessions and trust scores (docs/protocol.md §4.12–4.13, §5.2):
 * - a session is the agent's signature (current key, not compromised) over the registry's challenge
 *   statement; only active agents authenticate; the session's scopes are within the agent's; it
 *   expires after `time` and at most 24 hours later; the same session id twice in a row is a replay;
 * - a trust score is signed by the registry, for an agent that is not revoked, and its score and
 *   band must be exactly those recomputed from its factors (src/core/trust/score.ts).
 */

export function applySessionAuthenticated(ctx: ApplyContext<'session.authenticated'>): Commit {
  const { state, entry, index } = ctx;
  const { body } = entry;
  const agent = agentOf(ctx, entry.subject);
  expectRoles(ctx, { agent: 1 });
  checkAgentSignature(ctx, agent, onlySignature(ctx, 'agent'));
  if (agent.status !== 'active') invalid(ctx, 'AGENT_NOT_ACTIVE', `agent is ${agent.status}`);
  if (!scopesCovered(agent.scopes, body.scopes)) {
    invalid(ctx, 'SCOPE_WIDENING', 'session scopes exceed the agent scopes', { widened: uncoveredScopes(agent.scopes, body.scopes) });
  }
  const ttl = timestampMs(body.expires_at) - timestampMs(entry.time);
  if (ttl <= 0 || ttl > MAX_SESSION_TTL_MS) invalid(ctx, 'SESSION_LIFETIME', 'session must expire after time and within 24 hours', { ttl });
  if (agent.sessions.last?.id === body.session_id) invalid(ctx, 'SESSION_REPLAYED', 'session id repeats the previous session');
  return () => {
    agent.sessions.count++;
    agent.sessions.last = { id: body.session_id, time: entry.time, expiresAt: body.expires_at, index };
    state.totals.sessions++;
    noteAgentSigned(ctx, agent);
    return NO_CHANGES;
  };
}

/** Validates a `trust.score_recorded` entry against the state (docs/protocol.md §5.2) and returns its commit. Throws the codes of §5.3. */
export function applyTrustScoreRecorded(ctx: ApplyContext<'trust.score_recorded'>): Commit {
  const { state, entry, index, stamp } = ctx;
  const { body } = entry;
  const agent = agentOf(ctx, entry.subject);
  expectRoles(ctx, { registry: 1 });
  checkRegistrySignature(ctx, onlySignature(ctx, 'registry'));
  checkNotRevoked(ctx, agent);
  const expected = recomputeScore(body.factors);
  if (expected.score !== body.score || expected.band !== body.band) {
    invalid(ctx, 'TRUST_SCORE_MISMATCH', 'recorded score or band differs from the one recomputed from its factors', {
      recorded: { score: body.score, band: body.band },
      expected: { score: expected.score, band: expected.band, weighted: expected.weighted },
    });
  }
  return () => {
    const trust = agent.trust;
    trust.count++;
    trust.last = { score: body.score, band: body.band, time: entry.time, index };
    if (trust.lowest === undefined || body.score < trust.lowest.score) trust.lowest = { score: body.score, time: entry.time, index };
    if (body.band !== 'suspension') delete trust.suspensionBandSince;
    else if (agent.status === 'active' && trust.suspensionBandSince === undefined) trust.suspensionBandSince = stamp;
    state.totals.trustScores++;
    return NO_CHANGES;
  };
}
