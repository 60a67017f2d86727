import { describe, expect, it } from 'vitest';
import { anyRunning, reconcileJobs, sortJobs, upsertJob } from '../../../src/renderer/store/jobs-reducer.ts';
import { job } from './fixtures.ts';

describe('reconcileJobs', () => {
  it('reports a job that was running and has now ended, once', () => {
    const running = job();
    const done = job({ state: 'succeeded', finishedMs: 5_000, summary: 'Synced 100 entries' });
    const first = reconcileJobs([running], [done]);
    expect(first.ended).toEqual([done]);
    expect(reconcileJobs(first.jobs, [done]).ended).toEqual([]);
  });

  it('does not report history that was already finished when the window opened', () => {
    expect(reconcileJobs([], [job({ state: 'failed', finishedMs: 2_000 })]).ended).toEqual([]);
  });

  describe('when a job started from this window ended before the first poll', () => {
    it('reports it because it is tracked', () => {
      const done = job({ id: 'job-fast0001', state: 'succeeded', finishedMs: 1_100 });
      expect(reconcileJobs([], [done], new Set(['job-fast0001'])).ended).toEqual([done]);
    });
  });

  it('does not report jobs still running', () => {
    expect(reconcileJobs([job()], [job({ done: 50 })]).ended).toEqual([]);
  });
});

describe('sortJobs', () => {
  it('puts running jobs first, oldest first, then ended ones, newest first', () => {
    const jobs = [
      job({ id: 'ended-old01', state: 'succeeded', finishedMs: 10 }),
      job({ id: 'running-new', startedMs: 500 }),
      job({ id: 'ended-new01', state: 'cancelled', finishedMs: 20 }),
      job({ id: 'running-old', startedMs: 100 }),
    ];
    expect(sortJobs(jobs).map((j) => j.id)).toEqual(['running-old', 'running-new', 'ended-new01', 'ended-old01']);
  });
});

describe('anyRunning', () => {
  it('is true only while a job runs', () => {
    expect(anyRunning([])).toBe(false);
    expect(anyRunning([job({ state: 'failed' })])).toBe(false);
    expect(anyRunning([job({ state: 'failed' }), job({ id: 'job-00000002' })])).toBe(true);
  });
});

describe('upsertJob', () => {
  it('replaces a job by id and keeps the others', () => {
    const a = job({ id: 'job-aaaaaaaa' });
    const b = job({ id: 'job-bbbbbbbb', startedMs: 2_000 });
    const cancelled = job({ id: 'job-aaaaaaaa', state: 'cancelled', finishedMs: 3_000 });
    expect(upsertJob([a, b], cancelled)).toEqual([b, cancelled]);
  });
});
