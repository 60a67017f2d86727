/** JobRunner: states, progress, coded failures, cancellation, locks, and how many jobs it keeps. */
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/core/api/errors.ts';
import { jobSchema } from '../../../src/core/api/schemas/jobs.ts';
import { ProtocolError } from '../../../src/core/errors.ts';
import { JobRunner, MAX_KEPT_JOBS } from '../../../src/node/app/job-runner.ts';
import { ReplicaError } from '../../../src/node/replica/replica-error.ts';

const spec = { kind: 'sync', title: 'Syncing', originId: null } as const;
let clock = 1_000;
const runner = (): JobRunner => new JobRunner(() => clock++);

describe('JobRunner.start', () => {
  it('returns a running job with a random base64url id at once, then succeeds with the summary', async () => {
    const jobs = runner();
    const job = jobs.start(spec, async (control) => {
      control.progress({ phase: 'Verifying entries', done: 5, total: 10, ratePerSecond: 100, etaSeconds: 0.05 });
      expect(jobs.get(control.id)).toMatchObject({ phase: 'Verifying entries', done: 5, total: 10 });
      control.setOrigin(3);
      return { summary: 'Synced 10 entries' };
    });
    expect(job).toMatchObject({ state: 'running', done: 0, total: null, finishedMs: null });
    expect(job.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const ended = await jobs.settled(job.id);
    expect(ended).toMatchObject({ state: 'succeeded', summary: 'Synced 10 entries', originId: 3, error: null });
    expect(jobSchema.safeParse(ended).success).toBe(true);
  });

  it.each([
    ['an AppError', new AppError('APP_BUSY', 'busy'), 'APP_BUSY', 'busy'],
    ['a ProtocolError', new ProtocolError('BUNDLE_MALFORMED', 'not a zip'), 'BUNDLE_MALFORMED', 'not a zip'],
    ['a ReplicaError', new ReplicaError('SYNC_FORK', 'two roots'), 'SYNC_FORK', 'two roots'],
    ['an uncoded error', new Error('/home/someone/secret path'), 'API_INTERNAL', 'the operation failed unexpectedly'],
    ['a thrown string', 'boom', 'API_INTERNAL', 'the operation failed unexpectedly'],
  ])('records %s as a coded failure', async (_what, error, code, message) => {
    const reported: unknown[] = [];
    const jobs = new JobRunner(() => clock++, (e) => reported.push(e));
    const job = jobs.start(spec, () => Promise.reject(error));
    expect(await jobs.settled(job.id)).toMatchObject({ state: 'failed', error: { code, message }, summary: null });
    expect(reported).toEqual(code === 'API_INTERNAL' ? [error] : []);
  });

  it('bounds what progress reports to the contract', async () => {
    const jobs = runner();
    const job = jobs.start(spec, async (control) => {
      control.progress({ phase: 'x'.repeat(900), done: -4, total: Number.NaN, ratePerSecond: Number.POSITIVE_INFINITY, etaSeconds: -1 });
      return { summary: 'y'.repeat(900) };
    });
    const ended = await jobs.settled(job.id);
    expect(jobSchema.safeParse(ended).success).toBe(true);
    expect(ended).toMatchObject({ done: 0, total: 0, ratePerSecond: null });
  });

  it('refuses a second job holding the same lock (APP_BUSY), not another lock', async () => {
    const jobs = runner();
    let release = (): void => {};
    const first = jobs.start({ ...spec, lock: 'origin:a' }, () => new Promise((resolve) => (release = () => resolve({ summary: 'ok' }))));
    expect(() => jobs.start({ ...spec, lock: 'origin:a' }, () => Promise.resolve({ summary: 'no' }))).toThrowWithCode('APP_BUSY');
    const other = jobs.start({ ...spec, lock: 'origin:b' }, () => Promise.resolve({ summary: 'yes' }));
    await jobs.settled(other.id);
    release();
    await jobs.settled(first.id);
    expect(jobs.isLocked('origin:a')).toBe(false);
  });
});

describe('JobRunner.cancel', () => {
  it('never runs a job cancelled before it started', async () => {
    const jobs = runner();
    let ran = false;
    const job = jobs.start(spec, () => {
      ran = true;
      return Promise.resolve({ summary: 'ran' });
    });
    jobs.cancel(job.id);
    expect(await jobs.settled(job.id)).toMatchObject({ state: 'cancelled', error: null, summary: 'Cancelled' });
    expect(ran).toBe(false);
  });

  it('aborts the signal; a job that then fails is cancelled', async () => {
    const jobs = runner();
    let started = (): void => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const job = jobs.start(spec, (control) => new Promise((_resolve, reject) => {
      control.signal.addEventListener('abort', () => reject(new ReplicaError('SYNC_CANCELLED', 'cancelled')));
      started();
    }));
    await running;
    jobs.cancel(job.id);
    expect(await jobs.settled(job.id)).toMatchObject({ state: 'cancelled', error: { code: 'SYNC_CANCELLED' }, summary: 'Cancelled' });
  });

  it('answers APP_JOB_UNKNOWN for an unknown id', () => {
    expect(() => runner().cancel('nope-nope-nope')).toThrowWithCode('APP_JOB_UNKNOWN');
    expect(() => runner().get('nope-nope-nope')).toThrowWithCode('APP_JOB_UNKNOWN');
  });

  it('cancelAll stops every running job', async () => {
    const jobs = runner();
    let count = 0;
    const never = (control: { signal: AbortSignal }) => new Promise<{ summary: string }>((_r, reject) => {
      count++;
      control.signal.addEventListener('abort', () => reject(new Error('stopped')));
    });
    const a = jobs.start(spec, never);
    const b = jobs.start(spec, never);
    await vi.waitFor(() => expect(count).toBe(2));
    await jobs.cancelAll();
    expect(jobs.get(a.id).state).toBe('cancelled');
    expect(jobs.get(b.id).state).toBe('cancelled');
  });
});

describe('JobRunner.list', () => {
  it(`keeps the ${MAX_KEPT_JOBS} most recent finished jobs and every running one`, async () => {
    const jobs = runner();
    let release = (): void => {};
    const running = jobs.start(spec, () => new Promise((resolve) => (release = () => resolve({ summary: 'ok' }))));
    const ids: string[] = [];
    for (let i = 0; i < MAX_KEPT_JOBS + 10; i++) {
      const job = jobs.start(spec, () => Promise.resolve({ summary: `job ${i}` }));
      ids.push(job.id);
      await jobs.settled(job.id);
    }
    const listed = jobs.list();
    expect(listed).toHaveLength(MAX_KEPT_JOBS + 1);
    expect(listed[0]?.id).toBe(running.id);
    expect(listed.slice(1).map((j) => j.id)).toEqual(ids.slice(-MAX_KEPT_JOBS).reverse());
    expect(() => jobs.get(ids[0] ?? '')).toThrowWithCode('APP_JOB_UNKNOWN');
    release();
    await jobs.settled(running.id);
  });
});
