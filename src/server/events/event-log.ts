/**
 * The security events of the log, as Server-Sent Events frames (docs/protocol.md §11.11): which log
 * indices are events (a sorted index, found at start from the replayed state and extended as entries
 * are sequenced), and the frame of each, built once live and rebuilt from the stored entry for a
 * subscriber that resumes (`Last-Event-ID`), with a bounded cache of recent frames.
 *
 * A frame is
 *   id: <log index>
 *   event: security-event
 *   data: {"index":"<i>","leaf_hash":"<b64u>","type":"<entry type>","tenant":"<uuid>","sets":["<SET>",…]}
 * followed by a blank line; `data` is one line of JSON. Frames depend on the entry only (see
 * security-events.ts), so a rebuilt frame is byte-identical to the live one.
 */
import type { LogEntry } from '../../core/log/statement.ts';
import type { RegistryState } from '../../core/registry/state.ts';
import { bytesToBase64Url } from '../../core/encoding/index.ts';
import { nativeHasher } from '../../node/merkle/native-hasher.ts';
import { statusActionAt } from '../admin/status-action-at.ts';
import type { SetSigner } from './security-event-token.ts';
import { securityEventClaims, type EventSource } from './security-events.ts';

export const SSE_EVENT_NAME = 'security-event';

/**
 * Bytes ready for the wire in both HTTP/1.1 body framings, built once and written as is to every
 * subscriber: `plain` (a close-delimited body, HTTP/1.0 clients) and `chunked` (the same bytes as
 * one HTTP/1.1 chunk, RFC 9112 §7.1: hex length, CRLF, bytes, CRLF).
 */
export interface WireBytes {
  readonly plain: Buffer;
  readonly chunked: Buffer;
}

/** `text` framed for the wire (see WireBytes). */
export function wireBytes(text: string): WireBytes {
  const plain = Buffer.from(text, 'utf8');
  const chunked = Buffer.concat([Buffer.from(`${plain.length.toString(16)}\r\n`, 'latin1'), plain, Buffer.from('\r\n', 'latin1')]);
  return { plain, chunked };
}

/** One event, serialised once and written as is to every subscriber. */
export interface EventFrame {
  readonly index: number;
  readonly tenant: string;
  readonly wire: WireBytes;
}

export interface EventLogOptions {
  readonly origin: string;
  readonly signer: SetSigner;
  /** The replayed state (statuses and status actions), read when rebuilding a frame. */
  readonly state: () => RegistryState;
  /** The stored bytes of a committed entry. */
  readonly readEntry: (index: number) => Uint8Array | undefined;
  /** Frames kept for resuming subscribers (default 1,024). */
  readonly cacheFrames?: number;
}

/** The SSE frame of `source`, its SETs signed by `signer`. */
export function buildEventFrame(source: EventSource, origin: string, signer: SetSigner): EventFrame {
  const sets = securityEventClaims(source, origin).map((claims) => signer.sign(claims));
  const data = JSON.stringify({
    index: String(source.index),
    leaf_hash: bytesToBase64Url(source.leafHash),
    type: source.entry.type,
    tenant: source.entry.tenant,
    sets,
  });
  return { index: source.index, tenant: source.entry.tenant, wire: wireBytes(`id: ${source.index}\nevent: ${SSE_EVENT_NAME}\ndata: ${data}\n\n`) };
}

/** The log indices that are events in a replayed state, ascending (see security-events.ts). */
export function eventIndicesOf(state: RegistryState): number[] {
  const indices = new Set<number>();
  for (const action of state.statusActions) indices.add(action.index);
  for (const agent of state.agents.values()) {
    for (const key of agent.keys) if (key.compromiseReported !== undefined) indices.add(key.compromiseReported.index);
  }
  return [...indices].sort((a, b) => a - b);
}

/** See the module comment. */
export class EventLog {
  readonly #options: EventLogOptions;
  readonly #indices: number[];
  readonly #cache = new Map<number, EventFrame>();
  readonly #cacheFrames: number;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(options: EventLogOptions) {
    this.#options = options;
    this.#indices = eventIndicesOf(options.state());
    this.#cacheFrames = options.cacheFrames ?? 1024;
  }

  /** The index of the latest event, or -1. */
  get lastIndex(): number {
    return this.#indices[this.#indices.length - 1] ?? -1;
  }

  /** Number of events in the log. */
  get count(): number {
    return this.#indices.length;
  }

  /** Records a newly sequenced event and returns its frame (the live path). */
  record(source: EventSource): EventFrame {
    const frame = buildEventFrame(source, this.#options.origin, this.#options.signer);
    if (source.index > this.lastIndex) this.#indices.push(source.index);
    this.#remember(frame);
    return frame;
  }

  /** Up to `limit` event indices greater than `after` and at most `upTo`, ascending. */
  between(after: number, upTo: number, limit: number): number[] {
    let lo = 0;
    let hi = this.#indices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#indices[mid] as number) <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < this.#indices.length && out.length < limit; i++) {
      const index = this.#indices[i] as number;
      if (index > upTo) break;
      out.push(index);
    }
    return out;
  }

  /** The frame of the event at `index` (an index listed by `between`), from the cache or the log. */
  frame(index: number): EventFrame {
    const cached = this.#cache.get(index);
    if (cached !== undefined) return cached;
    const bytes = this.#options.readEntry(index);
    if (bytes === undefined) throw new Error(`event entry ${index} is not in the log`);
    const entry = JSON.parse(this.#decoder.decode(bytes)) as LogEntry;
    const affected = statusActionAt(this.#options.state(), index)?.affected ?? [];
    const frame = buildEventFrame({ index, leafHash: nativeHasher.hashLeaf(bytes), entry, affected }, this.#options.origin, this.#options.signer);
    this.#remember(frame);
    return frame;
  }

  #remember(frame: EventFrame): void {
    this.#cache.delete(frame.index);
    this.#cache.set(frame.index, frame);
    if (this.#cache.size > this.#cacheFrames) this.#cache.delete(this.#cache.keys().next().value as number);
  }
}
