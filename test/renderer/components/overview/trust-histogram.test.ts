import { describe, expect, it } from 'vitest';
import { histogramBars } from '../../../../src/renderer/components/overview/trust-histogram.ts';

describe('histogramBars', () => {
  it('labels ten buckets highest first, with the last one 90–100, and the band of each', () => {
    const bars = histogramBars([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(bars.map((b) => b.label)).toEqual(['90–100', '80–89', '70–79', '60–69', '50–59', '40–49', '30–39', '20–29', '10–19', '0–9']);
    expect(bars.map((b) => b.band)).toEqual([
      'full_autonomy',
      'normal',
      'normal',
      'alert',
      'alert',
      'human_approval',
      'human_approval',
      'suspension',
      'suspension',
      'suspension',
    ]);
    expect(bars.map((b) => b.count)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('scales widths to the largest bucket and keeps a tiny non-empty bucket visible', () => {
    const bars = histogramBars([0, 0, 0, 0, 0, 0, 0, 1, 0, 100_000]);
    expect(bars[0]!.percent).toBe(100);
    expect(bars[2]!.percent).toBe(1);
    expect(bars[1]!.percent).toBe(0);
  });

  it('treats an empty, short, long or negative histogram safely', () => {
    expect(histogramBars([]).every((b) => b.count === 0 && b.percent === 0)).toBe(true);
    expect(histogramBars([5])).toHaveLength(10);
    expect(histogramBars(Array.from({ length: 12 }, () => 1))).toHaveLength(10);
    expect(histogramBars([-3, 0, 0, 0, 0, 0, 0, 0, 0, 0])[9]!.count).toBe(0);
  });
});
