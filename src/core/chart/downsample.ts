/**
 * Min/max downsampling for large time series (DESIGN §5: "a million points of history … downsampled").
 *
 * Policy: the visible x range [xFrom, xTo] is cut into `buckets` equal-width buckets (one per pixel
 * column); each non-empty bucket keeps the index of its first minimum and its first maximum, so a
 * line drawn through the kept points has exactly the envelope of the full series at that width (no
 * spike or dip disappears). Also kept, always: the points listed in `keep` that lie in range
 * (anomalies must stay visible at any zoom), the last point before the range and the first point
 * after it (so the line enters and leaves the plot correctly), and the first and last points of the
 * whole series (so the chart's "show all" extent is the full series, whatever the zoom).
 *
 * The result is sorted ascending and free of duplicates. At most `2·buckets + keep-in-range + 4`
 * indices; when the range holds no more than `2·buckets` points, all of them are kept.
 *
 * Pure and allocation-light: one pass over the range, typed arrays, no per-point objects, so a
 * million points take a few milliseconds.
 */
export interface DownsampleOptions {
  /** Bucket count, typically the plot's width in CSS pixels; an integer ≥ 1. */
  readonly buckets: number;
  /** Visible x range, inclusive; defaults to the series' extent. */
  readonly xFrom?: number;
  readonly xTo?: number;
  /** Indices that must be kept when in range (anomalies), ascending. */
  readonly keep?: ArrayLike<number>;
}

/**
 * The first index whose x is ≥ `x` (xs.length when none). Precondition: `xs` ascending.
 */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose x is > `x` (xs.length when none). Precondition: `xs` ascending. */
export function upperBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indices of the points to draw (see the policy above). Preconditions: `xs` ascending and finite,
 * `ys.length === xs.length`, `buckets` an integer ≥ 1 (else throws RangeError — a programming error,
 * not input).
 */
export function downsampleMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, options: DownsampleOptions): Int32Array {
  const n = xs.length;
  const { buckets } = options;
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be an integer ≥ 1, got ${buckets}`);
  if (ys.length !== n) throw new RangeError('xs and ys differ in length');
  if (n === 0) return new Int32Array(0);
  const xFrom = options.xFrom ?? (xs[0] as number);
  const xTo = options.xTo ?? (xs[n - 1] as number);
  const start = lowerBound(xs, xFrom);
  const end = upperBound(xs, xTo); // exclusive
  const out: number[] = [];
  const push = (i: number) => out.push(i);
  push(0);
  if (start > 0) push(start - 1);
  const count = end - start;
  if (count <= 2 * buckets) {
    for (let i = start; i < end; i++) push(i);
  } else {
    const width = xTo - xFrom;
    const scale = width > 0 ? buckets / width : 0;
    let bucket = -1;
    let minI = -1;
    let maxI = -1;
    const flush = () => {
      if (bucket < 0) return;
      if (minI <= maxI) {
        push(minI);
        push(maxI);
      } else {
        push(maxI);
        push(minI);
      }
    };
    for (let i = start; i < end; i++) {
      let b = Math.floor(((xs[i] as number) - xFrom) * scale);
      if (b >= buckets) b = buckets - 1;
      if (b !== bucket) {
        flush();
        bucket = b;
        minI = i;
        maxI = i;
        continue;
      }
      const y = ys[i] as number;
      if (y < (ys[minI] as number)) minI = i;
      if (y > (ys[maxI] as number)) maxI = i;
    }
    flush();
  }
  const keep = options.keep;
  if (keep !== undefined) {
    for (let k = 0; k < keep.length; k++) {
      const i = keep[k] as number;
      if (i >= start && i < end) push(i);
    }
  }
  if (end < n) push(end);
  push(n - 1);
  return sortUnique(out);
}

/** `values` sorted ascending without duplicates, as an Int32Array. */
export function sortUnique(values: readonly number[]): Int32Array {
  const sorted = Int32Array.from(values).sort();
  let w = 0;
  for (let r = 0; r < sorted.length; r++) {
    if (w === 0 || sorted[r] !== sorted[w - 1]) sorted[w++] = sorted[r] as number;
  }
  return sorted.slice(0, w);
}

/** The union of ascending index lists, ascending and without duplicates. */
export function unionIndices(lists: readonly Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0] as Int32Array;
  const all: number[] = [];
  for (const list of lists) for (let i = 0; i < list.length; i++) all.push(list[i] as number);
  return sortUnique(all);
}

/** `values` picked at `indices` (a typed copy for the chart). */
export function pickAt(values: ArrayLike<number>, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k] as number] as number;
  return out;
}
