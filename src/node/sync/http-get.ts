/**
 * One bounded HTTP GET (global fetch, i.e. undici) for the sync: the server is attacker-controlled
 * and may be slow, silent, huge or broken, so every request has
 * - a total deadline (`timeoutMs`) and an idle deadline between body chunks (`idleTimeoutMs`):
 *   a server that stops sending mid-body fails with SYNC_TIMEOUT instead of hanging;
 * - a size limit on the DECODED body (`maxBytes`, checked against Content-Length first and then
 *   while reading, so a compressed bomb is cut off as it inflates): SYNC_RESPONSE_TOO_LARGE;
 * - exactly one accepted status, 200 (anything else: SYNC_HTTP_STATUS with `details.status`);
 * - connection failures as SYNC_NETWORK and a body that breaks off as SYNC_BAD_RESPONSE.
 * Aborting `signal` ends the request at once: its reason is rethrown when it is a ReplicaError (the
 * sync's stall watchdog), SYNC_CANCELLED otherwise.
 */
import { ReplicaError } from '../replica/replica-error.ts';

export interface HttpGetOptions {
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxBytes: number;
  /** Ask for gzip (tlog-tiles bundles SHOULD be compressed); false asks for identity. Default true. */
  readonly compression?: boolean;
  readonly signal?: AbortSignal;
  /** Called with the size of each body chunk as it arrives (progress, stall detection). */
  readonly onBytes?: (n: number) => void;
}

type Deadline = 'timeout' | 'idle' | 'too_large';

/** GETs `url` under the limits above and returns the body. Throws ReplicaError (see the module comment). */
export async function httpGet(url: URL, options: HttpGetOptions): Promise<Uint8Array> {
  const { signal } = options;
  if (signal?.aborted === true) throw abortError(signal);
  const controller = new AbortController();
  let deadline: Deadline | undefined;
  const expire = (why: Deadline): void => {
    deadline ??= why;
    controller.abort();
  };
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const total = setTimeout(() => expire('timeout'), options.timeoutMs);
  let idle = setTimeout(() => expire('idle'), options.idleTimeoutMs);
  let phase: 'connect' | 'body' = 'connect';
  try {
    const encoding = options.compression === false ? 'identity' : 'gzip';
    const response = await fetch(url, { signal: controller.signal, headers: { accept: '*/*', 'accept-encoding': encoding } });
    phase = 'body';
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new ReplicaError('SYNC_HTTP_STATUS', `GET ${url.pathname} answered HTTP ${response.status}`, {
        details: { url: url.href, status: response.status },
      });
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(url, options.maxBytes);
    }
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = response.body?.getReader();
    if (reader !== undefined) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        clearTimeout(idle);
        idle = setTimeout(() => expire('idle'), options.idleTimeoutMs);
        length += value.length;
        if (length > options.maxBytes) {
          expire('too_large');
          await reader.cancel().catch(() => undefined);
          throw tooLarge(url, options.maxBytes);
        }
        options.onBytes?.(value.length);
        chunks.push(value);
      }
    }
    return concat(chunks, length);
  } catch (error) {
    if (error instanceof ReplicaError && error.code !== 'SYNC_CANCELLED') throw error;
    if (isAborted(signal)) throw abortError(signal as AbortSignal);
    if (deadline === 'too_large') throw tooLarge(url, options.maxBytes);
    if (deadline !== undefined) {
      const what = deadline === 'idle' ? `sent nothing for ${options.idleTimeoutMs} ms` : `took longer than ${options.timeoutMs} ms`;
      throw new ReplicaError('SYNC_TIMEOUT', `GET ${url.pathname} ${what}`, { cause: error, details: { url: url.href, deadline } });
    }
    const reason = describeCause(error);
    if (phase === 'connect') {
      throw new ReplicaError('SYNC_NETWORK', `GET ${url.pathname} failed: ${reason}`, { cause: error, details: { url: url.href } });
    }
    throw new ReplicaError('SYNC_BAD_RESPONSE', `GET ${url.pathname}: the body broke off (${reason})`, {
      cause: error,
      details: { url: url.href, reason: 'truncated' },
    });
  } finally {
    clearTimeout(total);
    clearTimeout(idle);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Whether `signal` is given and aborted (a function, so that TypeScript does not narrow it away). */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** The error for an aborted `signal`: its reason if that is a ReplicaError, else SYNC_CANCELLED. */
export function abortError(signal: AbortSignal): ReplicaError {
  const reason: unknown = signal.reason;
  if (reason instanceof ReplicaError) return reason;
  return new ReplicaError('SYNC_CANCELLED', 'the sync was cancelled', { cause: reason });
}

function tooLarge(url: URL, maxBytes: number): ReplicaError {
  return new ReplicaError('SYNC_RESPONSE_TOO_LARGE', `GET ${url.pathname}: the body exceeds ${maxBytes} bytes`, {
    details: { url: url.href, maxBytes },
  });
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
