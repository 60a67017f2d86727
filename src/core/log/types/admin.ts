import { z } from 'zod';
import { blockText, lineText } from '../fields.ts';

/**
 * Tenant governance statements (docs/protocol.md §4.2–4.4): `admin.enrolled`, `admin.removed`,
 * `policy.quorum_set`. Each carries the tenant's next governance sequence number `seq`, so a
 * governance statement can be applied once, in order, and never replayed (re-enrolling a removed
 * admin or restoring an older policy needs a fresh, newly signed statement).
 */

export const governanceSeqSchema = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
export const MAX_QUORUM = 16;
const threshold = z.int().min(1).max(MAX_QUORUM);

/** Subject: the new admin's did:key. */
export const adminEnrolledBody = z.strictObject({
  seq: governanceSeqSchema,
  name: lineText(128),
});

/** Subject: the removed admin's did:key. */
export const adminRemovedBody = z.strictObject({
  seq: governanceSeqSchema,
  reason: blockText(1000).optional(),
});

/** M of the tenant's enrolled admins (N) needed per action. */
export const quorumThresholdsSchema = z.strictObject({
  revoke: threshold,
  suspend: threshold,
  reinstate: threshold,
  /** admin.enrolled and admin.removed */
  admin: threshold,
  /** policy.quorum_set */
  policy: threshold,
});

/** Subject: the tenant id. */
export const policyQuorumSetBody = z.strictObject({
  seq: governanceSeqSchema,
  thresholds: quorumThresholdsSchema,
});

export type QuorumThresholds = z.infer<typeof quorumThresholdsSchema>;
export type QuorumAction = keyof QuorumThresholds;
