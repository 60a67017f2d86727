import { anomalyPositions } from '../../core/chart/anomaly-positions.ts';
import { downsampleMinMax, pickAt, unionIndices } from '../../core/chart/downsample.ts';
import { TRUST_FACTOR_NAMES, type TrustFactorName } from '../../core/trust/score.ts';
import type { TrustHistory } from '../../core/api/schemas/agents.ts';

/**
 * A trust history as typed columns for the chart (built once per history), and the downsampled
 * slice drawn for a visible range (recomputed on every zoom and resize).
 */
export interface TrustSeries {
  readonly xs: Float64Array;
  readonly scores: Float64Array;
  readonly factors: Readonly<Record<TrustFactorName, Float64Array>>;
  /** Anomaly point positions, ascending. */
  readonly anomalies: Int32Array;
  readonly anomalyDetails: TrustHistory['anomalies'];
}

/** Typed columns of `history`. Precondition: the columns have equal lengths (the API's contract). */
export function toTrustSeries(history: Pick<TrustHistory, 'indices' | 'timesMs' | 'scores' | 'factors' | 'anomalies'>): TrustSeries {
  const factors = {} as Record<TrustFactorName, Float64Array>;
  for (const name of TRUST_FACTOR_NAMES) factors[name] = Float64Array.from(history.factors[name]);
  return {
    xs: Float64Array.from(history.timesMs),
    scores: Float64Array.from(history.scores),
    factors,
    anomalies: anomalyPositions(history.indices, history.anomalies),
    anomalyDetails: history.anomalies,
  };
}

/** uPlot's aligned data for the visible range: x, the five factors (hidden ones too, so series indices stay fixed), then the score (drawn last, on top). */
export function visibleData(series: TrustSeries, buckets: number, shown: ReadonlySet<TrustFactorName>, xFrom?: number, xTo?: number): Float64Array[] {
  const range = { buckets: Math.max(1, Math.floor(buckets)), xFrom, xTo, keep: series.anomalies };
  const lists = [downsampleMinMax(series.xs, series.scores, range)];
  for (const name of TRUST_FACTOR_NAMES) if (shown.has(name)) lists.push(downsampleMinMax(series.xs, series.factors[name], range));
  const idx = unionIndices(lists);
  return [pickAt(series.xs, idx), ...TRUST_FACTOR_NAMES.map((name) => pickAt(series.factors[name], idx)), pickAt(series.scores, idx)];
}

export const FACTOR_LABELS: Readonly<Record<TrustFactorName, string>> = {
  behavioral_compliance: 'Behavioural compliance (35%)',
  scope_adherence: 'Scope adherence (25%)',
  anomaly_score: 'Anomaly (20%)',
  peer_attestations: 'Peer attestations (10%)',
  session_hygiene: 'Session hygiene (10%)',
};
