/**
 * The sync's view of a LogSource: every fetch retried with backoff (retry.ts), its size checked
 * against what the verified tree size requires (C2SP tlog-tiles: a tile of width W is exactly
 * 32·W bytes, a bundle of width W exactly W entries), counted for progress, and reported to the
 * stall watchdog. A wrong size or a malformed body is SYNC_BAD_RESPONSE (retried).
 */
import { ReplicaError } from '../replica/replica-error.ts';
import type { LogSource } from './log-source.ts';
import type { ProgressMeter } from './progress.ts';
import { withRetries, type RetryPolicy, type StallWatchdog } from './retry.ts';

export interface FetchContext {
  readonly source: LogSource;
  readonly signal: AbortSignal;
  readonly retry: RetryPolicy;
  readonly meter: ProgressMeter;
  readonly watchdog: StallWatchdog;
  readonly onRetry?: (error: ReplicaError, attempt: number, delayMs: number) => void;
}

/** Runs `attempt` with the context's retry policy. */
export function retrying<T>(ctx: FetchContext, attempt: () => Promise<T>): Promise<T> {
  return withRetries(attempt, ctx.retry, ctx.signal, ctx.onRetry);
}

/** One attempt at a hash tile: exactly width × 32 bytes. */
export async function fetchTileOnce(ctx: FetchContext, level: number, index: number, width: number): Promise<Uint8Array> {
  const bytes = await ctx.source.fetchTile(level, BigInt(index), width, ctx.signal);
  received(ctx, bytes.length);
  if (bytes.length !== width * 32) {
    throw new ReplicaError('SYNC_BAD_RESPONSE', `tile ${level}/${index} has ${bytes.length} bytes, expected ${width * 32}`, {
      details: { level, index, width, length: bytes.length, reason: 'wrong_size' },
    });
  }
  return bytes;
}

/** A hash tile, retried. */
export function fetchTile(ctx: FetchContext, level: number, index: number, width: number): Promise<Uint8Array> {
  return retrying(ctx, () => fetchTileOnce(ctx, level, index, width));
}

/** One attempt at an entry bundle, decoded: exactly `width` entries. */
export async function fetchBundleOnce(ctx: FetchContext, index: number, width: number): Promise<Uint8Array[]> {
  const bytes = await ctx.source.fetchEntryBundle(BigInt(index), width, ctx.signal);
  received(ctx, bytes.length);
  return splitEntryBundle(bytes, width, index);
}

/**
 * Splits a bundle into exactly `width` entries (c2sp.org/tlog-tiles "Log Entries": uint16
 * big-endian length, then the entry, repeated), as VIEWS into the fetched body: one allocation per
 * bundle rather than one per entry keeps a long sync's memory flat. The rules are those of the
 * core's decodeEntryBundle (truncated length or entry, more or fewer entries, trailing bytes:
 * malformed), reported as SYNC_BAD_RESPONSE.
 */
export function splitEntryBundle(bytes: Uint8Array, width: number, index: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length && entries.length < width) {
    if (offset + 2 > bytes.length) break;
    const length = ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number);
    if (offset + 2 + length > bytes.length) break;
    entries.push(bytes.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  if (entries.length !== width || offset !== bytes.length) {
    throw new ReplicaError('SYNC_BAD_RESPONSE', `entry bundle ${index} does not hold exactly ${width} well-framed entries`, {
      details: { index, width, decoded: entries.length, length: bytes.length, reason: 'malformed_bundle' },
    });
  }
  return entries;
}

function received(ctx: FetchContext, bytes: number): void {
  ctx.meter.addBytes(bytes);
  ctx.watchdog.touch();
}
