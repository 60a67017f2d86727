import { create } from 'zustand';
import type { Job } from '../../core/api/schemas/jobs.ts';
import { call, toShownError, type ShownError } from '../api.ts';
import { anyRunning, reconcileJobs, upsertJob } from './jobs-reducer.ts';

/**
 * Jobs (sync, import, verify, demo): polled with `jobs.list` every 500 ms while any runs, and every
 * 5 s otherwise, so a job started elsewhere (another screen's store, the menu, a second window)
 * still shows in the tray. Starting a job from this window calls `trackJob`, which polls at once.
 * When a job ends, `onJobEnded` listeners run (the frame notifies the person and reloads data).
 */
export const JOB_POLL_MS = 500;
export const IDLE_POLL_MS = 5000;

export interface JobsState {
  jobs: readonly Job[];
  /** Ids started from this window. */
  tracked: ReadonlySet<string>;
  pollError: ShownError | null;
  /** Polls jobs.list now (and again every 500 ms while any runs); never rejects. */
  refreshJobs: () => Promise<void>;
  /** Records that this window started `jobId` and polls. */
  trackJob: (jobId: string) => void;
  /** jobs.cancel; rejects with the AppError. */
  cancelJob: (jobId: string) => Promise<void>;
}

type EndedListener = (job: Job) => void;
const endedListeners = new Set<EndedListener>();

/** Runs `listener` for every job that ends from now on; returns the unsubscribe function. */
export function onJobEnded(listener: EndedListener): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

/** After a failed poll while work runs, try again at this slower pace. */
const RETRY_MS = 2000;
/** A tracked job not listed after this many polls is forgotten (the services dropped it). */
const MAX_UNSEEN_POLLS = 20;

let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight: Promise<void> | null = null;
let unseenPolls = 0;

export const useJobsStore = create<JobsState>()((set, get) => ({
  jobs: [],
  tracked: new Set(),
  pollError: null,
  refreshJobs: () => {
    // One request at a time: a click during a poll joins the poll in flight.
    inFlight ??= (async () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      try {
        const { jobs } = await call('jobs.list', {});
        const { jobs: sorted, ended } = reconcileJobs(get().jobs, jobs, get().tracked);
        set({ jobs: sorted, pollError: null });
        for (const job of ended) for (const listener of endedListeners) listener(job);
      } catch (error) {
        set({ pollError: toShownError(error) });
      } finally {
        inFlight = null;
      }
      // Keep polling while something runs, or while a tracked job has not been listed yet.
      const { jobs, tracked, pollError } = get();
      const unseen = [...tracked].some((id) => !jobs.some((job) => job.id === id));
      unseenPolls = unseen ? unseenPolls + 1 : 0;
      const busy = anyRunning(jobs) || (unseen && unseenPolls < MAX_UNSEEN_POLLS);
      const delay = !busy ? IDLE_POLL_MS : pollError === null ? JOB_POLL_MS : RETRY_MS;
      timer = setTimeout(() => void get().refreshJobs(), delay);
    })();
    return inFlight;
  },
  trackJob: (jobId) => {
    unseenPolls = 0;
    set((state) => ({ tracked: new Set([...state.tracked, jobId]) }));
    void get().refreshJobs();
  },
  cancelJob: async (jobId) => {
    const job = await call('jobs.cancel', { jobId });
    set((state) => ({ jobs: upsertJob(state.jobs, job) }));
    void get().refreshJobs();
  },
}));

/** Named selectors for useJobsStore. */
export const jobsSelectors = {
  jobs: (state: JobsState) => state.jobs,
  pollError: (state: JobsState) => state.pollError,
  trackJob: (state: JobsState) => state.trackJob,
  cancelJob: (state: JobsState) => state.cancelJob,
  refreshJobs: (state: JobsState) => state.refreshJobs,
  job: (jobId: string | null) => (state: JobsState) => (jobId === null ? null : (state.jobs.find((job) => job.id === jobId) ?? null)),
};
