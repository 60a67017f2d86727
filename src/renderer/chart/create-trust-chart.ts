import uPlot from 'uplot';
import { TRUST_FACTOR_NAMES, type TrustFactorName } from '../../core/trust/score.ts';
import { formatLocalTime } from '../format.ts';
import { readChartTheme } from './chart-theme.ts';
import { drawAnomalies, drawBands } from './draw-overlays.ts';
import { FACTOR_LABELS, visibleData, type TrustSeries } from './trust-series.ts';

const HEIGHT = 280;
export const TRUST_CHART_HEIGHT = HEIGHT;

/**
 * A uPlot chart of `series` in `el` (see TrustChart): theme colours read now, data downsampled for
 * the plot's width, recomputed on every x-scale change (zoom, pan, reset) and by `refresh()`
 * (factor toggled, resize). `readout` receives the hovered point in words (textContent, no React
 * render per mouse move). The caller destroys `u`.
 */
export function createTrustChart(
  el: HTMLDivElement,
  series: TrustSeries,
  shownRef: { readonly current: ReadonlySet<TrustFactorName> },
  readout: HTMLElement | null,
): { u: uPlot; refresh: () => void } {
  const theme = readChartTheme();
  let ready = false;
  let drawn = false;
  let u: uPlot | null = null;
  // The x range the drawn data was computed for: a scale change to another range recomputes it.
  let dataMin: number | undefined;
  let dataMax: number | undefined;
  const width = Math.max(240, Math.floor(el.clientWidth));
  const refresh = () => {
    if (u === null || !ready) return;
    const chart = u;
    const min = chart.scales.x?.min;
    const max = chart.scales.x?.max;
    dataMin = min;
    dataMax = max;
    const data = visibleData(series, chart.bbox.width / devicePixelRatio, shownRef.current, min, max) as uPlot.AlignedData;
    // One synchronous commit: new data, then the same range again so that uPlot recomputes its
    // data window (setData alone keeps indices into the previous arrays).
    chart.batch(() => {
      chart.setData(data, false);
      if (min !== undefined && max !== undefined) chart.setScale('x', { min, max });
    });
  };
  // Few points (a new agent): draw each one, a line alone would show nothing for a single score.
  const points = { show: (self: uPlot) => (self.data[0]?.length ?? 0) <= 60, size: 6 };
  const axis = { stroke: theme.text, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
  const opts: uPlot.Options = {
    width,
    height: HEIGHT,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    scales: {
      // One score alone: centre it in a day rather than pin it to the left edge.
      x: {
        time: true,
        range: (self, min, max) => {
          const only = self.data[0]?.length === 1 ? self.data[0][0] : undefined;
          return typeof only === 'number' ? [only - 43_200_000, only + 43_200_000] : [min, max];
        },
      },
      y: { range: [0, 100] },
    },
    axes: [axis, { ...axis, size: 40 }],
    series: [
      {},
      ...TRUST_FACTOR_NAMES.map((name) => ({ label: FACTOR_LABELS[name], stroke: theme.factors[name], width: 1, show: shownRef.current.has(name), points })),
      { label: 'Trust score', stroke: theme.score, width: 2, points: { ...points, fill: theme.score } },
    ],
    hooks: {
      drawClear: [(self) => drawBands(self, theme)],
      draw: [
        (self) => {
          drawAnomalies(self, series, theme);
          if (!drawn) {
            drawn = true;
            performance.mark('trust-chart:drawn');
          }
        },
      ],
      setScale: [
        (self, key) => {
          // Not from inside the hook (uPlot is mid-commit): right after it.
          if (key === 'x' && ready && (self.scales.x?.min !== dataMin || self.scales.x?.max !== dataMax)) queueMicrotask(refresh);
        },
      ],
      setCursor: [
        (self) => {
          if (readout !== null) readout.textContent = describePoint(self, shownRef.current);
        },
      ],
      ready: [
        () => {
          ready = true;
        },
      ],
    },
  };
  const chart = new uPlot(opts, visibleData(series, width, shownRef.current) as uPlot.AlignedData, el);
  u = chart;
  dataMin = chart.scales.x?.min;
  dataMax = chart.scales.x?.max;
  return { u: chart, refresh };
}

// "2026-03-01 10:00:00 · score 72 · Behavioural compliance 80" for the point under the cursor.
function describePoint(u: uPlot, shown: ReadonlySet<TrustFactorName>): string {
  const idx = u.cursor.idx;
  if (idx === null || idx === undefined) return '';
  const x = u.data[0]?.[idx];
  const score = u.data[TRUST_FACTOR_NAMES.length + 1]?.[idx];
  if (typeof x !== 'number' || typeof score !== 'number') return '';
  const parts = [formatLocalTime(x), `score ${score}`];
  TRUST_FACTOR_NAMES.forEach((name, i) => {
    const value = u.data[i + 1]?.[idx];
    if (shown.has(name) && typeof value === 'number') parts.push(`${FACTOR_LABELS[name].replace(/ \(\d+%\)$/, '')} ${value}`);
  });
  return parts.join(' · ');
}
