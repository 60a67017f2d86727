import { z } from 'zod';
import { agentIdSchema, blockText, didKeySchema, scopesSchema } from '../fields.ts';

/**
 * Delegations (docs/protocol.md §4.10–4.11). Subject: the delegation id `del_<ULID>`. A delegation
 * is granted by the parent to a child agent id and key that do not exist yet; the child's
 * `agent.registered` then names it. One parent per agent, so agents form trees per tenant.
 */

export const delegationGrantedBody = z
  .strictObject({
    parent: agentIdSchema,
    child: agentIdSchema,
    /** The key the child must register with (MAIP child_public_key, which we do check). */
    child_key: didKeySchema,
    /** What the child may hold: ⊆ the parent's scopes, never `*:*`. */
    scopes: scopesSchema,
  })
  .refine((body) => body.parent !== body.child, 'an agent cannot delegate to itself');

export const delegationRevokedBody = z.strictObject({
  reason: blockText(1000).optional(),
});
