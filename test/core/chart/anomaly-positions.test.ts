import { describe, expect, it } from 'vitest';
import { anomalyPositions } from '../../../src/core/chart/anomaly-positions.ts';

describe('anomalyPositions', () => {
  it('maps log indices to point positions, sorted and unique', () => {
    expect([...anomalyPositions([3, 8, 20, 41], [{ index: 41 }, { index: 8 }, { index: 8 }])]).toEqual([1, 3]);
  });

  describe('when an anomaly names an index that is not a point', () => {
    it('skips it', () => {
      expect([...anomalyPositions([3, 8], [{ index: 5 }, { index: 99 }])]).toEqual([]);
    });
  });
});
