import { describe, expect, it } from 'vitest';
import { createVerificationStore } from '../../../src/renderer/verification/verification-store.ts';

const job = (state: string, done: number, extra: Record<string, unknown> = {}) => ({
  id: 'job-00000001',
  kind: 'verify',
  state,
  title: 'Verifying',
  originId: 1,
  phase: 'Verifying entries',
  done,
  total: 10,
  ratePerSecond: 5,
  etaSeconds: 1,
  startedMs: 0,
  finishedMs: null,
  error: null,
  summary: null,
  ...extra,
});
const report = { verdict: 'verified', checks: [] };

function setup(jobStates: ReturnType<typeof job>[], extra: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  const calls: string[] = [];
  const saved: string[] = [];
  let latest: unknown = null;
  let polls = 0;
  const answers: Record<string, (args: Record<string, unknown>) => unknown> = {
    'verify.latest': () => ({ report: latest }),
    'jobs.list': () => ({ jobs: [] }),
    'verify.start': () => {
      latest = report;
      return { jobId: 'job-00000001' };
    },
    'jobs.get': () => jobStates[Math.min(polls++, jobStates.length - 1)],
    'jobs.cancel': () => job('cancelled', 3),
    'verify.exportRecord': () => ({ fileName: 'record.json', json: '{}' }),
    ...extra,
  };
  const api = async (method: string, args: Record<string, unknown>) => {
    calls.push(method);
    const answer = answers[method];
    if (answer === undefined) throw new Error(`unexpected ${method}`);
    return answer(args);
  };
  const store = createVerificationStore({ api: api as never, wait: () => Promise.resolve(), save: (name) => saved.push(name) });
  return { store, calls, saved };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('createVerificationStore', () => {
  describe('when the replica was never verified', () => {
    it('is ready with no report', async () => {
      const { store } = setup([]);
      store.getState().open(1);
      await flush();
      expect(store.getState().status).toBe('ready');
      expect(store.getState().report).toBeNull();
    });
  });

  it('polls the job while it runs, then loads the new report', async () => {
    const { store, calls } = setup([job('running', 0), job('running', 5), job('succeeded', 10)]);
    store.getState().open(1);
    await flush();
    await store.getState().start();
    expect(calls.filter((m) => m === 'jobs.get').length).toBeGreaterThanOrEqual(3);
    expect(store.getState().job?.state).toBe('succeeded');
    expect(store.getState().report).toEqual(report);
  });

  describe('when the job fails', () => {
    it('keeps the job error for ErrorPanel', async () => {
      const { store } = setup([job('running', 0), job('failed', 2, { error: { code: 'VERIFY_CANCELLED', message: 'no' } })]);
      store.getState().open(1);
      await store.getState().start();
      expect(store.getState().jobError).toEqual({ code: 'VERIFY_CANCELLED', message: 'no' });
    });
  });

  describe('when verify.start is refused', () => {
    it('keeps its error', async () => {
      const { store } = setup([], {
        'verify.start': () => {
          throw new Error('busy');
        },
      });
      store.getState().open(1);
      await store.getState().start();
      expect(store.getState().jobError?.code).toBe('API_INTERNAL');
    });
  });

  it('cancels a running job', async () => {
    const { store, calls } = setup([job('running', 1)]);
    store.getState().open(1);
    await flush();
    store.setState({ job: job('running', 1) as never });
    await store.getState().cancel();
    expect(calls).toContain('jobs.cancel');
    expect(store.getState().job?.state).toBe('cancelled');
    store.getState().reset();
  });

  it('picks up a run started elsewhere', async () => {
    const { store } = setup([job('succeeded', 10)], { 'jobs.list': () => ({ jobs: [job('running', 4)] }) });
    store.getState().open(1);
    await flush();
    await flush();
    await flush();
    expect(store.getState().job?.state).toBe('succeeded');
  });

  it('exports the record as a download', async () => {
    const { store, saved } = setup([]);
    store.getState().open(1);
    await store.getState().exportRecord();
    expect(saved).toEqual(['record.json']);
    expect(store.getState().exporting).toBe(false);
  });
});
