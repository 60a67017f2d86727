import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleMinMax, lowerBound, pickAt, sortUnique, unionIndices, upperBound } from '../../../src/core/chart/downsample.ts';

// The naive reference: every point is considered on its own, bucket membership computed directly,
// extremes found by scanning the whole bucket. Slow and obviously right.
function naiveDownsample(xs: number[], ys: number[], buckets: number, xFrom: number, xTo: number, keep: number[]): number[] {
  const n = xs.length;
  if (n === 0) return [];
  const inRange = xs.map((_, i) => i).filter((i) => xs[i]! >= xFrom && xs[i]! <= xTo);
  const chosen = new Set<number>([0, n - 1]);
  const before = xs.map((_, i) => i).filter((i) => xs[i]! < xFrom);
  const after = xs.map((_, i) => i).filter((i) => xs[i]! > xTo);
  if (before.length > 0) chosen.add(before[before.length - 1]!);
  if (after.length > 0) chosen.add(after[0]!);
  if (inRange.length <= 2 * buckets) {
    for (const i of inRange) chosen.add(i);
  } else {
    const width = xTo - xFrom;
    const groups = new Map<number, number[]>();
    for (const i of inRange) {
      const b = width > 0 ? Math.min(buckets - 1, Math.floor((xs[i]! - xFrom) * (buckets / width))) : 0;
      groups.set(b, [...(groups.get(b) ?? []), i]);
    }
    for (const members of groups.values()) {
      const values = members.map((i) => ys[i]!);
      chosen.add(members[values.indexOf(Math.min(...values))]!);
      chosen.add(members[values.indexOf(Math.max(...values))]!);
    }
  }
  for (const i of keep) if (inRange.includes(i)) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}

const series = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 100 })), { minLength: 0, maxLength: 300 })
  .map((steps) => {
    let x = 1_000;
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [dx, y] of steps) {
      x += dx;
      xs.push(x);
      ys.push(y);
    }
    return { xs, ys };
  });

describe('downsampleMinMax', () => {
  it('matches the naive reference on random series, ranges, widths and kept points', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.nat(400)), ({ xs, ys }, buckets, a, b, keepRaw) => {
        const lo = xs.length === 0 ? 0 : xs[0]!;
        const hi = xs.length === 0 ? 0 : xs[xs.length - 1]!;
        const xFrom = Math.floor(lo + (hi - lo) * Math.min(a, b));
        const xTo = Math.ceil(lo + (hi - lo) * Math.max(a, b));
        const keep = [...new Set(keepRaw.filter((i) => i < xs.length))].sort((p, q) => p - q);
        const fast = [...downsampleMinMax(xs, ys, { buckets, xFrom, xTo, keep })];
        expect(fast).toEqual(naiveDownsample(xs, ys, buckets, xFrom, xTo, keep));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the extremes of every bucket so the drawn envelope is unchanged', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 20 }), ({ xs, ys }, buckets) => {
        const kept = downsampleMinMax(xs, ys, { buckets });
        if (xs.length === 0) return;
        const picked = [...pickAt(ys, kept)];
        expect(Math.min(...picked)).toBe(Math.min(...ys));
        expect(Math.max(...picked)).toBe(Math.max(...ys));
        expect(kept.length).toBeLessThanOrEqual(2 * buckets + 4);
      }),
    );
  });

  describe('when the series holds a million points', () => {
    it('returns about two points per bucket, keeps anomalies, and is fast', () => {
      const n = 1_000_000;
      const xs = new Float64Array(n);
      const ys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        xs[i] = 1_700_000_000_000 + i * 60_000;
        ys[i] = 50 + Math.round(40 * Math.sin(i / 5000));
      }
      ys[123_457] = 3; // a dip the eye must see
      const start = performance.now();
      const kept = downsampleMinMax(xs, ys, { buckets: 1000, keep: [777_777] });
      const elapsed = performance.now() - start;
      expect(kept.length).toBeLessThanOrEqual(2004);
      expect([...kept]).toContain(123_457);
      expect([...kept]).toContain(777_777);
      expect(kept[0]).toBe(0);
      expect(kept[kept.length - 1]).toBe(n - 1);
      expect(elapsed).toBeLessThan(500);
    });
  });

  describe('when zoomed into a range', () => {
    it('keeps the neighbours outside the range and the series ends', () => {
      const xs = Array.from({ length: 100 }, (_, i) => i * 10);
      const ys = xs.map((x) => x % 7);
      const kept = [...downsampleMinMax(xs, ys, { buckets: 2, xFrom: 300, xTo: 600 })];
      expect(kept).toContain(0);
      expect(kept).toContain(29);
      expect(kept).toContain(61);
      expect(kept).toContain(99);
      expect(kept.filter((i) => i >= 30 && i <= 60).length).toBeLessThanOrEqual(4);
    });
  });

  it('throws RangeError for a bucket count that is not a positive integer', () => {
    expect(() => downsampleMinMax([1], [1], { buckets: 0 })).toThrow(RangeError);
    expect(() => downsampleMinMax([1], [1], { buckets: 1.5 })).toThrow(RangeError);
  });

  it('throws RangeError when xs and ys differ in length', () => {
    expect(() => downsampleMinMax([1, 2], [1], { buckets: 4 })).toThrow(RangeError);
  });

  it('returns nothing for an empty series', () => {
    expect(downsampleMinMax([], [], { buckets: 4 }).length).toBe(0);
  });
});

describe('lowerBound / upperBound', () => {
  it('agree with a linear scan', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), fc.integer({ min: -1, max: 21 }), (raw, x) => {
        const xs = [...raw].sort((a, b) => a - b);
        expect(lowerBound(xs, x)).toBe(xs.findIndex((v) => v >= x) === -1 ? xs.length : xs.findIndex((v) => v >= x));
        expect(upperBound(xs, x)).toBe(xs.findIndex((v) => v > x) === -1 ? xs.length : xs.findIndex((v) => v > x));
      }),
    );
  });
});

describe('sortUnique / unionIndices', () => {
  it('sorts and removes duplicates', () => {
    expect([...sortUnique([5, 1, 5, 3, 1])]).toEqual([1, 3, 5]);
    expect([...unionIndices([Int32Array.from([1, 4]), Int32Array.from([2, 4, 9])])]).toEqual([1, 2, 4, 9]);
  });
});
