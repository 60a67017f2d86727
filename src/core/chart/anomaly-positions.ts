import { lowerBound } from './downsample.ts';

/**
 * The point positions (0-based, ascending, unique) of anomalies given by log index. Preconditions:
 * `indices` ascending (a trust history is oldest first). Anomalies whose index is not a point of
 * the series are skipped (a registry flag without a recorded score).
 */
export function anomalyPositions(indices: ArrayLike<number>, anomalies: readonly { readonly index: number }[]): Int32Array {
  const positions: number[] = [];
  for (const anomaly of anomalies) {
    const p = lowerBound(indices, anomaly.index);
    if (p < indices.length && indices[p] === anomaly.index) positions.push(p);
  }
  const sorted = Int32Array.from(positions).sort();
  let w = 0;
  for (let r = 0; r < sorted.length; r++) if (w === 0 || sorted[r] !== sorted[w - 1]) sorted[w++] = sorted[r] as number;
  return sorted.slice(0, w);
}
