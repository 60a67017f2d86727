import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/server/http/rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst, then refuses until tokens refill at the rate', () => {
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 3 });
    expect([0, 0, 0, 0].map((t) => limiter.take('a', t).allowed)).toEqual([true, true, true, false]);
    expect(limiter.take('a', 0).retryAfterMs).toBe(500);
    expect(limiter.take('a', 500).allowed).toBe(true);
    expect(limiter.take('a', 500).allowed).toBe(false);
  });

  it('keeps one bucket per client', () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('b', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
  });

  it('stays bounded: idle buckets are dropped first when the key limit is reached', () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1 }, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 5_000);
    // 'a' and 'b' were full again (idle) and dropped: 'a' gets a fresh burst.
    expect(limiter.take('a', 5_000).allowed).toBe(true);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
  });
});
