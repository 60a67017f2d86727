/**
 * Crash consistency: `warden sync` runs in a child process and is killed with SIGKILL at random
 * moments (startup, pinning, tile verification, the middle of a batch transaction…). After every
 * kill the replica must reopen, pass `db check` with no finding, and a later sync must resume and
 * reach exactly the root, and the same derived state, as an uninterrupted sync.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { SeededRandom } from '../../../src/core/log/prng.ts';
import { checkReplica } from '../../../src/node/replica/db-check.ts';
import { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { tempReplica, type TempReplica } from './helpers/replica-fixture.ts';
import { generateServedLog, type ServedLog } from './helpers/served-log.ts';
import { TileServer } from './helpers/tile-server.ts';

const WARDEN = join(import.meta.dirname, '..', '..', '..', 'bin', 'warden.js');
const KILLS = 22;

let log: ServedLog;
let server: TileServer;
let temp: TempReplica;

beforeAll(async () => {
  log = generateServedLog({ label: 'crash', events: 1_400 }).served;
  server = await TileServer.start({ log });
  // A little latency per request spreads the kill points over every phase of the sync.
  server.fault = () => ({ kind: 'delay', ms: 2 });
  temp = tempReplica();
});

afterAll(async () => {
  await server.close();
  temp.cleanup();
});

interface Run {
  readonly killed: boolean;
  readonly code: number | null;
  readonly ms: number;
  readonly stderr: string;
}

/** Runs `warden sync` on `db`, killing it after `killAfterMs` if given. */
function runSync(db: string, killAfterMs?: number): Promise<Run> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [WARDEN, 'sync', '--registry', server.url(), '--db', db, '--log-key', log.verifierKey, '--batch', '64', '--concurrency', '2', '--quiet'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let killed = false;
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ killed: killed && code === null, code, ms: performance.now() - started, stderr });
    });
  });
}

function dump(store: ReplicaStore, table: string): unknown[] {
  return store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all();
}

describe('warden sync killed with SIGKILL', () => {
  it(`reopens consistent after each of ${KILLS} random kills and resumes to the root of an uninterrupted sync`, async () => {
    const reference = join(temp.dir, 'reference.db');
    const clean = await runSync(reference);
    expect(clean.code, clean.stderr).toBe(0);
    const budget = clean.ms;

    const random = new SeededRandom(`crash-${Date.now()}`);
    const points: string[] = [];
    let kills = 0;
    for (let campaign = 0; kills < KILLS; campaign++) {
      const db = join(temp.dir, `campaign-${campaign}.db`);
      for (;;) {
        const delay = random.int(0, Math.ceil(budget));
        const run = await runSync(db, delay);
        if (!run.killed) expect(run.code, run.stderr).toBe(0);
        else kills++;
        const done = !run.killed;
        try {
          const store = ReplicaStore.open(db, { mustExist: true });
          try {
            if (run.killed) expect((await checkReplica(store)).findings, `after a kill at ${delay} ms`).toEqual([]);
            const origin = store.listOrigins()[0];
            const cursor = origin === undefined ? 0 : store.getSyncState(origin.id).entries;
            points.push(`${delay} ms → ${run.killed ? 'killed' : 'finished'} at ${cursor}`);
          } finally {
            store.close();
          }
        } catch (error) {
          // Killed before the replica file was created: nothing to check.
          if ((error as { code?: unknown }).code !== 'REPLICA_UNREADABLE') throw error;
          points.push(`${delay} ms → killed before the replica existed`);
        }
        if (done || kills >= KILLS) break;
      }
      // Finish this campaign and compare it with the uninterrupted replica.
      expect((await runSync(db)).code).toBe(0);
      const resumed = ReplicaStore.open(db, { mustExist: true });
      const uninterrupted = ReplicaStore.open(reference, { mustExist: true });
      try {
        const origin = resumed.listOrigins()[0]?.id ?? 0;
        const verified = resumed.getCheckpoint(resumed.getSyncState(origin).verifiedCheckpointId ?? 0);
        expect(bytesToHex(verified.root)).toBe(bytesToHex(log.root()));
        for (const table of ['agents', 'agent_keys', 'tenants', 'delegations', 'status_actions', 'trust_history', 'entry_rejections', 'fold_state']) {
          expect(dump(resumed, table), table).toEqual(dump(uninterrupted, table));
        }
        expect((await checkReplica(resumed)).findings).toEqual([]);
      } finally {
        resumed.close();
        uninterrupted.close();
      }
    }
    expect(points.filter((p) => p.includes('killed')).length).toBeGreaterThanOrEqual(KILLS);
  }, 240_000);
});
