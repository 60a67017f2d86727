import { ProtocolError } from '../errors.ts';

/**
 * The trust score (DESIGN §3; docs/protocol.md §6).
 *
 * Policy: five factors, each an integer 0..100 where 100 is best (for `anomaly_score`, 100 means no
 * anomaly, as in MAIP's Go reference where the anomaly term is added), weighted 35/25/20/10/10 (the
 * weights MAIP's Go reference and its docs share). The weights sum to 100, so the weighted sum
 * `W = 35·b + 25·s + 20·a + 10·p + 10·h` is an integer 0..10000: the score in hundredths, exact. The
 * recorded score is W/100 rounded half up, `floor((W + 50) / 100)`, an integer 0..100: integer
 * arithmetic only, so every implementation in every language gets the same answer (no float, no
 * fused multiply-add, no banker's rounding). Bands: 90–100 full autonomy, 70–89 normal, 50–69 alert,
 * 30–49 human approval, 0–29 automatic suspension.
 *
 * Factor names are MAIP's (`reference/trust.go` JSON), so a MAIP trust record maps one to one.
 */

export const TRUST_FACTOR_NAMES = [
  'behavioral_compliance',
  'scope_adherence',
  'anomaly_score',
  'peer_attestations',
  'session_hygiene',
] as const;
export type TrustFactorName = (typeof TRUST_FACTOR_NAMES)[number];
export type TrustFactors = Readonly<Record<TrustFactorName, number>>;

export const TRUST_WEIGHTS: Readonly<Record<TrustFactorName, number>> = Object.freeze({
  behavioral_compliance: 35,
  scope_adherence: 25,
  anomaly_score: 20,
  peer_attestations: 10,
  session_hygiene: 10,
});

export const TRUST_BANDS = ['full_autonomy', 'normal', 'alert', 'human_approval', 'suspension'] as const;
export type TrustBand = (typeof TRUST_BANDS)[number];

/** Lowest score of each band, highest band first. */
const BAND_FLOORS: readonly (readonly [number, TrustBand])[] = [
  [90, 'full_autonomy'],
  [70, 'normal'],
  [50, 'alert'],
  [30, 'human_approval'],
  [0, 'suspension'],
];

export interface TrustScore {
  /** The weighted sum W (0..10000), the score in hundredths before rounding. */
  readonly weighted: number;
  /** round-half-up(W / 100), 0..100. */
  readonly score: number;
  readonly band: TrustBand;
}

function isPercent(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100;
}

/**
 * The weighted sum W = Σ weight·factor (0..10000). Throws INVALID_ARGUMENT unless every factor is an
 * integer 0..100.
 */
export function weightedTrustSum(factors: TrustFactors): number {
  let sum = 0;
  for (const name of TRUST_FACTOR_NAMES) {
    const value = factors[name];
    if (!isPercent(value)) throw new ProtocolError('INVALID_ARGUMENT', `trust factor ${name} must be an integer 0..100`);
    sum += TRUST_WEIGHTS[name] * value;
  }
  return sum;
}

/** The band of an integer score 0..100. Throws INVALID_ARGUMENT for anything else. */
export function bandForScore(score: number): TrustBand {
  if (!isPercent(score)) throw new ProtocolError('INVALID_ARGUMENT', 'a trust score is an integer 0..100');
  for (const [floor, band] of BAND_FLOORS) if (score >= floor) return band;
  return 'suspension';
}

/**
 * Recomputes the score and band from the factors (see the policy above). Deterministic and exact.
 * Throws INVALID_ARGUMENT for a factor that is not an integer 0..100.
 */
export function recomputeScore(factors: TrustFactors): TrustScore {
  const weighted = weightedTrustSum(factors);
  // Round half up in integers: W is never negative, so floor((W + 50) / 100) is exact.
  const score = Math.floor((weighted + 50) / 100);
  return { weighted, score, band: bandForScore(score) };
}

/** Whether `score` lies in the automatic-suspension band (0–29). */
export function isSuspensionBand(band: TrustBand): boolean {
  return band === 'suspension';
}
