import 'uplot/dist/uPlot.min.css';
import type uPlot from 'uplot';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TrustHistory } from '../../core/api/schemas/agents.ts';
import { summariseSeries } from '../../core/chart/series-summary.ts';
import { TRUST_FACTOR_NAMES, type TrustFactorName } from '../../core/trust/score.ts';
import { watchTheme } from './chart-theme.ts';
import { createTrustChart, TRUST_CHART_HEIGHT as HEIGHT } from './create-trust-chart.ts';
import { ChartSummary, summarySentence } from './ChartSummary.tsx';
import { LatestFactors } from './LatestFactors.tsx';
import { FACTOR_LABELS, toTrustSeries } from './trust-series.ts';

type HistoryColumns = Pick<TrustHistory, 'indices' | 'timesMs' | 'scores' | 'factors' | 'anomalies'>;

/**
 * The trust-score history chart (uPlot on a canvas): the score, selectable factor lines, the bands
 * shaded, anomalies marked. Fast with a million points because only ~2 points per pixel are drawn
 * (src/core/chart/downsample.ts, min/max per pixel column, anomalies kept), recomputed on zoom
 * (drag to zoom, double-click or "Show all" to reset; keys + − ← → 0 when focused). Colours follow
 * the theme. For assistive technology: an accessible summary and a text table (ChartSummary).
 */
export function TrustChart({ history }: { history: HistoryColumns }) {
  const series = useMemo(() => toTrustSeries(history), [history]);
  const summary = useMemo(() => summariseSeries(series.xs, series.scores, series.anomalies.length), [series]);
  const plotRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const chartRef = useRef<{ u: uPlot; refresh: () => void } | null>(null);
  const [shown, setShown] = useState<ReadonlySet<TrustFactorName>>(() => new Set());
  const shownRef = useRef(shown);
  const [themeVersion, setThemeVersion] = useState(0);
  const titleId = useId();

  useEffect(() => watchTheme(() => setThemeVersion((v) => v + 1)), []);

  useEffect(() => {
    const el = plotRef.current;
    if (el === null || series.xs.length === 0) return;
    const chart = createTrustChart(el, series, shownRef, readoutRef.current);
    chartRef.current = chart;
    const observer = new ResizeObserver(() => {
      const width = Math.floor(el.clientWidth);
      if (width > 0 && width !== chart.u.width) {
        chart.u.setSize({ width, height: HEIGHT });
        chart.refresh();
      }
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.u.destroy();
      chartRef.current = null;
    };
  }, [series, themeVersion]);

  const toggleFactor = (name: TrustFactorName, on: boolean) => {
    const next = new Set(shownRef.current);
    if (on) next.add(name);
    else next.delete(name);
    shownRef.current = next;
    setShown(next);
    const chart = chartRef.current;
    if (chart !== null) {
      chart.u.setSeries(1 + TRUST_FACTOR_NAMES.indexOf(name), { show: on });
      chart.refresh();
    }
  };

  const zoom = (factor: number, pan = 0) => {
    const chart = chartRef.current;
    if (chart === null || series.xs.length === 0) return;
    const lo = series.xs[0] as number;
    const hi = series.xs[series.xs.length - 1] as number;
    const { min = lo, max = hi } = chart.u.scales.x ?? {};
    const half = Math.max(((max - min) * factor) / 2, 1000);
    const center = (min + max) / 2 + (max - min) * pan;
    const from = Math.max(lo, center - half);
    const to = Math.min(hi, center + half);
    chart.u.setScale('x', { min: from, max: Math.max(to, from + 1) });
  };
  const showAll = () => zoom(Infinity);

  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      '+': () => zoom(0.5),
      '=': () => zoom(0.5),
      '-': () => zoom(2),
      ArrowLeft: () => zoom(1, -0.25),
      ArrowRight: () => zoom(1, 0.25),
      '0': showAll,
      Home: showAll,
    };
    const action = keys[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  };

  return (
    <figure className="trust-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="visually-hidden">
        Trust score history
      </figcaption>
      {series.xs.length === 0 ? (
        <p className="muted">No trust score has been recorded for this agent.</p>
      ) : (
        <>
          <div className="chart-controls">
            <fieldset className="factor-picker">
              <legend>Factors</legend>
              {TRUST_FACTOR_NAMES.map((name, i) => (
                <label key={name} className="check">
                  <input type="checkbox" checked={shown.has(name)} onChange={(e) => toggleFactor(name, e.target.checked)} />
                  <span className={`swatch swatch-${i + 1}`} aria-hidden="true" />
                  {FACTOR_LABELS[name]}
                </label>
              ))}
            </fieldset>
            <div className="zoom-buttons" role="group" aria-label="Zoom">
              <button type="button" className="button button-quiet" onClick={() => zoom(0.5)}>
                Zoom in
              </button>
              <button type="button" className="button button-quiet" onClick={() => zoom(2)}>
                Zoom out
              </button>
              <button type="button" className="button button-quiet" onClick={showAll}>
                Show all
              </button>
            </div>
          </div>
          <div ref={plotRef} className="chart-plot" role="img" tabIndex={0} aria-label={summarySentence(summary)} onKeyDown={onKeyDown} />
          {/* Hover readout for sighted mouse users; the summary and table below serve everyone else. */}
          <p ref={readoutRef} className="chart-readout" aria-hidden="true" />
          <ChartSummary summary={summary} series={series} />
          <LatestFactors series={series} />
        </>
      )}
    </figure>
  );
}
