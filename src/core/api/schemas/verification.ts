import { z } from 'zod';
import { agentIdSchema, countSchema, decimalSchema, handleSchema, hexSchema, indexSchema, labelSchema, originIdSchema, severitySchema, textSchema, timeMsSchema } from './common.ts';

/** The Verification screen: run the independent verifier on a replica, and read its findings. */

export const verifyStartArgs = z.strictObject({ originId: originIdSchema });

export const findingViewSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
  severity: severitySchema,
  message: textSchema,
  /** Where it applies: an entry, an agent, a checkpoint size. */
  index: indexSchema.nullable(),
  agentId: agentIdSchema.nullable(),
  checkpointSize: decimalSchema.nullable(),
});
export type FindingView = z.output<typeof findingViewSchema>;

export const verificationReportSchema = z.object({
  originId: originIdSchema,
  jobId: handleSchema.nullable(),
  verdict: z.enum(['verified', 'failed']),
  atMs: timeMsSchema,
  treeSize: decimalSchema.nullable(),
  rootHex: hexSchema.nullable(),
  entries: countSchema,
  checkpoints: countSchema,
  elapsedMs: countSchema,
  counts: z.record(severitySchema, countSchema),
  firstBadEntry: z.object({ index: indexSchema, code: labelSchema, type: labelSchema.nullable(), subject: labelSchema.nullable() }).nullable(),
  /** Findings grouped by check (1–7 of the verifier), in check order. */
  checks: z
    .array(
      z.object({
        check: z.number().int().min(1).max(7),
        name: labelSchema,
        findings: z.array(findingViewSchema).max(5000),
        /** Findings of this check left out of the list (counted in `counts`). */
        omitted: countSchema,
      }),
    )
    .max(7),
  /** SHA-256 of the verification record's canonical bytes. */
  recordSha256Hex: hexSchema,
});
export type VerificationReport = z.output<typeof verificationReportSchema>;

export const verifyLatestArgs = z.strictObject({ originId: originIdSchema });
export const verifyLatestResult = z.object({ report: verificationReportSchema.nullable() });

export const verifyExportResult = z.object({
  fileName: labelSchema,
  /** The verification record: canonical JSON (src/node/verify/record.ts). */
  json: z.string().max(64 * 1024 * 1024),
});
