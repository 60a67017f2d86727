import { z } from 'zod';
import {
  agentIdSchema,
  blockText,
  capabilitiesSchema,
  delegationIdSchema,
  didKeySchema,
  lineText,
  scopesSchema,
  timestampSchema,
} from '../fields.ts';

/**
 * Agent lifecycle statements (docs/protocol.md §4.5–4.9). Subject: the agent id
 * `maip:<tenant8>:<ULID>` whose prefix is the first 8 hex digits of the envelope's tenant.
 * Optional fields are absent, never `null`.
 */

const profile = {
  display_name: lineText(256),
  owner: lineText(256).optional(),
  description: blockText(2000).optional(),
  version: lineText(64).optional(),
  purpose: blockText(1000).optional(),
};

export const agentRegisteredBody = z.strictObject({
  /** The agent's first key (did:key). The agent signs the statement with it (proof of possession). */
  key: didKeySchema,
  ...profile,
  capabilities: capabilitiesSchema,
  scopes: scopesSchema,
  /** Present for a delegated agent: the parent and the `delegation.granted` that authorises it. */
  parent: z.strictObject({ agent: agentIdSchema, delegation: delegationIdSchema }).optional(),
});

export const agentMetadataUpdatedBody = z
  .strictObject({
    display_name: profile.display_name.optional(),
    owner: profile.owner,
    description: profile.description,
    version: profile.version,
    purpose: profile.purpose,
    capabilities: capabilitiesSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'at least one field must change');

export const agentKeyRotatedBody = z
  .strictObject({
    /** The key being replaced: must be the agent's current key (binds the rotation to one state). */
    previous_key: didKeySchema,
    new_key: didKeySchema,
  })
  .refine((body) => body.previous_key !== body.new_key, 'the new key must differ from the previous one');

export const agentKeyCompromisedBody = z.strictObject({
  /** Any key the agent has held (current or retired). */
  key: didKeySchema,
  /** From this instant on, signatures by `key` are invalid (also retroactively, for verifiers). */
  compromised_at: timestampSchema,
  reason: blockText(1000).optional(),
});

export const agentScopesChangedBody = z.strictObject({
  scopes: scopesSchema,
});
