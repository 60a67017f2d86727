/**
 * Long operations (sync, import, verification) run as jobs: the call that starts one returns its
 * id at once; the window polls `jobs.get` and may `jobs.cancel`.
 *
 * Policy:
 * - ids are 128 random bits, base64url (unguessable, never reused);
 * - one job per lock (an origin) at a time: a second is refused with APP_BUSY before it starts;
 * - a job that fails after its signal was aborted is `cancelled` (whatever it threw: the abort is
 *   the cause); one that completed its work is `succeeded` even if the cancel came late; a failure
 *   keeps the error's code (coded-error.ts) and never an uncoded message;
 * - the 50 most recent finished jobs are kept; running jobs are never dropped.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/api/errors.ts';
import type { Job } from '../../core/api/schemas/jobs.ts';
import { toCodedError, type MessageScrubber } from './coded-error.ts';

export type JobKind = Job['kind'];

export interface JobProgress {
  readonly phase?: string;
  readonly done?: number;
  readonly total?: number | null;
  readonly ratePerSecond?: number | null;
  readonly etaSeconds?: number | null;
}

export interface JobControl {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(update: JobProgress): void;
  /** The job now concerns this replica (a first connection learns it when the key is pinned). */
  setOrigin(originId: number): void;
}

export interface JobSpec {
  readonly kind: JobKind;
  readonly title: string;
  readonly originId: number | null;
  /** Jobs with the same lock never run at once (APP_BUSY). */
  readonly lock?: string;
}

/** What a job's body resolves with: one line for people. */
export interface JobOutcome {
  readonly summary: string;
}

export const MAX_KEPT_JOBS = 50;
/** jobs.list answers at most this many (the contract's bound). */
export const MAX_LISTED_JOBS = 100;
const MAX_LABEL = 500;

interface Entry {
  job: Job;
  readonly lock: string | undefined;
  readonly controller: AbortController;
  done: Promise<void>;
}

export class JobRunner {
  readonly #now: () => number;
  readonly #jobs = new Map<string, Entry>();
  readonly #onInternalError: ((error: unknown) => void) | undefined;
  readonly #scrub: MessageScrubber | undefined;

  constructor(now: () => number, onInternalError?: (error: unknown) => void, scrub?: MessageScrubber) {
    this.#now = now;
    this.#onInternalError = onInternalError;
    this.#scrub = scrub;
  }

