/**
 * A token bucket pacing the simulator to a target rate (statements per second). Policy: at most one
 * second of burst; `take` waits (abortably) until enough tokens accumulated; asking for more than
 * the burst is allowed and simply waits longer.
 */
export class Pacer {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #updated: number;

  /** `rate` > 0 tokens per second. */
  constructor(rate: number, now = Date.now()) {
    this.#rate = rate;
    this.#burst = Math.max(1, rate);
    this.#tokens = 0;
    this.#updated = now;
  }

  /** Waits until `n` tokens are available and takes them; resolves early (false) when `signal` aborts. */
  async take(n: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted === true) return false;
      const now = Date.now();
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#updated) * this.#rate) / 1000);
      this.#updated = now;
      if (this.#tokens >= n || (n > this.#burst && this.#tokens >= this.#burst)) {
        this.#tokens -= n;
        return true;
      }
      const waitMs = Math.min(250, Math.max(1, Math.ceil(((Math.min(n, this.#burst) - this.#tokens) * 1000) / this.#rate)));
      await sleep(waitMs, signal);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
