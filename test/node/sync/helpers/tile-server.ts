/**
 * A small, real C2SP tlog-tiles server on 127.0.0.1 for sync tests, that can also misbehave.
 *
 * It serves one or more histories under path prefixes (`/<prefix>/checkpoint`, `/<prefix>/tile/…`),
 * each a view `{ log, size }` of a ServedLog (or an explicit checkpoint note), so a test can serve
 * two histories of one origin to two clients (a fork), shrink a view (a rollback), or grow it.
 * A `fault` hook decides, per request, to answer normally or to misbehave: an HTTP status, a reset
 * connection, a stall (before or in the middle of the body), a truncated body, garbage, a wrong
 * size, a huge body, corrupted hashes or entries, or a delay.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTilePath } from '../../../../src/core/tiles/tile-path.ts';
import type { ServedLog } from './served-log.ts';

export interface LogView {
  readonly log: ServedLog;
  /** Entries visible (default: all). */
  readonly size?: number;
  /** Serve this note as the checkpoint instead of signing one for `size`. */
  readonly checkpoint?: string;
}

export type Fault =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'stall-headers' }
  | { readonly kind: 'stall-body' }
  | { readonly kind: 'truncate' }
  | { readonly kind: 'garbage' }
  | { readonly kind: 'wrong-size'; readonly delta: number }
  | { readonly kind: 'huge'; readonly bytes: number }
  | { readonly kind: 'corrupt' }
  | { readonly kind: 'delay'; readonly ms: number };

export interface RequestInfo {
  readonly prefix: string;
  readonly path: string;
  readonly kind: 'checkpoint' | 'tile' | 'entries' | 'other';
  readonly level?: number;
  readonly index?: number;
  readonly width?: number;
  /** How many times this exact URL has been requested, this one included. */
  readonly count: number;
  /** Requests served so far, this one included. */
  readonly serial: number;
}

export class TileServer {
  readonly #server: Server;
  readonly #views = new Map<string, LogView>();
  readonly #counts = new Map<string, number>();
  readonly #stalled = new Set<ServerResponse>();
  #serial = 0;
  /** Decides per request whether to misbehave (undefined = answer normally). */
  fault: ((request: RequestInfo) => Fault | undefined) | undefined;
  /** Every URL path requested, in order. */
  readonly requests: string[] = [];
  base = '';

  private constructor() {
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  /** Starts a server serving `view` at the root prefix (and more views with `route`). */
  static async start(view?: LogView): Promise<TileServer> {
    const server = new TileServer();
    if (view !== undefined) server.route('', view);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.base = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}`;
    return server;
  }

  /** Serves `view` under `/<prefix>` ('' = the root). */
  route(prefix: string, view: LogView): void {
    this.#views.set(prefix, view);
  }

  /** The URL of the history under `prefix`. */
  url(prefix = ''): string {
    return prefix === '' ? this.base : `${this.base}/${prefix}`;
  }

  async close(): Promise<void> {
    for (const res of this.#stalled) res.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push(path);
    const count = (this.#counts.get(path) ?? 0) + 1;
    this.#counts.set(path, count);
    const serial = ++this.#serial;
    const { prefix, rest } = this.#split(path);
    const view = this.#views.get(prefix);
    let info: RequestInfo = { prefix, path: rest, kind: 'other', count, serial };
    let body: Uint8Array | undefined;
    if (view !== undefined) {
      const size = view.size ?? view.log.size;
      if (rest === 'checkpoint') {
        info = { ...info, kind: 'checkpoint' };
        body = new TextEncoder().encode(view.checkpoint ?? view.log.checkpoint(size));
      } else if (rest.startsWith('tile/')) {
        try {
          const tile = parseTilePath(rest);
          if (tile.kind === 'hash') {
            info = { ...info, kind: 'tile', level: tile.level, index: Number(tile.index), width: tile.width };
            body = withinSize(tile.level, Number(tile.index), tile.width, size) ? view.log.tile(tile.level, Number(tile.index), tile.width) : undefined;
          } else {
            info = { ...info, kind: 'entries', index: Number(tile.index), width: tile.width };
            body = Number(tile.index) * 256 + tile.width <= size ? view.log.bundle(Number(tile.index), tile.width) : undefined;
          }
        } catch {
          body = undefined;
        }
      }
    }
    const fault = this.fault?.(info);
    if (fault?.kind === 'delay') {
      setTimeout(() => this.#answer(res, body, undefined), fault.ms);
      return;
    }
    this.#answer(res, body, fault);
  }

  #split(path: string): { prefix: string; rest: string } {
    const trimmed = path.replace(/^\//, '');
    for (const prefix of this.#views.keys()) {
      if (prefix !== '' && trimmed.startsWith(`${prefix}/`)) return { prefix, rest: trimmed.slice(prefix.length + 1) };
    }
    return { prefix: '', rest: trimmed };
  }

  #answer(res: ServerResponse, body: Uint8Array | undefined, fault: Fault | undefined): void {
    if (fault === undefined) {
      if (body === undefined) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      return void res.end(body);
    }
    const payload = body ?? new Uint8Array(64);
    switch (fault.kind) {
      case 'status':
        return void res.writeHead(fault.status).end('fault');
      case 'reset':
        return void res.socket?.destroy();
      case 'stall-headers':
        this.#stalled.add(res);
        return;
      case 'stall-body':
        this.#stalled.add(res);
        res.writeHead(200, { 'content-length': payload.length });
        res.write(payload.subarray(0, Math.max(1, payload.length >> 1)));
        return;
      case 'truncate':
        res.writeHead(200, { 'content-length': payload.length });
        res.write(payload.subarray(0, Math.max(1, payload.length >> 1)), () => res.socket?.destroy());
        return;
      case 'garbage': {
        const junk = new Uint8Array(payload.length);
        for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 7) & 0xff;
        return void res.writeHead(200, { 'content-length': junk.length }).end(junk);
      }
      case 'wrong-size': {
        const resized = new Uint8Array(Math.max(0, payload.length + fault.delta));
        resized.set(payload.subarray(0, resized.length));
        return void res.writeHead(200, { 'content-length': resized.length }).end(resized);
      }
      case 'huge': {
        // No Content-Length: the client must cut the body off as it grows.
        res.writeHead(200);
        const chunk = new Uint8Array(64 * 1024);
        let left = fault.bytes;
        const pump = (): void => {
          while (left > 0) {
            left -= chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      case 'corrupt': {
        const bad = payload.slice();
        bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x01;
        return void res.writeHead(200, { 'content-length': bad.length }).end(bad);
      }
      case 'delay':
        return;
    }
  }
}

function withinSize(level: number, index: number, width: number, size: number): boolean {
  const count = Math.floor(size / 256 ** level);
  return index * 256 + width <= count;
}
