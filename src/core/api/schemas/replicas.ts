import { z } from 'zod';
import {
  agentIdSchema,
  countSchema,
  decimalSchema,
  hexSchema,
  indexSchema,
  isoTimeSchema,
  keyTextSchema,
  labelSchema,
  originIdSchema,
  severitySchema,
  textSchema,
  timeMsSchema,
  trustBandSchema,
  tenantIdSchema,
} from './common.ts';

/**
 * Replicas (one per registry log pinned in the app's replica database) and the Overview screen.
 */

/** How a replica was filled: synced from a registry URL, imported from a bundle, or the built-in demo. */
export const REPLICA_KINDS = ['registry', 'bundle', 'demo'] as const;

/** A witness or log key as shown to people: its name and fingerprint (sync/key-fingerprint.ts). */
export const pinnedKeySchema = z.object({
  name: labelSchema,
  /** The C2SP vkey, verbatim. */
  vkey: keyTextSchema,
  /** SHA-256 fingerprint for people to compare out of band, `SHA256:<hex groups>`. */
  fingerprint: labelSchema,
});
export type PinnedKey = z.output<typeof pinnedKeySchema>;

export const verifiedCheckpointSchema = z.object({
  size: decimalSchema,
  rootHex: hexSchema,
  /** When this replica first saw the checkpoint, and when its entries were verified. */
  firstSeenMs: timeMsSchema,
  verifiedMs: timeMsSchema.nullable(),
  /** Names of the pinned witnesses whose cosignatures verified. */
  cosigners: z.array(labelSchema).max(64),
});

export const replicaSummarySchema = z.object({
  originId: originIdSchema,
  origin: labelSchema,
  kind: z.enum(REPLICA_KINDS),
  /** The registry URL or the bundle's file name (never a local path the person did not choose). */
  source: labelSchema.nullable(),
  logKey: pinnedKeySchema,
  witnesses: z.array(pinnedKeySchema).max(64),
  /** Entries stored, verified and folded. */
  entries: countSchema,
  verifiedCheckpoint: verifiedCheckpointSchema.nullable(),
  lastSuccessMs: timeMsSchema.nullable(),
  lastError: textSchema.nullable(),
  /** Rollback or fork evidence recorded against this log. */
  forkEvidence: countSchema,
  /** A sync or import job is running for this replica. */
  busy: z.boolean(),
});
export type ReplicaSummary = z.output<typeof replicaSummarySchema>;

export const replicasListResult = z.object({ replicas: z.array(replicaSummarySchema).max(1000) });

const revocationSchema = z.object({
  index: indexSchema,
  time: isoTimeSchema,
  tenant: tenantIdSchema,
  /** The tenant's name (`tenant.created`); null when the replica has no such tenant. */
  tenantName: labelSchema.nullable(),
  action: z.enum(['revoke', 'suspend', 'reinstate']),
  /** admin | registry | parent */
  by: labelSchema,
  targets: z.array(agentIdSchema).max(1000),
  affected: countSchema,
  reason: textSchema,
});
export type RevocationSummary = z.output<typeof revocationSchema>;

export const coverageGapSchema = z.object({
  /** Stable code: NO_TRUST_SCORE, NO_OWNER, DORMANT, NEVER_AUTHENTICATED, ENTRIES_REJECTED, NOT_VERIFIED, UNCHECKPOINTED_ENTRIES … */
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
  count: countSchema,
  /** One sentence for people. */
  description: textSchema,
});

export const overviewResult = z.object({
  replica: replicaSummarySchema,
  tenants: countSchema,
  agents: z.object({ total: countSchema, active: countSchema, suspended: countSchema, revoked: countSchema }),
  /** From the last verification of this replica; null when it was never verified in this app. */
  lastVerification: z
    .object({
      verdict: z.enum(['verified', 'failed']),
      atMs: timeMsSchema,
      treeSize: decimalSchema.nullable(),
      findings: z.record(severitySchema, countSchema),
    })
    .nullable(),
  /** Agents with a current score, per band, and a 10-point histogram (0–9, …, 80–89, 90–100). */
  trust: z.object({
    scored: countSchema,
    bands: z.record(trustBandSchema, countSchema),
    histogram: z.array(countSchema).length(10),
  }),
  /** Newest first, at most 20. */
  recentStatusActions: z.array(revocationSchema).max(20),
  coverageGaps: z.array(coverageGapSchema).max(50),
});
export type Overview = z.output<typeof overviewResult>;
