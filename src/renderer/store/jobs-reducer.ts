import type { Job } from '../../core/api/schemas/jobs.ts';

/**
 * Pure reductions over `jobs.list` answers: which jobs ended since the last answer (to notify the
 * person once per job) and the order the job tray shows them in.
 */

export interface JobsReconciled {
  readonly jobs: readonly Job[];
  /** Jobs that were running (or were started from this window) and have now ended. */
  readonly ended: readonly Job[];
}

/**
 * Merges a fresh `jobs.list` answer (`next`) with what the window knew (`previous`). A job counts
 * as ended when it is no longer running and either was seen running before or is `tracked` (started
 * from this window, so it may have finished before the first poll). Jobs already finished when
 * first seen and not tracked (history from before the window opened) are not reported.
 */
export function reconcileJobs(previous: readonly Job[], next: readonly Job[], tracked: ReadonlySet<string> = new Set()): JobsReconciled {
  const before = new Map(previous.map((job) => [job.id, job]));
  const ended: Job[] = [];
  for (const job of next) {
    if (job.state === 'running') continue;
    const old = before.get(job.id);
    if (old?.state === 'running' || (old === undefined && tracked.has(job.id))) ended.push(job);
  }
  return { jobs: sortJobs(next), ended };
}

/** Running jobs first (oldest first, so the list does not jump), then ended ones, newest first. */
export function sortJobs(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => {
    const ra = a.state === 'running' ? 0 : 1;
    const rb = b.state === 'running' ? 0 : 1;
    if (ra !== rb) return ra - rb;
    if (ra === 0) return a.startedMs - b.startedMs || a.id.localeCompare(b.id);
    return (b.finishedMs ?? b.startedMs) - (a.finishedMs ?? a.startedMs) || a.id.localeCompare(b.id);
  });
}

/** Whether any job is still running (the tray keeps polling while one is). */
export function anyRunning(jobs: readonly Job[]): boolean {
  return jobs.some((job) => job.state === 'running');
}

/** Replaces or adds one job (an answer from `jobs.get` or `jobs.cancel`). */
export function upsertJob(jobs: readonly Job[], job: Job): Job[] {
  const rest = jobs.filter((existing) => existing.id !== job.id);
  return sortJobs([...rest, job]);
}
