import { describe, expect, it } from 'vitest';
import { bandForScore, recomputeScore, weightedTrustSum, type TrustFactors } from '../../../src/core/trust/score.ts';

const f = (b: number, s: number, a: number, p: number, h: number): TrustFactors => ({
  behavioral_compliance: b,
  scope_adherence: s,
  anomaly_score: a,
  peer_attestations: p,
  session_hygiene: h,
});

describe('recomputeScore', () => {
  // weighted = 35b + 25s + 20a + 10p + 10h; score = floor((weighted + 50) / 100)
  it.each([
    [f(100, 100, 100, 100, 100), 10000, 100, 'full_autonomy'],
    [f(0, 0, 0, 0, 0), 0, 0, 'suspension'],
    // MAIP Go reference example (0.92, 1.0, 0.85, 0.60, 0.95) → 0.897 → 89.7 → 90
    [f(92, 100, 85, 60, 95), 8970, 90, 'full_autonomy'],
    // exactly half a point rounds up: 8950 → 90
    [f(90, 90, 90, 90, 85), 8950, 90, 'full_autonomy'],
    // just under half: 8940 → 89
    [f(90, 90, 90, 90, 84), 8940, 89, 'normal'],
    [f(70, 70, 70, 70, 70), 7000, 70, 'normal'],
    // 6950 → 70 (half up, across the alert/normal edge)
    [f(70, 70, 70, 70, 65), 6950, 70, 'normal'],
    [f(70, 70, 70, 70, 64), 6940, 69, 'alert'],
    [f(50, 50, 50, 50, 50), 5000, 50, 'alert'],
    [f(50, 50, 50, 50, 45), 4950, 50, 'alert'],
    [f(50, 50, 50, 50, 44), 4940, 49, 'human_approval'],
    [f(30, 30, 30, 30, 30), 3000, 30, 'human_approval'],
    [f(30, 30, 30, 30, 25), 2950, 30, 'human_approval'],
    [f(30, 30, 30, 30, 24), 2940, 29, 'suspension'],
    // weights: each factor alone
    [f(100, 0, 0, 0, 0), 3500, 35, 'human_approval'],
    [f(0, 100, 0, 0, 0), 2500, 25, 'suspension'],
    [f(0, 0, 100, 0, 0), 2000, 20, 'suspension'],
    [f(0, 0, 0, 100, 0), 1000, 10, 'suspension'],
    [f(0, 0, 0, 0, 100), 1000, 10, 'suspension'],
    [f(1, 0, 0, 0, 1), 45, 0, 'suspension'],
    [f(1, 1, 0, 0, 0), 60, 1, 'suspension'],
  ] as const)('%o → W=%i, score %i (%s)', (factors, weighted, score, band) => {
    expect(recomputeScore(factors)).toEqual({ weighted, score, band });
  });

  it('agrees with a naive exact-rational reference on random factor sets', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 101;
    for (let i = 0; i < 2000; i++) {
      const factors = f(next(), next(), next(), next(), next());
      // Reference: compare 100·score against W with rationals (no floats): score = smallest s with 100s + 50 > W.
      const w = 35 * factors.behavioral_compliance + 25 * factors.scope_adherence + 20 * factors.anomaly_score + 10 * factors.peer_attestations + 10 * factors.session_hygiene;
      let s = 0;
      while (100 * (s + 1) <= w + 50) s++;
      expect(recomputeScore(factors).score).toBe(s);
    }
  });

  describe('when a factor is not an integer 0..100', () => {
    it.each([101, -1, 50.5, Number.NaN])('throws INVALID_ARGUMENT for %s', (bad) => {
      expect(() => weightedTrustSum(f(bad, 0, 0, 0, 0))).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});

describe('bandForScore', () => {
  it.each([
    [100, 'full_autonomy'],
    [90, 'full_autonomy'],
    [89, 'normal'],
    [70, 'normal'],
    [69, 'alert'],
    [50, 'alert'],
    [49, 'human_approval'],
    [30, 'human_approval'],
    [29, 'suspension'],
    [0, 'suspension'],
  ] as const)('%i → %s', (score, band) => {
    expect(bandForScore(score)).toBe(band);
  });
  it('throws INVALID_ARGUMENT outside 0..100', () => {
    expect(() => bandForScore(101)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => bandForScore(29.5)).toThrowWithCode('INVALID_ARGUMENT');
  });
});
