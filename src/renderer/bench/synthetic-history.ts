import { TRUST_FACTOR_NAMES, type TrustFactorName } from '../../core/trust/score.ts';
import type { TrustHistory } from '../../core/api/schemas/agents.ts';

/**
 * A deterministic trust history of `points` scores, shaped like agents.trustHistory's answer (plain
 * number arrays, as JSON gives them): a slow wave with noise, a dip every 50,000 points, and one
 * anomaly per 10,000 points. For the chart benchmark only (bench/trust-chart.bench.ts): a million
 * points through the app API would measure the transport, not the chart.
 */
export function syntheticHistory(points: number): TrustHistory {
  let seed = 0x2f6b_1a3d;
  const random = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  const indices: number[] = new Array(points);
  const timesMs: number[] = new Array(points);
  const scores: number[] = new Array(points);
  const factors = {} as Record<TrustFactorName, number[]>;
  for (const name of TRUST_FACTOR_NAMES) factors[name] = new Array(points);
  const anomalies: TrustHistory['anomalies'] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < points; i++) {
    indices[i] = i * 4 + 7;
    timesMs[i] = start + i * 30_000;
    const wave = 65 + 25 * Math.sin(i / 40_000);
    const dip = i % 50_000 < 200 ? -40 : 0;
    const score = Math.max(0, Math.min(100, Math.round(wave + dip + (random() - 0.5) * 10)));
    scores[i] = score;
    for (const name of TRUST_FACTOR_NAMES) factors[name]![i] = Math.max(0, Math.min(100, Math.round(score + (random() - 0.5) * 30)));
    if (i % 10_000 === 5_000) anomalies.push({ index: indices[i]!, timeMs: timesMs[i]!, score, kind: 'drop', detail: 'Synthetic drop' });
  }
  return { agentId: 'bench-agent', indices, timesMs, scores, factors: factors as TrustHistory['factors'], anomalies };
}
