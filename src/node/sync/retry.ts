/**
 * Retries with exponential backoff and full jitter (a random delay in [0, min(max, base · 2^n)]),
 * for a bounded number of attempts, of failures that may heal (RETRYABLE_CODES: the network, the
 * server's status, a broken or inconsistent body). Anything else, and an aborted signal, ends at once.
 * The last failure is rethrown with `details.attempts`.
 */
import { isRetryable, ReplicaError } from '../replica/replica-error.ts';
import { abortError, isAborted } from './http-get.ts';

export interface RetryPolicy {
  /** Total attempts, at least 1 (default 5). */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or `policy.attempts` are used
 * up. `onRetry` hears about each failure that will be retried. Throws the last error, or the
 * signal's abort error (abortError) while waiting.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (error: ReplicaError, n: number, delayMs: number) => void,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let n = 1; ; n++) {
    if (signal?.aborted === true) throw abortError(signal);
    try {
      return await attempt(n);
    } catch (error) {
      if (!isRetryable(error) || isAborted(signal)) throw error;
      const failure = error as ReplicaError;
      if (n >= attempts) {
        throw new ReplicaError(failure.code, `${failure.message} (after ${n} attempts)`, {
          cause: failure.cause ?? failure,
          details: { ...failure.details, attempts: n },
        });
      }
      const delayMs = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      onRetry?.(failure, n, delayMs);
      await sleep(delayMs, signal);
    }
  }
}

/** Resolves after `ms`, or rejects with the abort error as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Overall stall detection: `signal` aborts with SYNC_STALLED when `touch()` has not been called for
 * `stallMs` (no byte received, no batch committed), whatever individual requests and retries do.
 */
export class StallWatchdog {
  readonly #controller = new AbortController();
  readonly #stallMs: number;
  #last = Date.now();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(stallMs: number) {
    this.#stallMs = stallMs;
    this.#timer = setInterval(() => this.#check(), Math.max(10, Math.min(1_000, Math.floor(stallMs / 4))));
    this.#timer.unref();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  touch(): void {
    this.#last = Date.now();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #check(): void {
    if (Date.now() - this.#last < this.#stallMs) return;
    this.stop();
    this.#controller.abort(new ReplicaError('SYNC_STALLED', `no progress for ${this.#stallMs} ms`, { details: { stallMs: this.#stallMs } }));
  }
}
