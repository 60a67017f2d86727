/**
 * The read side of the Agents screen without the window: agents.query (and the Overview behind it)
 * on 100,000 agents, called directly on the handlers over a real replica (test/fixtures/
 * large-replica.ts). The first call after a sync also builds the narrow copy of the agents table
 * (src/node/app/queries/agent-view.ts); it is reported apart. Goal for a filter: ≤ 100 ms end to end
 * on the screen (agents-screen.bench.ts), so the query itself should take a fraction of that.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY_SETTINGS } from '../src/core/api/schemas/settings.ts';
import type { AppReadContext } from '../src/node/app/app-context.ts';
import { createReadHandlers } from '../src/node/app/read-handlers.ts';
import { buildLargeReplica } from '../test/fixtures/large-replica.ts';
import type { BenchRow } from './types.ts';

const GROUP = 'agents query';
const AGENTS = 100_000;
const ROUNDS = 7;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'warden-bench-agents-'));
  const replica = await buildLargeReplica({ agents: AGENTS, dir: tmp });
  const store = replica.open();
  try {
    const ctx: AppReadContext = {
      store,
      policy: () => DEFAULT_POLICY_SETTINGS,
      latestReport: () => null,
      isBusy: () => false,
      originKind: () => 'registry',
      now: () => Date.now(),
    };
    const h = createReadHandlers(ctx);
    const originId = replica.originId;
    const query = (filter: object, column = 'displayName', direction = 'asc', offset = 0) =>
      h['agents.query']({ originId, filter, sort: { column, direction }, offset, limit: 200 } as never);
    const first = performance.now();
    query({});
    report({ group: GROUP, name: 'first call after a sync (builds the narrow copy)', value: Math.round(performance.now() - first), unit: 'ms' });
    const cases: [string, () => unknown][] = [
      ['first page by name', () => query({})],
      ['page at offset 50,000', () => query({}, 'displayName', 'asc', 50_000)],
      ['sort by trust score desc', () => query({}, 'trustScore', 'desc')],
      ['status = suspended', () => query({ status: 'suspended' })],
      ['search "ledger"', () => query({ search: 'ledger' })],
      ['dormant, by last session', () => query({ dormant: true }, 'lastSessionTime', 'desc')],
      ['overview.get', () => h['overview.get']({ originId })],
      ['agents.facets', () => h['agents.facets']({ originId })],
    ];
    for (const [name, fn] of cases) {
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const start = performance.now();
        fn();
        times.push(performance.now() - start);
      }
      report({ group: GROUP, name, value: Number(median(times).toFixed(1)), unit: 'ms', note: `median of ${ROUNDS}, ${AGENTS.toLocaleString('en-US')} agents` });
    }
  } finally {
    store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
