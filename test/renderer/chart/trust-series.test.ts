import { describe, expect, it } from 'vitest';
import { toTrustSeries, visibleData } from '../../../src/renderer/chart/trust-series.ts';

function history(n: number) {
  const column = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  return {
    indices: column((i) => i * 3),
    timesMs: column((i) => 1_000_000 + i * 1000),
    scores: column((i) => (i === 500 ? 1 : 60 + (i % 20))),
    factors: {
      behavioral_compliance: column((i) => (i === 700 ? 0 : 80)),
      scope_adherence: column(() => 70),
      anomaly_score: column(() => 90),
      peer_attestations: column(() => 50),
      session_hygiene: column(() => 40),
    },
    anomalies: [{ index: 900 * 3, timeMs: 1_000_000 + 900_000, score: 61, kind: 'flag', detail: '' }],
  };
}

describe('visibleData', () => {
  it('returns x, five factor columns and the score of equal length, keeping dips and anomalies', () => {
    const series = toTrustSeries(history(2000));
    expect([...series.anomalies]).toEqual([900]);
    const data = visibleData(series, 50, new Set());
    expect(data).toHaveLength(7);
    expect(new Set(data.map((c) => c.length)).size).toBe(1);
    expect(data[0]!.length).toBeLessThan(120);
    expect([...data[6]!]).toContain(1);
    expect([...data[0]!]).toContain(1_000_000 + 900_000);
  });

  describe('when a factor is shown', () => {
    it('keeps that factor’s extremes too', () => {
      const series = toTrustSeries(history(2000));
      expect([...visibleData(series, 50, new Set())[1]!]).not.toContain(0);
      expect([...visibleData(series, 50, new Set(['behavioral_compliance']))[1]!]).toContain(0);
    });
  });
});
