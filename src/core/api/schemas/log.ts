import { z } from 'zod';
import { inclusionProofResultSchema } from './agents.ts';
import { countSchema, decimalSchema, indexSchema, isoTimeSchema, keyTextSchema, labelSchema, originIdSchema, textSchema } from './common.ts';

/** The Log screen: entries by index, time, type or subject; one entry with its proof. */

export const MAX_LOG_PAGE = 500;

export const logListArgs = z.strictObject({
  originId: originIdSchema,
  /** Statement type (e.g. `agent.registered`). */
  type: z.string().max(64).optional(),
  /** Subject (agent id, delegation id, tenant). */
  subject: z.string().max(200).optional(),
  tenant: z.string().max(200).optional(),
  /** RFC 3339 bounds on the entry's time, inclusive. */
  timeFrom: isoTimeSchema.optional(),
  timeTo: isoTimeSchema.optional(),
  /** Start the page at this index (the first entry >= it in `asc`, <= it in `desc`). */
  fromIndex: indexSchema.optional(),
  direction: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(MAX_LOG_PAGE).default(100),
});

export const logRowSchema = z.object({
  index: indexSchema,
  type: labelSchema.nullable(),
  tenant: labelSchema.nullable(),
  subject: labelSchema.nullable(),
  time: isoTimeSchema.nullable(),
  /** The fold refused this entry (its rejection code), or null. */
  rejection: labelSchema.nullable(),
});
export type LogRow = z.output<typeof logRowSchema>;

export const logListResult = z.object({
  /** Entries in the replica (verified and folded). */
  entries: countSchema,
  /** Entries matching the filter. */
  total: countSchema,
  rows: z.array(logRowSchema).max(MAX_LOG_PAGE),
  /** The index to pass as `fromIndex` for the next page, or null at the end. */
  next: indexSchema.nullable(),
});

export const logTypesResult = z.object({ types: z.array(z.object({ type: labelSchema, count: countSchema })).max(100) });

export const logEntryArgs = z.strictObject({ originId: originIdSchema, index: indexSchema });

export const logEntryResult = z.object({
  index: indexSchema,
  type: labelSchema.nullable(),
  tenant: labelSchema.nullable(),
  subject: labelSchema.nullable(),
  time: isoTimeSchema.nullable(),
  /** The exact bytes of the entry (its JCS), as text. */
  canonicalJson: z.string().max(1024 * 1024),
  /** Each signature: the signer's role and key, and whether it verified just now. */
  signatures: z.array(z.object({ role: labelSchema, signer: keyTextSchema, valid: z.boolean() })).max(64),
  rejection: z.object({ code: labelSchema, rule: labelSchema.nullable(), message: textSchema }).nullable(),
  /** Inclusion proof against the latest verified checkpoint (null if the entry is beyond it). */
  proof: inclusionProofResultSchema.nullable(),
  treeSize: decimalSchema,
});
export type LogEntryView = z.output<typeof logEntryResult>;
