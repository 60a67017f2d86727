import '../styles/app.css';
import '../zod-config.ts';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { TrustHistory } from '../../core/api/schemas/agents.ts';
import { TrustChart } from '../chart/TrustChart.tsx';
import { installNavigationGuard } from '../navigation-guard.ts';
import { AgentsScreen } from '../screens/AgentsScreen.tsx';
import { syntheticHistory } from './synthetic-history.ts';

/**
 * The renderer benchmarks' page (bench/agents-screen.bench.ts, bench/trust-chart.bench.ts): the
 * real AgentsScreen and TrustChart components, without the app frame, under the app's CSP. Not part
 * of the app's build. `?agents=<originId>` shows the Agents screen of that replica (through
 * window.warden, the test bridge); `window.__wardenBench.showChart(points)` generates a synthetic
 * history (outside the measurement), marks `trust-chart:start` and renders the chart, which marks
 * `trust-chart:drawn` on its first draw.
 */
declare global {
  interface Window {
    __wardenBench?: { showChart(points: number): void };
  }
}

function BenchPage() {
  const originId = Number(new URLSearchParams(location.search).get('agents') ?? '0');
  const [history, setHistory] = useState<TrustHistory | null>(null);
  useEffect(() => {
    window.__wardenBench = {
      showChart: (points) => {
        const generated = syntheticHistory(points);
        performance.mark('trust-chart:start');
        setHistory(generated);
      },
    };
  }, []);
  return (
    <main className="content bench-content">
      {originId > 0 && <AgentsScreen originId={originId} />}
      {history !== null && (
        <section className="panel" aria-label="Trust chart benchmark">
          <TrustChart history={history} />
        </section>
      )}
    </main>
  );
}

installNavigationGuard(window);
const root = document.getElementById('root');
if (root === null) throw new Error('the bench page has no #root element');
createRoot(root).render(
  <StrictMode>
    <BenchPage />
  </StrictMode>,
);
