import { describe, expect, it } from 'vitest';
import { BAND_ORDER, TRUST_BAND_RANGES } from '../../../src/core/chart/trust-bands.ts';
import { bandForScore } from '../../../src/core/trust/score.ts';

describe('TRUST_BAND_RANGES', () => {
  it('covers 0..100 without gaps, in band order', () => {
    expect(TRUST_BAND_RANGES.map((r) => r.band)).toEqual([...BAND_ORDER]);
    const sorted = [...TRUST_BAND_RANGES].sort((a, b) => a.from - b.from);
    expect(sorted[0]!.from).toBe(0);
    expect(sorted[sorted.length - 1]!.to).toBe(100);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.from).toBe(sorted[i - 1]!.to);
  });


  it('puts every score 0..100 in the band the trust score module names', () => {
    for (let score = 0; score <= 100; score++) {
      const range = TRUST_BAND_RANGES.find((r) => score >= r.from && (score < r.to || r.to === 100));
      expect(range?.band).toBe(bandForScore(score));
    }
  });
});
