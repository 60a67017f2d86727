import { describe, expect, it } from 'vitest';
import { ReplicaError } from '../../../src/node/replica/replica-error.ts';
import { sleep, StallWatchdog, withRetries } from '../../../src/node/sync/retry.ts';

const POLICY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

describe('withRetries', () => {
  it('retries a retryable failure until it succeeds', async () => {
    let calls = 0;
    const retried: number[] = [];
    const value = await withRetries(
      () => {
        calls++;
        return calls < 3 ? Promise.reject(new ReplicaError('SYNC_NETWORK', 'reset')) : Promise.resolve('ok');
      },
      POLICY,
      undefined,
      (_, n) => retried.push(n),
    );
    expect(value).toBe('ok');
    expect(retried).toEqual([1, 2]);
  });

  it('gives up after the last attempt with the last code and the attempt count', async () => {
    let calls = 0;
    const failing = withRetries(() => {
      calls++;
      return Promise.reject(new ReplicaError('SYNC_HTTP_STATUS', 'HTTP 503', { details: { status: 503 } }));
    }, POLICY);
    await expect(failing).toRejectWithCode('SYNC_HTTP_STATUS');
    await failing.catch((error: ReplicaError) => expect(error.details).toMatchObject({ status: 503, attempts: 4 }));
    expect(calls).toBe(4);
  });

  it.each([['SYNC_FORK'], ['SYNC_CHECKPOINT_INVALID'], ['SYNC_CANCELLED']] as const)('does not retry %s', async (code) => {
    let calls = 0;
    await expect(
      withRetries(() => {
        calls++;
        return Promise.reject(new ReplicaError(code, 'no'));
      }, POLICY),
    ).toRejectWithCode(code);
    expect(calls).toBe(1);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const pending = withRetries(() => Promise.reject(new ReplicaError('SYNC_TIMEOUT', 'slow')), { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 }, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(pending).toRejectWithCode('SYNC_CANCELLED');
  });
});

describe('sleep', () => {
  it('rejects with the abort reason when it is a ReplicaError', async () => {
    const controller = new AbortController();
    controller.abort(new ReplicaError('SYNC_STALLED', 'stuck'));
    await expect(sleep(10, controller.signal)).toRejectWithCode('SYNC_STALLED');
  });
});

describe('StallWatchdog', () => {
  it('aborts with SYNC_STALLED when nothing touches it, not while it is touched', async () => {
    const watchdog = new StallWatchdog(60);
    const touching = setInterval(() => watchdog.touch(), 10);
    await sleep(150);
    expect(watchdog.signal.aborted).toBe(false);
    clearInterval(touching);
    await expect(sleep(1_000, watchdog.signal)).toRejectWithCode('SYNC_STALLED');
    watchdog.stop();
  });
});
