import { z } from 'zod';
import { codedErrorSchema, countSchema, handleSchema, labelSchema, originIdSchema, timeMsSchema } from './common.ts';

/**
 * Long operations (sync, bundle import, verification, the demo) run as jobs: the call that starts
 * one returns its id at once, the window polls `jobs.get` for progress (every operation longer than
 * a second shows progress) and may `jobs.cancel` it.
 */

export const JOB_KINDS = ['sync', 'import', 'verify', 'demo'] as const;
export const JOB_STATES = ['running', 'succeeded', 'failed', 'cancelled'] as const;

export const jobSchema = z.object({
  id: handleSchema,
  kind: z.enum(JOB_KINDS),
  state: z.enum(JOB_STATES),
  /** What runs, for people ("Syncing registry.example/log"). */
  title: labelSchema,
  originId: originIdSchema.nullable(),
  /** The current phase, for people ("Verifying entries"). */
  phase: labelSchema,
  done: countSchema,
  /** null while the total is unknown. */
  total: countSchema.nullable(),
  /** Units per second in this phase, and seconds left; null before they are known. */
  ratePerSecond: z.number().min(0).nullable(),
  etaSeconds: z.number().min(0).nullable(),
  startedMs: timeMsSchema,
  finishedMs: timeMsSchema.nullable(),
  error: codedErrorSchema.nullable(),
  /** One line for people when the job ended ("Synced 42,118 entries"). */
  summary: labelSchema.nullable(),
});
export type Job = z.output<typeof jobSchema>;

export const jobRefArgs = z.strictObject({ jobId: handleSchema });
export const jobStartedResult = z.object({ jobId: handleSchema });
export const jobsListResult = z.object({ jobs: z.array(jobSchema).max(100) });
