/**
 * Per-client token buckets (in memory, keyed by remote address) for the session and admin
 * endpoints (issue 3 "rate limiting per client on the admin and session endpoints").
 *
 * Policy: each key holds up to `burst` tokens, refilled at `ratePerSecond`; a request takes one or is
 * refused with the time until the next token (the server answers 429 with Retry-After). Memory is
 * bounded: past `maxKeys` keys, buckets that are full again (idle clients) are dropped first, then
 * everything (a flood of spoofed-looking addresses cannot grow the map without bound).
 */

export interface RateLimitConfig {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Milliseconds until a token is available (0 when allowed). */
  readonly retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const DEFAULT_MAX_KEYS = 10_000;

/** A set of token buckets with one configuration. */
export class RateLimiter {
  readonly config: RateLimitConfig;
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxKeys: number;

  /** Throws RangeError for a non-positive rate or a burst below 1 (configuration errors). */
  constructor(config: RateLimitConfig, maxKeys = DEFAULT_MAX_KEYS) {
    if (!(config.ratePerSecond > 0) || !(config.burst >= 1)) throw new RangeError('rate limit needs ratePerSecond > 0 and burst >= 1');
    this.config = config;
    this.#maxKeys = maxKeys;
  }

  /** Takes one token for `key` at `nowMs`. */
  take(key: string, nowMs: number): RateDecision {
    const { ratePerSecond, burst } = this.config;
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#maxKeys) this.#prune(nowMs);
      bucket = { tokens: burst, updatedMs: nowMs };
      this.#buckets.set(key, bucket);
    } else {
      const elapsed = Math.max(0, nowMs - bucket.updatedMs);
      bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * ratePerSecond) / 1000);
      bucket.updatedMs = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / ratePerSecond) };
  }

  #prune(nowMs: number): void {
    const { ratePerSecond, burst } = this.config;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((nowMs - bucket.updatedMs) * ratePerSecond) / 1000 >= burst) this.#buckets.delete(key);
    }
    if (this.#buckets.size >= this.#maxKeys) this.#buckets.clear();
  }
}
