/**
 * A small Server-Sent Events client for the tests (node:http, one real connection): parses the
 * stream per the WHATWG EventSource rules the registry relies on (fields `id`, `event`, `data`,
 * comments, blank-line dispatch) and keeps every frame's raw text, so tests can compare bytes.
 */
import { request, type IncomingMessage } from 'node:http';

export interface SseFrame {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string;
  /** The frame as received, including its terminating blank line. */
  readonly raw: string;
}

export interface SseClient {
  readonly status: number;
  /** Every event frame received so far. */
  readonly frames: SseFrame[];
  /** The next frame not yet taken (waits for it; rejects after `timeoutMs` or if the stream ends). */
  next(timeoutMs?: number): Promise<SseFrame>;
  /** Resolves when the server ends or drops the stream. */
  readonly ended: Promise<void>;
  /** Stops reading from the connection (the server's writes then back up), and starts again. */
  pause(): void;
  resume(): void;
  close(): void;
}

/** Opens `url` with `headers`; resolves once the answer's headers arrive (any status). */
export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient & { body?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } });
    req.on('error', reject);
    req.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ ...closedClient(status), body }));
        return;
      }
      resolve(openClient(req.destroy.bind(req), response));
    });
    req.end();
  });
}

function closedClient(status: number): SseClient {
  return { status, frames: [], next: () => Promise.reject(new Error('no stream')), ended: Promise.resolve(), pause: () => {}, resume: () => {}, close: () => {} };
}

function openClient(destroy: () => void, response: IncomingMessage): SseClient {
  const frames: SseFrame[] = [];
  let taken = 0;
  let buffer = '';
  let done = false;
  const waiters: (() => void)[] = [];
  const wake = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = { id: undefined as string | undefined, event: undefined as string | undefined, data: [] as string[] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'id') fields.id = value;
        else if (name === 'event') fields.event = value;
        else if (name === 'data') fields.data.push(value);
      }
      if (fields.data.length > 0) frames.push({ id: fields.id, event: fields.event, data: fields.data.join('\n'), raw: `${block}\n\n` });
    }
    wake();
  });
  const ended = new Promise<void>((resolve) => {
    const finish = (): void => {
      done = true;
      wake();
      resolve();
    };
    response.on('end', finish);
    response.on('close', finish);
    response.on('error', finish);
  });
  return {
    status: 200,
    frames,
    ended,
    pause: () => response.pause(),
    resume: () => response.resume(),
    close: destroy,
    async next(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (taken >= frames.length) {
        if (done) throw new Error('the event stream ended');
        if (Date.now() > deadline) throw new Error('no event arrived');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return frames[taken++] as SseFrame;
    },
  };
}
