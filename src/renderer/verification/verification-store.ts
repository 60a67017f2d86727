import { create } from 'zustand';
import type { Job } from '../../core/api/schemas/jobs.ts';
import type { VerificationReport } from '../../core/api/schemas/verification.ts';
import { call, toShownError, type ApiCall, type ShownError } from '../api.ts';
import { saveTextFile } from '../agents/save-file.ts';

/**
 * The Verification screen's store: the latest report (verify.latest), a verification run as a job
 * (verify.start, then jobs.get every POLL_MS while it runs; jobs.cancel), and the record export.
 *
 * Policy: one run per replica at a time; a run started elsewhere (the menu) is picked up from
 * jobs.list when the screen opens. Polling stops when the job ends or the replica changes. On
 * success the report is reloaded. Actions never reject; failures are kept for ErrorPanel.
 */
export const POLL_MS = 250;

export interface VerificationState {
  originId: number | null;
  report: VerificationReport | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: ShownError | null;
  job: Job | null;
  /** Starting, polling or cancelling the run failed, or the run itself failed. */
  jobError: ShownError | null;
  exporting: boolean;
  exportError: ShownError | null;
  open: (originId: number) => void;
  loadLatest: () => Promise<void>;
  start: () => Promise<void>;
  cancel: () => Promise<void>;
  exportRecord: () => Promise<void>;
  reset: () => void;
}

export interface VerificationStoreOptions {
  api?: ApiCall;
  /** Waits between polls (tests pass an immediate one). */
  wait?: (ms: number) => Promise<void>;
  save?: typeof saveTextFile;
}

const initial = { originId: null, report: null, status: 'idle' as const, error: null, job: null, jobError: null, exporting: false, exportError: null };

export function createVerificationStore({ api = call, wait = (ms) => new Promise((r) => setTimeout(r, ms)), save = saveTextFile }: VerificationStoreOptions = {}) {
  return create<VerificationState>()((set, get) => {
    // Bumped on every new poll loop and on reset, so an old loop stops at its next turn.
    let pollToken = 0;

    const poll = async (jobId: string, originId: number) => {
      const token = ++pollToken;
      for (;;) {
        await wait(POLL_MS);
        if (token !== pollToken || get().originId !== originId) return;
        let job: Job;
        try {
          job = await api('jobs.get', { jobId });
        } catch (error) {
          if (token === pollToken) set({ jobError: toShownError(error) });
          return;
        }
        if (token !== pollToken || get().originId !== originId) return;
        set({ job });
        if (job.state === 'running') continue;
        if (job.state === 'failed') set({ jobError: job.error ?? { code: 'API_INTERNAL', message: 'The verification failed' } });
        if (job.state === 'succeeded') await get().loadLatest();
        return;
      }
    };

    return {
      ...initial,
      open: (originId) => {
        if (get().originId === originId && get().status !== 'idle') return;
        pollToken++;
        set({ ...initial, originId });
        void get().loadLatest();
        // Pick up a run started elsewhere (the menu's Verify command).
        void api('jobs.list', {})
          .then(({ jobs }) => {
            const running = jobs.find((j) => j.kind === 'verify' && j.state === 'running' && j.originId === originId);
            if (running && get().originId === originId && get().job === null) {
              set({ job: running });
              void poll(running.id, originId);
            }
          })
          .catch(() => {
            // Without the list the screen still works; a new run can be started.
          });
      },
      loadLatest: async () => {
        const { originId } = get();
        if (originId === null) return;
        set({ status: 'loading', error: null });
        try {
          const { report } = await api('verify.latest', { originId });
          if (get().originId === originId) set({ report, status: 'ready' });
        } catch (error) {
          if (get().originId === originId) set({ status: 'failed', error: toShownError(error) });
        }
      },
      start: async () => {
        const { originId, job } = get();
        if (originId === null || job?.state === 'running') return;
        set({ jobError: null, job: null });
        try {
          const { jobId } = await api('verify.start', { originId });
          if (get().originId !== originId) return;
          try {
            set({ job: await api('jobs.get', { jobId }) });
          } catch {
            // The first poll below reports it.
          }
          await poll(jobId, originId);
        } catch (error) {
          set({ jobError: toShownError(error) });
        }
      },
      cancel: async () => {
        const { job } = get();
        if (job === null || job.state !== 'running') return;
        try {
          const cancelled = await api('jobs.cancel', { jobId: job.id });
          // The poll loop sees the final state; show it now as well.
          set({ job: cancelled });
        } catch (error) {
          set({ jobError: toShownError(error) });
        }
      },
      exportRecord: async () => {
        const { originId } = get();
        if (originId === null) return;
        set({ exporting: true, exportError: null });
        try {
          const { fileName, json } = await api('verify.exportRecord', { originId });
          save(fileName, json, 'application/json');
          set({ exporting: false });
        } catch (error) {
          set({ exporting: false, exportError: toShownError(error) });
        }
      },
      reset: () => {
        pollToken++;
        set(initial);
      },
    };
  });
}

export const useVerificationStore = createVerificationStore();

/** Named selectors for useVerificationStore. */
export const verificationSelectors = {
  originId: (s: VerificationState) => s.originId,
  report: (s: VerificationState) => s.report,
  status: (s: VerificationState) => s.status,
  error: (s: VerificationState) => s.error,
  job: (s: VerificationState) => s.job,
  running: (s: VerificationState) => s.job?.state === 'running',
  jobError: (s: VerificationState) => s.jobError,
  exporting: (s: VerificationState) => s.exporting,
  exportError: (s: VerificationState) => s.exportError,
  open: (s: VerificationState) => s.open,
  loadLatest: (s: VerificationState) => s.loadLatest,
  start: (s: VerificationState) => s.start,
  cancel: (s: VerificationState) => s.cancel,
  exportRecord: (s: VerificationState) => s.exportRecord,
};
