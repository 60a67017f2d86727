import { z } from 'zod';
import { blockText, flagSchema, uniqueArray } from '../fields.ts';
import { TRUST_BANDS } from '../../trust/score.ts';

/**
 * `trust.score_recorded` (docs/protocol.md §4.13, §6). Subject: the agent id. Signed by the
 * registry. Carries its factors, so a verifier recomputes `score` and `band` exactly
 * (src/core/trust/score.ts); a mismatch is refused by the state fold.
 */
const percent = z.int().min(0).max(100);

export const trustFactorsSchema = z.strictObject({
  behavioral_compliance: percent,
  scope_adherence: percent,
  anomaly_score: percent,
  peer_attestations: percent,
  session_hygiene: percent,
});

export const trustScoreRecordedBody = z.strictObject({
  factors: trustFactorsSchema,
  score: percent,
  band: z.enum(TRUST_BANDS),
  /** Anomaly flags (e.g. MAIP's volume_spike, unknown_ip, scope_violation_attempt). */
  flags: uniqueArray(flagSchema, 0, 16),
  reason: blockText(1000).optional(),
});
