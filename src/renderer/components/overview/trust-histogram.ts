import type { TrustBand } from '../../../core/trust/score.ts';

/**
 * The Overview's 10-bucket trust histogram (0–9, 10–19, …, 80–89, 90–100) as bars: a label, the
 * band the bucket falls in (DESIGN §3), and a width relative to the largest bucket. Pure.
 */
export interface HistogramBar {
  readonly label: string;
  readonly count: number;
  /** 0–100, relative to the largest bucket; at least 1 for a non-empty bucket so it stays visible. */
  readonly percent: number;
  readonly band: TrustBand;
  readonly bandLabel: string;
}

const BAND_LABELS: Readonly<Record<TrustBand, string>> = {
  full_autonomy: 'full autonomy',
  normal: 'normal',
  alert: 'alert',
  human_approval: 'human approval',
  suspension: 'suspension',
};

function bandOfBucket(bucket: number): TrustBand {
  const low = bucket * 10;
  if (low >= 90) return 'full_autonomy';
  if (low >= 70) return 'normal';
  if (low >= 50) return 'alert';
  if (low >= 30) return 'human_approval';
  return 'suspension';
}

/** Bars for `histogram` (expected length 10; extra buckets are ignored, missing ones count 0), highest range first. */
export function histogramBars(histogram: readonly number[]): HistogramBar[] {
  const counts = Array.from({ length: 10 }, (_, i) => Math.max(0, histogram[i] ?? 0));
  const max = Math.max(1, ...counts);
  return counts
    .map((count, i) => {
      const band = bandOfBucket(i);
      return {
        label: i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`,
        count,
        percent: count === 0 ? 0 : Math.max(1, Math.round((count / max) * 100)),
        band,
        bandLabel: BAND_LABELS[band],
      };
    })
    .reverse();
}
