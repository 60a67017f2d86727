/**
 * The read side under test: the real handlers over a real replica file (buildLargeReplica: a real
 * signed log synced by the real sync engine), called the way `invokeMethod` calls them: arguments
 * parsed by the contract first, and every result parsed by the contract's result schema, which must
 * keep it unchanged (no field outside the schema, none missing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { API_CONTRACT, type ApiArgsInput, type ApiResult } from '../../../../src/core/api/contract.ts';
import { DEFAULT_POLICY_SETTINGS, type PolicySettings } from '../../../../src/core/api/schemas/settings.ts';
import type { VerificationReport } from '../../../../src/core/api/schemas/verification.ts';
import type { AppReadContext, ReplicaKind } from '../../../../src/node/app/app-context.ts';
import { createReadHandlers, type ReadMethod } from '../../../../src/node/app/read-handlers.ts';
import { buildLargeReplica, type LargeReplica } from '../../../fixtures/large-replica.ts';
import { LogWriter } from '../../../../src/core/log/log-writer.ts';
import { ReplicaStore } from '../../../../src/node/replica/replica-store.ts';
import { syncReplica } from '../../../../src/node/sync/sync-replica.ts';
import { memorySource } from '../../bundle/helpers/bundle-fixture.ts';
import { nativePublicKey, nativeSign, seedFrom, ServedLog } from '../../sync/helpers/served-log.ts';

export interface ReadFixture {
  readonly replica: LargeReplica;
  readonly store: ReplicaStore;
  readonly ctx: TestContext;
  call<M extends ReadMethod>(method: M, args: ApiArgsInput<M>): ApiResult<M>;
  cleanup(): void;
}

export interface TestContext extends AppReadContext {
  policySettings: PolicySettings;
  reports: Map<number, VerificationReport>;
  busy: Set<number>;
  kind: ReplicaKind;
  nowMs: number;
}

/** A context over `store` whose policy, reports, busy set and clock a test may change. */
export function testContext(store: ReplicaStore): TestContext {
  const ctx: TestContext = {
    store,
    policySettings: { ...DEFAULT_POLICY_SETTINGS },
    reports: new Map(),
    busy: new Set(),
    kind: 'registry',
    nowMs: Date.parse('2026-07-01T00:00:00Z'),
    policy: () => ctx.policySettings,
    latestReport: (originId) => ctx.reports.get(originId) ?? null,
    isBusy: (originId) => ctx.busy.has(originId),
    originKind: () => ctx.kind,
    now: () => ctx.nowMs,
  };
  return ctx;
}

/** Calls a read handler as invokeMethod would, and checks the result against the contract. */
export function callRead<M extends ReadMethod>(ctx: AppReadContext, method: M, args: ApiArgsInput<M>): ApiResult<M> {
  const spec = API_CONTRACT[method];
  const parsed = spec.args.parse(args) as never;
  const handler = createReadHandlers(ctx)[method] as (a: never) => ApiResult<M>;
  const result = handler(parsed);
  expect(result).not.toBeInstanceOf(Promise);
  const checked = spec.result.safeParse(result);
  if (!checked.success) throw new Error(`${method} result outside the contract: ${checked.error.message}`);
  expect(checked.data).toEqual(result);
  return result;
}

/** A copy of the generated replica with `agents` agents in a fresh temporary directory. */
export async function openReadFixture(agents: number): Promise<ReadFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-read-'));
  const replica = await buildLargeReplica({ agents, dir });
  const store = replica.open();
  const ctx = testContext(store);
  return {
    replica,
    store,
    ctx,
    call: (method, args) => callRead(ctx, method, args),
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal verification report naming findings (agent id, entry index), as the verifier's jobs store it. */
export function reportWith(originId: number, findings: { agentId?: string; index?: number; code?: string; severity?: 'error' | 'warning' | 'info' }[]): VerificationReport {
  return {
    originId,
    jobId: null,
    verdict: findings.some((f) => (f.severity ?? 'error') === 'error') ? 'failed' : 'verified',
    atMs: Date.parse('2026-06-30T00:00:00Z'),
    treeSize: '10',
    rootHex: '00'.repeat(32),
    entries: 10,
    checkpoints: 1,
    elapsedMs: 5,
    counts: {
      error: findings.filter((f) => (f.severity ?? 'error') === 'error').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
      info: findings.filter((f) => f.severity === 'info').length,
    },
    firstBadEntry: null,
    checks: [
      {
        check: 6,
        name: 'policy',
        findings: findings.map((f) => ({
          code: f.code ?? 'TEST_FINDING',
          severity: f.severity ?? 'error',
          message: 'a finding made by the test',
          index: f.index ?? null,
          agentId: f.agentId ?? null,
          checkpointSize: null,
        })),
        omitted: 0,
      },
    ],
    recordSha256Hex: '00'.repeat(32),
  };
}

export interface WrittenReplica {
  readonly store: ReplicaStore;
  readonly ctx: TestContext;
  readonly originId: number;
  readonly writer: LogWriter;
  readonly served: ServedLog;
  call<M extends ReadMethod>(method: M, args: ApiArgsInput<M>): ApiResult<M>;
  cleanup(): void;
}

/**
 * A replica of a hand-written log: `write` appends to a LogWriter (the registry key is the log key),
 * then the real sync engine syncs the log (to `sizes` in turn: default, all of it) into a new file.
 */
export async function writtenReplica(write: (writer: LogWriter) => void, sizes?: (size: number) => number[]): Promise<WrittenReplica> {
  const keySeed = seedFrom('log:written');
  const writer = new LogWriter({ seed: 'written', registrySeed: keySeed, sign: nativeSign, publicKey: nativePublicKey });
  write(writer);
  const served = new ServedLog(writer.origin, keySeed, writer.bytes);
  const dir = mkdtempSync(join(tmpdir(), 'warden-read-'));
  const store = ReplicaStore.open(join(dir, 'replica.db'));
  for (const size of sizes?.(served.size) ?? [served.size]) {
    await syncReplica({ db: store, source: memorySource(served, size), logKey: served.verifierKey });
  }
  const ctx = testContext(store);
  return {
    store,
    ctx,
    originId: store.listOrigins()[0]?.id as number,
    writer,
    served,
    call: (method, args) => callRead(ctx, method, args),
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
