/**
 * Fan-out of security events to Server-Sent Events subscribers (docs/protocol.md §11.11).
 *
 * Policy:
 * - every event is serialised once, already framed for the HTTP body (event-log.ts: one HTTP/1.1
 *   chunk, or plain bytes for a close-delimited HTTP/1.0 body), and that same buffer is written
 *   straight to every live subscriber's socket: 1,000 subscribers cost 1,000 socket writes, not
 *   1,000 encodings, signatures or chunk framings. Only whole chunks are written, so the response's
 *   own `end()` (its terminating chunk) stays valid;
 * - backpressure: a subscriber whose connection already holds `maxBufferedBytes` unsent bytes when
 *   an event is to be written (it reads slower than events arrive) is disconnected at once rather
 *   than buffered without bound (at most the limit plus one frame is ever held for it); it
 *   reconnects with `Last-Event-ID` and resumes from the log;
 * - resuming: a subscriber with a cursor first receives, from the log, every event after the cursor
 *   up to the last event published when it connected (paced by its connection's drain: at most half
 *   the limit unsent), while new events queue for it (bounded by the same limit); then it goes live.
 *   So each event is delivered exactly once, in log order, on one connection;
 * - a comment line every `heartbeatMs` keeps proxies from closing idle streams and finds dead
 *   sockets; at most `maxSubscribers` at once; on close every stream is ended.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../http/http-server.ts';
import { wireBytes, type EventFrame, type EventLog, type WireBytes } from './event-log.ts';

export interface EventHubOptions {
  /** Unsent bytes allowed per subscriber before it is disconnected (default 1 MiB). */
  readonly maxBufferedBytes?: number;
  /** Interval of heartbeat comments (default 15 s). */
  readonly heartbeatMs?: number;
  /** Most concurrent subscribers (default 10,000). */
  readonly maxSubscribers?: number;
  /** The reconnection delay suggested to clients (SSE `retry`, default 2 s). */
  readonly retryMs?: number;
}

export interface SubscribeOptions {
  /** Resume after this log index (replay the events after it first). */
  readonly after?: number;
  /** Only events of this tenant. */
  readonly tenant?: string;
}

export interface EventHubStats {
  readonly subscribers: number;
  /** Subscribers disconnected for reading too slowly, since start. */
  readonly dropped: number;
  /** Events published live, since start. */
  readonly published: number;
}

interface Subscriber {
  readonly response: ServerResponse;
  readonly socket: Socket;
  readonly chunked: boolean;
  readonly tenant: string | undefined;
  live: boolean;
  closed: boolean;
  queue: EventFrame[];
  queuedBytes: number;
}

const REPLAY_PAGE = 256;
const HEARTBEAT = wireBytes(': heartbeat\n\n');

/** See the module policy. */
export class EventHub {
  readonly #log: EventLog;
  readonly #logger: Logger;
  readonly #maxBuffered: number;
  readonly #maxSubscribers: number;
  readonly #preamble: WireBytes;
  readonly #subscribers = new Set<Subscriber>();
  readonly #heartbeat: NodeJS.Timeout;
  #dropped = 0;
  #published = 0;
  #closed = false;

