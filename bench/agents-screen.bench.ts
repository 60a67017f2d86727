/**
 * Agents screen with 100,000 agents (issue 6, BENCHMARKS.md): time to first rows and time to apply
 * a filter, goal ≤ 100 ms each; and the renderer's memory with the Agents screen and a 1,000,000-point
 * trust chart open together, goal ≤ 500 MB.
 *
 * Real parts: the replica of test/fixtures/large-replica.ts (100,000 agents, synced by the real
 * sync engine), the real app services (createAppServices) and handlers behind the test bridge, the
 * real AgentsScreen in Debian's Chromium (the bench page of src/renderer/bench, see
 * trust-chart.bench.ts). Times are performance marks inside the page:
 * - first rows: `agents:mount` (the screen's first effect) → `agents:rows` (the first page of rows
 *   committed to the DOM), i.e. agents.query + facets over the bridge, React render;
 * - a filter: `agents:query` (the store applies the new filter, after the search box's debounce) →
 *   `agents:rows` (the first rows, or the empty state, committed);
 * - memory: CDP JSHeapUsedSize of the page, and the RSS of the renderer process (/proc).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createAppServices, REPLICA_FILE } from '../src/node/app/app-services.ts';
import { createApiHandlers } from '../src/node/bridge/handlers.ts';
import { buildLargeReplica } from '../test/fixtures/large-replica.ts';
import { jsHeapMiB, markCount, measureBetween, rendererRssMiB, startBenchPage } from './trust-chart.bench.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'agents screen';
const AGENTS = 100_000;
const ROUNDS = 3;
const CHART_POINTS = 1_000_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface FilterStep {
  readonly name: string;
  apply(page: Page): Promise<void>;
}

// Each step changes the view as a person would, through the screen's own controls.
const FILTERS: readonly FilterStep[] = [
  { name: 'status = revoked', apply: (page) => page.getByLabel('Status', { exact: true }).selectOption('revoked').then(() => undefined) },
  { name: 'tenant (second in the list)', apply: (page) => page.getByLabel('Tenant', { exact: true }).selectOption({ index: 1 }).then(() => undefined) },
  { name: 'score band = alert', apply: (page) => page.getByLabel('Score band', { exact: true }).selectOption('alert').then(() => undefined) },
  { name: 'clear filters', apply: (page) => page.getByRole('button', { name: /^Clear filters/ }).first().click() },
  { name: 'sort by trust score', apply: (page) => page.getByRole('button', { name: 'Trust score' }).click() },
  { name: 'search "-42" (after the 150 ms debounce)', apply: (page) => page.getByRole('searchbox', { name: 'Search' }).fill('-42') },
];

async function timeFilter(page: Page, step: FilterStep): Promise<number> {
  const before = await markCount(page, 'agents:rows');
  await step.apply(page);
  return measureBetween(page, 'agents:query', 'agents:rows', before);
}

// Scrolls the grid to its middle and waits until no placeholder row is in view (a page fetched and drawn).
function timeJumpToMiddle(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const body = document.querySelector('.agents-body');
    const start = performance.now();
    body.scrollTop = body.scrollHeight / 2;
    const check = () => {
      if (performance.now() - start > 30000) return reject(new Error('rows never loaded'));
      const rows = body.querySelectorAll('.agents-row');
      if (rows.length > 0 && body.querySelector('.agents-row.loading') === null) return resolve(performance.now() - start);
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`) as Promise<number>;
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'warden-bench-agents-'));
  const replica = await buildLargeReplica({ agents: AGENTS, dir: path.join(tmp, 'fixture') });
  const dataDir = path.join(tmp, 'data');
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(replica.path, path.join(dataDir, REPLICA_FILE));
  const services = await createAppServices({ dataDir });
  const bench = await startBenchPage(createApiHandlers({ name: 'Agent Warden', version: '0.0.0', runtime: 'browser' }, services));
  try {
    const firstRows: number[] = [];
    const filters = new Map<string, number[]>();
    const jumps: number[] = [];
    let memory: { heap: number; rss: { largest: number; total: number } | null } | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      const page = await bench.open(`?agents=${replica.originId}`);
      firstRows.push(await measureBetween(page, 'agents:mount', 'agents:rows', 0));
      jumps.push(await timeJumpToMiddle(page));
      for (const step of FILTERS) {
        const list = filters.get(step.name) ?? [];
        list.push(await timeFilter(page, step));
        filters.set(step.name, list);
      }
      if (round === ROUNDS - 1) {
        // Both open: the Agents screen (with its page cache) and a million-point chart.
        const drawn = await markCount(page, 'trust-chart:drawn');
        await page.evaluate(`window.__wardenBench.showChart(${CHART_POINTS})`);
        await measureBetween(page, 'trust-chart:start', 'trust-chart:drawn', drawn);
        await page.waitForTimeout(500);
        memory = { heap: await jsHeapMiB(page), rss: rendererRssMiB() };
      }
      await page.context().close();
    }
    const shape = `${replica.agents.toLocaleString('en-US')} agents, ${replica.entries.toLocaleString('en-US')} entries; real services over the bridge; ${ROUNDS} fresh pages`;
    report({ group: GROUP, name: 'agents 100k: time to first rows (best)', value: Math.min(...firstRows), unit: 'ms', note: `${shape}; goal ≤ 100 ms` });
    report({ group: GROUP, name: 'agents 100k: time to first rows (median)', value: median(firstRows), unit: 'ms', note: `all: ${firstRows.map((v) => v.toFixed(0)).join(', ')} (first includes a cold SQLite cache)` });
    for (const [name, values] of filters) {
      report({ group: GROUP, name: `agents 100k: apply filter: ${name} (median)`, value: median(values), unit: 'ms', note: `all: ${values.map((v) => v.toFixed(0)).join(', ')}; goal ≤ 100 ms` });
    }
    report({ group: GROUP, name: 'agents 100k: jump to the middle, rows drawn (median)', value: median(jumps), unit: 'ms', note: 'scroll to row 50,000, page fetched, frame painted' });
    if (memory !== null) {
      report({ group: GROUP, name: 'renderer JS heap, agents 100k + trust chart 1M open', value: memory.heap, unit: 'MiB', note: 'CDP JSHeapUsedSize; goal ≤ 500 MB' });
      if (memory.rss !== null) {
        report({ group: GROUP, name: 'renderer RSS, agents 100k + trust chart 1M open', value: memory.rss.largest, unit: 'MiB', note: `the page's renderer process (/proc VmRSS); all renderers ${memory.rss.total.toFixed(0)} MiB; goal ≤ 500 MB` });
      }
    }
  } finally {
    await bench.close();
    await services.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
