import { z } from 'zod';
import { nonceSchema, scopesSchema, sessionIdSchema, timestampSchema } from '../fields.ts';

/**
 * `session.authenticated` (docs/protocol.md §4.12). Subject: the agent id.
 *
 * Challenge-response: the registry builds this statement (its `time` is the challenge time, `nonce`
 * 32 fresh random bytes, `session_id` and `expires_at` chosen by the registry, `scopes` as asked)
 * and hands it to the agent as the challenge; the agent signs the statement's JCS bytes with its
 * current key (role `agent`) and returns the signature. The entry's own signature is therefore the
 * challenge response, and any verifier can check it from the log alone.
 */
export const MAX_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

export const sessionAuthenticatedBody = z.strictObject({
  session_id: sessionIdSchema,
  nonce: nonceSchema,
  /** ⊆ the agent's scopes at `time`. */
  scopes: scopesSchema,
  /** After `time`, at most 24 hours later (MAIP reference MaxTTL). */
  expires_at: timestampSchema,
});
