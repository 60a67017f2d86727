import type { Job } from '../../../src/core/api/schemas/jobs.ts';
import type { ReplicaSummary } from '../../../src/core/api/schemas/replicas.ts';

/** A job as jobs.list returns it; `overrides` change any field. */
export function job(overrides: Partial<Job> = {}): Job {
  return {
    id: 'job-00000001',
    kind: 'sync',
    state: 'running',
    title: 'Syncing registry.example/log',
    originId: 1,
    phase: 'Fetching tiles',
    done: 10,
    total: 100,
    ratePerSecond: 50,
    etaSeconds: 1.8,
    startedMs: 1_000,
    finishedMs: null,
    error: null,
    summary: null,
    ...overrides,
  };
}

/** A replica as replicas.list returns it. */
export function replica(originId: number, overrides: Partial<ReplicaSummary> = {}): ReplicaSummary {
  return {
    originId,
    origin: `registry${originId}.example/log`,
    kind: 'registry',
    source: `https://registry${originId}.example`,
    logKey: { name: `registry${originId}.example/log`, vkey: `registry${originId}.example/log+01234567+AAAA`, fingerprint: 'SHA256:0123 4567' },
    witnesses: [],
    entries: 10,
    verifiedCheckpoint: null,
    lastSuccessMs: null,
    lastError: null,
    forkEvidence: 0,
    busy: false,
    ...overrides,
  };
}
