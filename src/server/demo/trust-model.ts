import type { SeededRandom } from '../../core/log/prng.ts';
import { recomputeScore, type TrustBand, type TrustFactors } from '../../core/trust/score.ts';
import { ANOMALY_FLAGS, SCOPE_FLAGS } from './catalogue.ts';

/**
 * How the demo's registry scores agents (DESIGN §3 trust; docs/protocol.md §6): five factors drawn
 * around a target score with per-factor noise, then scored by the protocol's exact integer formula
 * (`recomputeScore`), so the recorded score always equals a verifier's recomputation.
 *
 * Policy: only a planned sudden drop may land in the 0–29 band (which makes the registry suspend the
 * agent); every other score is lifted to at least 30, so automatic suspensions happen exactly where
 * the story puts them. Noise is a sum of uniforms (pure arithmetic, identical on every platform).
 */

const SQRT3 = 1.7320508075688772;

/** Approximately normal noise with standard deviation `sigma` (Irwin–Hall, four uniforms). */
export function noise(random: SeededRandom, sigma: number): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += random.nextUint32() / 2 ** 32;
  return (sum - 2) * sigma * SQRT3;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, Math.round(value)));
}

// Peers attest less often than the other signals measure, so that factor runs a little lower.
const OFFSETS = { behavioral_compliance: 1, scope_adherence: 3, anomaly_score: 0, peer_attestations: -5, session_hygiene: -1 } as const;

function drawFactors(random: SeededRandom, target: number, sigma: number): TrustFactors {
  return {
    behavioral_compliance: clampPercent(target + OFFSETS.behavioral_compliance + noise(random, sigma)),
    scope_adherence: clampPercent(target + OFFSETS.scope_adherence + noise(random, sigma)),
    anomaly_score: clampPercent(target + OFFSETS.anomaly_score + noise(random, sigma * 1.3)),
    peer_attestations: clampPercent(target + OFFSETS.peer_attestations + noise(random, sigma)),
    session_hygiene: clampPercent(target + OFFSETS.session_hygiene + noise(random, sigma)),
  };
}

function shift(factors: TrustFactors, by: number): TrustFactors {
  return {
    behavioral_compliance: clampPercent(factors.behavioral_compliance + by),
    scope_adherence: clampPercent(factors.scope_adherence + by),
    anomaly_score: clampPercent(factors.anomaly_score + by),
    peer_attestations: clampPercent(factors.peer_attestations + by),
    session_hygiene: clampPercent(factors.session_hygiene + by),
  };
}

/** Moves every factor until the score lies in [min, max] (both within 0..100, min <= max). */
function fitScore(factors: TrustFactors, min: number, max: number): TrustFactors {
  let out = factors;
  for (let i = 0; i < 200; i++) {
    const { score } = recomputeScore(out);
    if (score < min) out = shift(out, Math.max(1, min - score));
    else if (score > max) out = shift(out, -Math.max(1, score - max));
    else return out;
  }
  return out;
}

export interface DemoScore {
  readonly factors: TrustFactors;
  readonly score: number;
  readonly band: TrustBand;
  readonly flags: string[];
}

/** A routine score around `target` (any band but suspension: the result is at least 30). */
export function drawRoutineScore(random: SeededRandom, target: number): DemoScore {
  return finish(random, fitScore(drawFactors(random, target, 4), 30, 100));
}

/** A sudden-drop score: in the suspension band (0–29) or in human approval (30–49). */
export function drawDropScore(random: SeededRandom, band: 'suspension' | 'human_approval'): DemoScore {
  const [min, max] = band === 'suspension' ? [6, 26] : [32, 47];
  const target = random.int(min, max);
  return finish(random, fitScore(drawFactors(random, target, 9), min, max), 2);
}

function finish(random: SeededRandom, factors: TrustFactors, minFlags = 0): DemoScore {
  const { score, band } = recomputeScore(factors);
  const flags = new Set<string>();
  if (factors.anomaly_score < 55) flags.add(random.pick(ANOMALY_FLAGS));
  if (factors.scope_adherence < 55) flags.add(random.pick(SCOPE_FLAGS));
  while (flags.size < minFlags) flags.add(random.pick([...ANOMALY_FLAGS, ...SCOPE_FLAGS]));
  return { factors, score, band, flags: [...flags].sort() };
}