  constructor(log: EventLog, logger: Logger, options: EventHubOptions = {}) {
    this.#log = log;
    this.#logger = logger;
    this.#maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.#maxSubscribers = options.maxSubscribers ?? 10_000;
    this.#preamble = wireBytes(`: warden security events\nretry: ${options.retryMs ?? 2000}\n\n`);
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  get stats(): EventHubStats {
    return { subscribers: this.#subscribers.size, dropped: this.#dropped, published: this.#published };
  }

  /** Whether another subscriber may join now. */
  get full(): boolean {
    return this.#closed || this.#subscribers.size >= this.#maxSubscribers;
  }

  /**
   * Takes over `response` (status and headers already sent) as a subscriber: writes the stream
   * preamble, replays from `options.after` if given, then streams live events until either side
   * closes.
   */
  subscribe(response: ServerResponse, options: SubscribeOptions = {}): void {
    const socket = response.socket;
    if (socket === null || socket.destroyed) return;
    if (response.writableLength > socket.writableLength) {
      // The headers still wait in the response (a pipelined request queued behind another answer on
      // this connection): frames written to the socket would overtake them. Event streams are not
      // pipelined by any client; refuse the connection rather than corrupt it.
      socket.destroy();
      return;
    }
    const subscriber: Subscriber = {
      response,
      socket,
      chunked: response.chunkedEncoding,
      tenant: options.tenant,
      live: options.after === undefined,
      closed: false,
      queue: [],
      queuedBytes: 0,
    };
    this.#subscribers.add(subscriber);
    response.on('close', () => this.#remove(subscriber));
    this.#write(subscriber, this.#preamble);
    if (options.after !== undefined) void this.#replay(subscriber, options.after, this.#log.lastIndex);
  }

  /** Writes `frame` to every live subscriber it concerns (and queues it for those still replaying). */
  publish(frame: EventFrame): void {
    this.#published++;
    for (const subscriber of this.#subscribers) {
      if (subscriber.tenant !== undefined && subscriber.tenant !== frame.tenant) continue;
      if (subscriber.live) {
        this.#write(subscriber, frame.wire);
        continue;
      }
      subscriber.queue.push(frame);
      subscriber.queuedBytes += frame.wire.plain.length;
      if (subscriber.queuedBytes > this.#maxBuffered) this.#drop(subscriber, 'events arrived faster than its replay was read');
    }
  }

  /** Ends every stream and stops the heartbeat. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    for (const subscriber of this.#subscribers) {
      subscriber.closed = true;
      subscriber.response.end();
    }
    this.#subscribers.clear();
  }

  async #replay(subscriber: Subscriber, after: number, upTo: number): Promise<void> {
    let cursor = after;
    try {
      for (;;) {
        const page = this.#log.between(cursor, upTo, REPLAY_PAGE);
        if (page.length === 0) break;
        for (const index of page) {
          if (subscriber.closed) return;
          cursor = index;
          const frame = this.#log.frame(index);
          if (subscriber.tenant !== undefined && subscriber.tenant !== frame.tenant) continue;
          if (!(await this.#paced(subscriber, frame.wire))) return;
        }
      }
      // Events published meanwhile, then live: no await between the last queued frame and `live`.
      for (let frame = subscriber.queue.shift(); frame !== undefined; frame = subscriber.queue.shift()) {
        subscriber.queuedBytes -= frame.wire.plain.length;
        if (!(await this.#paced(subscriber, frame.wire))) return;
      }
      subscriber.live = true;
    } catch (error) {
      this.#logger.error(`event replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.#drop(subscriber, 'replay failed');
    }
  }

  // Replay pace: never more than half the limit unsent, waiting for the subscriber to read.
  async #paced(subscriber: Subscriber, bytes: WireBytes): Promise<boolean> {
    if (!subscriber.closed && subscriber.socket.writableLength > this.#maxBuffered / 2) await drainOrClose(subscriber.socket);
    return this.#write(subscriber, bytes);
  }

  // Writes one whole frame, or disconnects a subscriber whose unsent bytes already reach the limit
  // (so at most the limit plus one frame is ever held for it). Returns false then.
  #write(subscriber: Subscriber, bytes: WireBytes): boolean {
    if (subscriber.closed) return false;
    const { socket } = subscriber;
    if (socket.destroyed) {
      this.#remove(subscriber);
      return false;
    }
    if (socket.writableLength >= this.#maxBuffered) {
      this.#drop(subscriber, 'it reads too slowly');
      return false;
    }
    socket.write(subscriber.chunked ? bytes.chunked : bytes.plain);
    return true;
  }

  #beat(): void {
    for (const subscriber of this.#subscribers) this.#write(subscriber, HEARTBEAT);
  }

  #drop(subscriber: Subscriber, why: string): void {
    if (subscriber.closed) return;
    this.#dropped++;
    this.#logger.info(`event stream: disconnected a subscriber (${why}); it may resume with Last-Event-ID`);
    this.#remove(subscriber);
    subscriber.socket.destroy();
  }

  #remove(subscriber: Subscriber): void {
    subscriber.closed = true;
    subscriber.queue = [];
    this.#subscribers.delete(subscriber);
  }
}

// Waits for the socket to drain or close, leaving no listener behind.
async function drainOrClose(socket: Socket): Promise<void> {
  const controller = new AbortController();
  const { signal } = controller;
  try {
    await Promise.race([once(socket, 'drain', { signal }), once(socket, 'close', { signal })]);
  } finally {
    controller.abort();
  }
}
