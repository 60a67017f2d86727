import { z } from 'zod';
import { adminCommandSchema } from '../admin-command.ts';
import { blockText } from '../fields.ts';

/**
 * Status changes (docs/protocol.md §4.14–4.16): `agent.suspended`, `agent.reinstated`,
 * `agent.revoked`. Signed by the registry, which logs either the admin command it accepted (whole,
 * with every admin signature, so the quorum can be re-checked from the log) or, for suspension only,
 * its own automatic decision after a trust score in the 0–29 band. Subject: the command's first
 * target, or the suspended agent.
 */

const byAdmin = z.strictObject({
  by: z.literal('admin'),
  command: adminCommandSchema,
});

const byRegistry = z.strictObject({
  by: z.literal('registry'),
  trigger: z.literal('trust_score'),
  /** The agent's latest recorded score, which must be in the suspension band. */
  score: z.int().min(0).max(29),
  detail: blockText(1000).optional(),
});

export const agentSuspendedBody = z.discriminatedUnion('by', [byAdmin, byRegistry]);
export const agentReinstatedBody = byAdmin;
export const agentRevokedBody = byAdmin;
