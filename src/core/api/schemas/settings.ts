import { z } from 'zod';
import { originIdSchema } from './common.ts';

/** Settings: theme and the limits the policy findings and coverage gaps use. Registries and pinned keys are listed by `replicas.list`. */

export const THEMES = ['system', 'light', 'dark'] as const;

export const policySettingsSchema = z.object({
  /** An agent with no session for this many days is dormant. */
  dormantDays: z.number().int().min(1).max(3650),
  /** A checkpoint older than this is stale (hours). */
  checkpointMaxAgeHours: z.number().int().min(1).max(24 * 365),
  /** A revocation must reach the log within this many seconds of its command. */
  revocationMaxSeconds: z.number().int().min(1).max(86_400),
  /** A score drop of at least this many points is an anomaly. */
  trustDropPoints: z.number().int().min(1).max(100),
});
export type PolicySettings = z.output<typeof policySettingsSchema>;

export const DEFAULT_POLICY_SETTINGS: PolicySettings = Object.freeze({
  dormantDays: 30,
  checkpointMaxAgeHours: 24,
  revocationMaxSeconds: 300,
  trustDropPoints: 15,
});

export const settingsSchema = z.object({
  theme: z.enum(THEMES),
  policy: policySettingsSchema,
  /** The replica the screens show (null: none yet, first run). */
  activeOriginId: originIdSchema.nullable(),
});
export type Settings = z.output<typeof settingsSchema>;

export const settingsUpdateArgs = z.strictObject({
  theme: z.enum(THEMES).optional(),
  policy: z.strictObject({
    dormantDays: policySettingsSchema.shape.dormantDays.optional(),
    checkpointMaxAgeHours: policySettingsSchema.shape.checkpointMaxAgeHours.optional(),
    revocationMaxSeconds: policySettingsSchema.shape.revocationMaxSeconds.optional(),
    trustDropPoints: policySettingsSchema.shape.trustDropPoints.optional(),
  }).optional(),
  activeOriginId: originIdSchema.nullable().optional(),
});
