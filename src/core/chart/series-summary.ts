/**
 * A series summarised in words and numbers, for a chart's accessible name and its text alternative
 * (a screen reader cannot read a canvas).
 */
export interface SeriesSummary {
  readonly points: number;
  readonly min: number | null;
  readonly max: number | null;
  /** The last value and its x. */
  readonly latest: number | null;
  readonly latestX: number | null;
  readonly firstX: number | null;
  readonly anomalies: number;
}

/** Summary of `ys` (over `xs`) with `anomalies` flagged points. Precondition: equal lengths. */
export function summariseSeries(xs: ArrayLike<number>, ys: ArrayLike<number>, anomalies: number): SeriesSummary {
  const n = ys.length;
  if (n === 0) return { points: 0, min: null, max: null, latest: null, latestX: null, firstX: null, anomalies };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const y = ys[i] as number;
    if (y < min) min = y;
    if (y > max) max = y;
  }
  return { points: n, min, max, latest: ys[n - 1] as number, latestX: xs[n - 1] as number, firstX: xs[0] as number, anomalies };
}
