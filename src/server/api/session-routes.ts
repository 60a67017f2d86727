/**
 * Sessions by challenge-response (docs/protocol.md §4.12, §11.6), rate-limited per client:
 *   POST /v1/sessions/challenge   { agent, scopes?, ttl_seconds? } → the unsigned
 *        `session.authenticated` statement the registry built (fresh nonce, session id, expiry), its
 *        signing input, the key that must sign it; answerable once within `challengeTtlMs`
 *   POST /v1/sessions             { nonce, signature } → logs the statement with the agent's
 *        signature (the fold verifies it and the agent's status), and returns a session token
 *   POST /v1/sessions/introspect  { token } → whether the token is live (unexpired, agent active,
 *        signing key not reported compromised)
 * Policy: a challenge is single use (taken on the first answer, right or wrong); an agent has at most
 * `maxChallengesPerAgent` outstanding; the token (random, 32 bytes) is stored only as its SHA-256,
 * in the same transaction as the entry, and lives as long as the session (at most 24 h, default 15
 * min). The token is not logged (protocol §4.12); the entry is.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { bytesToBase64Url } from '../../core/encoding/index.ts';
import { canonicalBytes } from '../../core/jcs.ts';
import { agentIdSchema, nonceSchema, scopesSchema, signatureValueSchema } from '../../core/log/fields.ts';
import { scopesCovered, uncoveredScopes } from '../../core/log/scope.ts';
import { STATEMENT_FORMAT, validateStatement, type Statement } from '../../core/log/statement.ts';
import { formatTimestamp, timestampMs } from '../../core/log/time.ts';
import { agentKeyRecord } from '../../core/registry/queries.ts';
import { HttpError } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import { prepareEntry } from '../log/prepared-entry.ts';
import type { RegistryContext } from './context.ts';
import { agentOr404, readBody } from './request.ts';
import { appendedReply, wantsCheckpoint } from './statements.ts';

export const DEFAULT_SESSION_TTL_SECONDS = 900;
const MAX_SESSION_TTL_SECONDS = 86_400;

const challengeBody = z.strictObject({
  agent: agentIdSchema,
  scopes: scopesSchema.optional(),
  ttl_seconds: z.int().min(60).max(MAX_SESSION_TTL_SECONDS).optional(),
});
const answerBody = z.strictObject({ nonce: nonceSchema, signature: signatureValueSchema });
const introspectBody = z.strictObject({ token: z.string().min(1).max(128) });

const TOKEN_PATTERN = /^wst_[A-Za-z0-9_-]{43}$/;

function tokenHash(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

export function sessionRoutes(context: RegistryContext): Route[] {
  const { sequencer, sessions, keys, limits } = context;
  return [
    {
      method: 'POST',
      path: '/v1/sessions/challenge',
      rateLimit: 'session',
      handler: async (ctx) => {
        const body = await readBody(ctx, challengeBody);
        const agent = agentOr404(sequencer.state, body.agent);
        if (agent.status !== 'active') throw new HttpError(409, 'AGENT_NOT_ACTIVE', `the agent is ${agent.status}`);
        const scopes = body.scopes ?? [...agent.scopes];
        if (!scopesCovered(agent.scopes, scopes)) {
          throw new HttpError(409, 'SCOPE_WIDENING', 'the requested scopes exceed the agent scopes', { details: { widened: uncoveredScopes(agent.scopes, scopes) } });
        }
        const now = context.now();
        sessions.expire(now);
        if (sessions.countChallenges(agent.id) >= limits.maxChallengesPerAgent) {
          throw new HttpError(429, 'RATE_LIMITED', 'too many outstanding challenges for this agent', { headers: { 'retry-after': String(Math.ceil(limits.challengeTtlMs / 1000)) } });
        }
        const time = formatTimestamp(now);
        const statement = validateStatement({
          format: STATEMENT_FORMAT,
          origin: keys.origin,
          type: 'session.authenticated',
          tenant: agent.tenant,
          subject: agent.id,
          time,
          body: {
            session_id: `sess_${bytesToBase64Url(randomBytes(16))}`,
            nonce: bytesToBase64Url(randomBytes(32)),
            scopes,
            expires_at: formatTimestamp(now + 1000 * (body.ttl_seconds ?? DEFAULT_SESSION_TTL_SECONDS)),
          },
        });
        if (statement.type !== 'session.authenticated') throw new Error('unreachable');
        const expiresMs = now + limits.challengeTtlMs;
        sessions.addChallenge({ nonce: statement.body.nonce, agent: agent.id, key: agent.currentKey, statement: JSON.stringify(statement), expires_ms: expiresMs });
        return {
          status: 201,
          json: {
            statement,
            signing_input: bytesToBase64Url(canonicalBytes(statement)),
            key: agent.currentKey,
            nonce: statement.body.nonce,
            challenge_expires_at: formatTimestamp(expiresMs),
          },
        };
      },
    },
    {
      method: 'POST',
      path: '/v1/sessions',
      rateLimit: 'session',
      handler: async (ctx) => {
        const wait = wantsCheckpoint(ctx);
        const body = await readBody(ctx, answerBody);
        const now = context.now();
        const challenge = sessions.takeChallenge(body.nonce);
        if (challenge === undefined) throw new HttpError(404, 'CHALLENGE_UNKNOWN', 'no outstanding challenge has this nonce');
        if (challenge.expires_ms <= now) throw new HttpError(410, 'CHALLENGE_EXPIRED', 'the challenge expired; ask for a new one');
        const statement = JSON.parse(challenge.statement) as Statement;
        const prepared = prepareEntry({ ...statement, signatures: [{ role: 'agent', key: challenge.key, sig: body.signature }] });
        if (prepared.entry.type !== 'session.authenticated') throw new Error('unreachable');
        const { session_id: sessionId, expires_at: expiresAt, scopes } = prepared.entry.body;
        const token = `wst_${bytesToBase64Url(randomBytes(32))}`;
        const result = await sequencer.appendEntries([prepared], {
          inTransaction: ([appended]) => {
            if (appended === undefined) return;
            sessions.addToken(tokenHash(token), { session_id: sessionId, agent: challenge.agent, entry_idx: appended.index, expires_ms: timestampMs(expiresAt) });
          },
        });
        return appendedReply(context, result, wait, { session_id: sessionId, token, expires_at: expiresAt, agent: challenge.agent, scopes });
      },
    },
    {
      method: 'POST',
      path: '/v1/sessions/introspect',
      rateLimit: 'session',
      handler: async (ctx) => {
        const body = await readBody(ctx, introspectBody);
        const row = TOKEN_PATTERN.test(body.token) ? sessions.token(tokenHash(body.token)) : undefined;
        const now = context.now();
        if (row === undefined || row.expires_ms <= now) return { status: 200, json: { active: false } };
        const agent = sequencer.state.agents.get(row.agent);
        const entry = sequencer.readEntry(row.entry_idx);
        const signed = entry === undefined ? undefined : (JSON.parse(Buffer.from(entry).toString('utf8')) as { signatures: { key: string }[]; body: { scopes: string[] } });
        const key = signed?.signatures[0]?.key;
        const record = key === undefined ? undefined : agentKeyRecord(sequencer.state, key)?.record;
        if (agent?.status !== 'active' || record === undefined || record.compromisedAt !== undefined) return { status: 200, json: { active: false } };
        return {
          status: 200,
          json: {
            active: true,
            session_id: row.session_id,
            agent: agent.id,
            tenant: agent.tenant,
            scopes: signed?.body.scopes ?? [],
            expires_at: formatTimestamp(row.expires_ms),
            index: String(row.entry_idx),
          },
        };
      },
    },
  ];
}