  /** Whether a job holding `lock` is running. */
  isLocked(lock: string): boolean {
    for (const entry of this.#jobs.values()) if (entry.lock === lock && entry.job.state === 'running') return true;
    return false;
  }

  /** Whether a running job concerns `originId`. */
  isRunningFor(originId: number): boolean {
    for (const entry of this.#jobs.values()) if (entry.job.originId === originId && entry.job.state === 'running') return true;
    return false;
  }

  /** Starts `body` as a job and returns it at once. Throws APP_BUSY when `spec.lock` is held. */
  start(spec: JobSpec, body: (control: JobControl) => Promise<JobOutcome>): Job {
    if (spec.lock !== undefined && this.isLocked(spec.lock)) {
      throw new AppError('APP_BUSY', 'a sync, import or verification of this log is already running');
    }
    const id = randomBytes(16).toString('base64url');
    const controller = new AbortController();
    const entry: Entry = {
      job: {
        id,
        kind: spec.kind,
        state: 'running',
        title: label(spec.title),
        originId: spec.originId,
        phase: 'Starting',
        done: 0,
        total: null,
        ratePerSecond: null,
        etaSeconds: null,
        startedMs: this.#now(),
        finishedMs: null,
        error: null,
        summary: null,
      },
      lock: spec.lock,
      controller,
      done: Promise.resolve(),
    };
    this.#jobs.set(id, entry);
    const control: JobControl = {
      id,
      signal: controller.signal,
      progress: (update) => {
        if (entry.job.state === 'running') entry.job = { ...entry.job, ...cleanProgress(update) };
      },
      setOrigin: (originId) => {
        entry.job = { ...entry.job, originId };
      },
    };
    entry.done = this.#run(entry, control, body);
    this.#prune();
    return entry.job;
  }

  async #run(entry: Entry, control: JobControl, body: (control: JobControl) => Promise<JobOutcome>): Promise<void> {
    try {
      // A turn of the event loop first: the caller gets the job id before any work runs.
      await Promise.resolve();
      if (entry.controller.signal.aborted) {
        this.#finish(entry, 'cancelled', null, null);
        return;
      }
      const outcome = await body(control);
      this.#finish(entry, 'succeeded', null, outcome.summary);
    } catch (error) {
      const coded = toCodedError(error, this.#scrub);
      if (coded.code === 'API_INTERNAL') this.#report(error);
      this.#finish(entry, entry.controller.signal.aborted ? 'cancelled' : 'failed', coded, null);
    }
  }

  #finish(entry: Entry, state: Job['state'], error: Job['error'], summary: string | null): void {
    entry.job = {
      ...entry.job,
      state,
      error,
      summary: summary === null ? (state === 'cancelled' ? 'Cancelled' : null) : label(summary),
      finishedMs: Math.max(entry.job.startedMs, this.#now()),
      etaSeconds: state === 'succeeded' ? 0 : null,
    };
    this.#prune();
  }

  #report(error: unknown): void {
    try {
      this.#onInternalError?.(error);
    } catch {
      // Logging never changes a job's outcome.
    }
  }

  /** The job `id`. Throws APP_JOB_UNKNOWN. */
  get(id: string): Job {
    const entry = this.#jobs.get(id);
    if (entry === undefined) throw new AppError('APP_JOB_UNKNOWN', 'no job with this id');
    return entry.job;
  }

  /** Running jobs first, then the most recent; at most MAX_LISTED_JOBS. */
  list(): Job[] {
    const jobs = [...this.#jobs.values()].map((e) => e.job);
    return jobs.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || b.startedMs - a.startedMs).slice(0, MAX_LISTED_JOBS);
  }

  /** Asks job `id` to stop (no-op when it ended). Throws APP_JOB_UNKNOWN. */
  cancel(id: string): Job {
    const entry = this.#jobs.get(id);
    if (entry === undefined) throw new AppError('APP_JOB_UNKNOWN', 'no job with this id');
    if (entry.job.state === 'running') entry.controller.abort();
    return entry.job;
  }

  /** Resolves when job `id` has ended (tests, close). */
  async settled(id: string): Promise<Job> {
    const entry = this.#jobs.get(id);
    if (entry === undefined) throw new AppError('APP_JOB_UNKNOWN', 'no job with this id');
    await entry.done;
    return entry.job;
  }

  /** Cancels every running job and waits for them to end. */
  async cancelAll(): Promise<void> {
    const running = [...this.#jobs.values()].filter((e) => e.job.state === 'running');
    for (const entry of running) entry.controller.abort();
    await Promise.all(running.map((e) => e.done));
  }

  #prune(): void {
    const finished = [...this.#jobs.values()].filter((e) => e.job.state !== 'running').sort((a, b) => b.job.startedMs - a.job.startedMs);
    for (const entry of finished.slice(MAX_KEPT_JOBS)) this.#jobs.delete(entry.job.id);
  }
}

function cleanProgress(update: JobProgress): Partial<Job> {
  const out: { -readonly [K in keyof Job]?: Job[K] } = {};
  if (update.phase !== undefined) out.phase = label(update.phase);
  if (update.done !== undefined) out.done = count(update.done);
  if (update.total !== undefined) out.total = update.total === null ? null : count(update.total);
  if (update.ratePerSecond !== undefined) out.ratePerSecond = nonNegative(update.ratePerSecond);
  if (update.etaSeconds !== undefined) out.etaSeconds = nonNegative(update.etaSeconds);
  return out;
}

function count(n: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(0, Math.floor(n)), Number.MAX_SAFE_INTEGER) : 0;
}

function nonNegative(n: number | null): number | null {
  return n === null || !Number.isFinite(n) || n < 0 ? null : n;
}

function label(text: string): string {
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1)}…`;
}
