import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../src/core/api/schemas/jobs.ts';
import { IDLE_POLL_MS, JOB_POLL_MS, onJobEnded, useJobsStore } from '../../../src/renderer/store/jobs-store.ts';
import { job } from './fixtures.ts';

/** A window.warden whose jobs.list answers from `script` in turn (the last answer repeats). */
function stubJobs(script: Job[][]) {
  let calls = 0;
  const warden = {
    jobs: {
      list: async () => ({ ok: true, value: { jobs: script[Math.min(calls++, script.length - 1)] } }),
      cancel: async ({ jobId }: { jobId: string }) => ({ ok: true, value: job({ id: jobId, state: 'cancelled', finishedMs: 9_000 }) }),
    },
  };
  vi.stubGlobal('window', { warden });
  return { calls: () => calls };
}

beforeEach(() => {
  vi.useFakeTimers();
  useJobsStore.setState({ jobs: [], tracked: new Set(), pollError: null });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('useJobsStore', () => {
  it('polls every 500 ms while a job runs, tells listeners when it ends, then slows down', async () => {
    const done = job({ state: 'succeeded', finishedMs: 5_000, summary: 'Synced' });
    const api = stubJobs([[job()], [job({ done: 60 })], [done]]);
    const ended: string[] = [];
    const stop = onJobEnded((j) => ended.push(`${j.id} ${j.state}`));
    await useJobsStore.getState().refreshJobs();
    expect(api.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(JOB_POLL_MS);
    expect(useJobsStore.getState().jobs[0]?.done).toBe(60);
    await vi.advanceTimersByTimeAsync(JOB_POLL_MS);
    expect(ended).toEqual(['job-00000001 succeeded']);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS - 1);
    expect(api.calls()).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.calls()).toBe(4);
    expect(ended).toHaveLength(1);
    stop();
  });

  it('polls only every 5 s when nothing runs, and picks up a job started elsewhere', async () => {
    const api = stubJobs([[], [job({ id: 'job-menu0001' })]]);
    await useJobsStore.getState().refreshJobs();
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS - 1);
    expect(api.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(useJobsStore.getState().jobs.map((j) => j.id)).toEqual(['job-menu0001']);
    await vi.advanceTimersByTimeAsync(JOB_POLL_MS);
    expect(api.calls()).toBe(3);
  });

  describe('when a job started here is not listed yet', () => {
    it('keeps polling until it appears, and reports it even if it had already ended', async () => {
      const fast = job({ id: 'job-fast0001', state: 'succeeded', finishedMs: 1_200 });
      stubJobs([[], [], [fast]]);
      const ended: string[] = [];
      const stop = onJobEnded((j) => ended.push(j.id));
      useJobsStore.getState().trackJob('job-fast0001');
      await vi.advanceTimersByTimeAsync(JOB_POLL_MS * 3);
      expect(ended).toEqual(['job-fast0001']);
      stop();
    });

    it('falls back to the idle pace after a bounded number of fast polls', async () => {
      const api = stubJobs([[]]);
      useJobsStore.getState().trackJob('job-lost0001');
      await vi.advanceTimersByTimeAsync(JOB_POLL_MS * 19);
      expect(api.calls()).toBe(20);
      await vi.advanceTimersByTimeAsync(IDLE_POLL_MS - 1);
      expect(api.calls()).toBe(20);
    });
  });

  describe('when jobs.list fails while a job runs', () => {
    it('records the error and retries more slowly', async () => {
      let calls = 0;
      vi.stubGlobal('window', {
        warden: { jobs: { list: async () => (calls++ === 0 ? { ok: true, value: { jobs: [job()] } } : { ok: false, error: { code: 'API_TRANSPORT', message: 'down' } }) } },
      });
      await useJobsStore.getState().refreshJobs();
      await vi.advanceTimersByTimeAsync(JOB_POLL_MS);
      expect(useJobsStore.getState().pollError?.code).toBe('API_TRANSPORT');
      await vi.advanceTimersByTimeAsync(JOB_POLL_MS * 3);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(2000);
      expect(calls).toBe(3);
    });
  });

  it('cancels a job and shows its new state at once', async () => {
    stubJobs([[job()]]);
    await useJobsStore.getState().refreshJobs();
    await useJobsStore.getState().cancelJob('job-00000001');
    expect(useJobsStore.getState().jobs.find((j) => j.id === 'job-00000001')?.state).toBe('cancelled');
  });
});
