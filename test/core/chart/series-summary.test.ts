import { describe, expect, it } from 'vitest';
import { summariseSeries } from '../../../src/core/chart/series-summary.ts';

describe('summariseSeries', () => {
  it('names min, max, latest and the extent', () => {
    expect(summariseSeries([10, 20, 30], [70, 20, 55], 2)).toEqual({ points: 3, min: 20, max: 70, latest: 55, latestX: 30, firstX: 10, anomalies: 2 });
  });

  describe('when the series is empty', () => {
    it('returns nulls', () => {
      expect(summariseSeries([], [], 0)).toEqual({ points: 0, min: null, max: null, latest: null, latestX: null, firstX: null, anomalies: 0 });
    });
  });
});
