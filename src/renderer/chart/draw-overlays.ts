import type uPlot from 'uplot';
import { TRUST_BAND_RANGES } from '../../core/chart/trust-bands.ts';
import type { ChartTheme } from './chart-theme.ts';
import type { TrustSeries } from './trust-series.ts';

/** Shades the trust bands behind the series (uPlot `drawClear` hook: after the clear, before the series). */
export function drawBands(u: uPlot, theme: ChartTheme): void {
  const ctx = u.ctx;
  const { left, width } = u.bbox;
  ctx.save();
  for (const range of TRUST_BAND_RANGES) {
    const top = u.valToPos(range.to, 'y', true);
    const bottom = u.valToPos(range.from, 'y', true);
    ctx.fillStyle = theme.bands[range.band];
    ctx.fillRect(left, top, width, bottom - top);
  }
  ctx.restore();
}

/**
 * Marks every anomaly in the visible x range with a small triangle at its score (uPlot `draw`
 * hook, on top of the series). Anomalies are positions into the full series, so they are drawn at
 * any zoom, whatever the downsampling kept.
 */
export function drawAnomalies(u: uPlot, series: TrustSeries, theme: ChartTheme): void {
  const min = u.scales.x?.min;
  const max = u.scales.x?.max;
  if (min === undefined || max === undefined || series.anomalies.length === 0) return;
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const size = 5 * devicePixelRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.fillStyle = theme.anomaly;
  ctx.beginPath();
  for (let k = 0; k < series.anomalies.length; k++) {
    const p = series.anomalies[k] as number;
    const x = series.xs[p] as number;
    if (x < min || x > max) continue;
    const cx = u.valToPos(x, 'x', true);
    const cy = u.valToPos(series.scores[p] as number, 'y', true);
    ctx.moveTo(cx, cy - size);
    ctx.lineTo(cx + size, cy + size * 0.8);
    ctx.lineTo(cx - size, cy + size * 0.8);
    ctx.closePath();
  }
  ctx.fill();
  ctx.restore();
}
