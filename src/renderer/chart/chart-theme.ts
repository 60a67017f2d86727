import { TRUST_FACTOR_NAMES, type TrustBand, type TrustFactorName } from '../../core/trust/score.ts';

/**
 * The chart's colours, read from the CSS custom properties of the current theme (app.css and
 * screens.css define them for light and dark), so the canvas follows the theme like the rest.
 */
export interface ChartTheme {
  readonly text: string;
  readonly grid: string;
  readonly score: string;
  readonly anomaly: string;
  readonly factors: Readonly<Record<TrustFactorName, string>>;
  readonly bands: Readonly<Record<TrustBand, string>>;
}

export function readChartTheme(element: Element = document.documentElement): ChartTheme {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const factors = {} as Record<TrustFactorName, string>;
  TRUST_FACTOR_NAMES.forEach((name, i) => {
    factors[name] = v(`--chart-factor-${i + 1}`, '#888');
  });
  return {
    text: v('--text-muted', '#555'),
    grid: v('--border', '#ddd'),
    score: v('--accent', '#1f5fbf'),
    anomaly: v('--danger', '#b42318'),
    factors,
    bands: {
      full_autonomy: v('--band-full', 'rgba(29,122,69,0.08)'),
      normal: v('--band-normal', 'rgba(0,0,0,0)'),
      alert: v('--band-alert', 'rgba(200,140,0,0.08)'),
      human_approval: v('--band-human', 'rgba(220,100,0,0.10)'),
      suspension: v('--band-suspension', 'rgba(180,35,24,0.10)'),
    },
  };
}

/** Calls `onChange` when the theme may have changed (the OS scheme, or the app's theme attribute on <html>). */
export function watchTheme(onChange: () => void): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme', 'style'] });
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}
