/**
 * The HTTP front of the registry (node:http, no framework): routing, per-client rate limits, body
 * limits, keep-alive and timeouts, and coded JSON errors.
 *
 * Policy, in the order applied to every request:
 * 1. The request target must be an origin-form path (`/…`), else 400.
 * 2. Route lookup: 404 NOT_FOUND, 405 METHOD_NOT_ALLOWED with `Allow`.
 * 3. Routes of a rate-limit class take a token from the client's bucket, else 429 RATE_LIMITED with
 *    Retry-After (before the body is read: a refused client costs nothing more).
 * 4. The handler; its body reads are bounded (413) and strict (400/415).
 * 5. Errors map to `{error: {code, message, details?}}` (errors.ts); a 500 is logged with the method,
 *    the path and the stack, never the body or headers (they may carry tokens).
 * Timeouts: headers within `headersTimeoutMs`, the whole request within `requestTimeoutMs` (slow
 * clients cannot hold sockets), idle keep-alive sockets closed after `keepAliveTimeoutMs`; a handler
 * still running after `handlerTimeoutMs` answers 503.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { discardBody, readJsonBody } from './body.ts';
import { errorReplyFor, HttpError } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { RateLimitClass, Reply, RouteContext, Router } from './router.ts';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface HttpServerOptions {
  readonly router: Router;
  readonly logger: Logger;
  readonly rateLimiters?: Partial<Record<RateLimitClass, RateLimiter>>;
  /** Default body limit (routes may set their own). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  readonly handlerTimeoutMs?: number;
  /** Clock for rate limits (tests). */
  readonly now?: () => number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

/** Creates (does not start) the server. */
export function createHttpServer(options: HttpServerOptions): Server {
  const server = createServer({
    headersTimeout: options.headersTimeoutMs ?? 15_000,
    requestTimeout: options.requestTimeoutMs ?? 60_000,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    maxHeaderSize: 16 * 1024,
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void handleRequest(options, request, response);
  });
  server.on('clientError', (_error, socket) => {
    // Malformed HTTP from a client: answer 400 if the socket can still take it, never crash.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

async function handleRequest(options: HttpServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  const target = request.url ?? '';
  let path = target;
  try {
    if (!target.startsWith('/')) throw new HttpError(400, 'BAD_REQUEST', 'the request target must be a path');
    const url = new URL(target, 'http://registry.invalid');
    path = url.pathname;
    const reply = await routeRequest(options, request, method, url);
    sendReply(response, method, reply);
  } catch (error) {
    const reply = errorReplyFor(error);
    if (reply.internal) {
      const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
      options.logger.error(`internal error on ${method} ${path.slice(0, 200)}: ${detail}`);
    }
    sendReply(response, method, {
      status: reply.status,
      json: { error: { code: reply.code, message: reply.message, ...(reply.details === undefined ? {} : { details: reply.details }) } },
      ...(reply.headers === undefined ? {} : { headers: reply.headers }),
    });
  } finally {
    discardBody(request, DISCARD_LIMIT_BYTES);
  }
}

async function routeRequest(options: HttpServerOptions, request: IncomingMessage, method: string, url: URL): Promise<Reply> {
  const match = options.router.match(method, url.pathname);
  if (match.kind === 'not-found') throw new HttpError(404, 'NOT_FOUND', 'no such resource');
  if (match.kind === 'wrong-method') {
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `use ${match.allow.join(', ')}`, { headers: { allow: match.allow.join(', ') } });
  }
  const { route, params } = match;
  const remote = request.socket.remoteAddress ?? 'unknown';
  if (route.rateLimit !== undefined) {
    const limiter = options.rateLimiters?.[route.rateLimit];
    const decision = limiter?.take(remote, (options.now ?? Date.now)());
    if (decision !== undefined && !decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new HttpError(429, 'RATE_LIMITED', `too many ${route.rateLimit} requests; retry in ${seconds} s`, {
        headers: { 'retry-after': String(seconds) },
        details: { retry_after_ms: decision.retryAfterMs },
      });
    }
  }
  const maxBodyBytes = route.maxBodyBytes ?? options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const ctx: RouteContext = {
    request,
    method,
    path: url.pathname,
    params,
    query: url.searchParams,
    remote,
    readJson: () => readJsonBody(request, maxBodyBytes),
  };
  return withTimeout(Promise.resolve(route.handler(ctx)), options.handlerTimeoutMs ?? 30_000);
}

function withTimeout(reply: Promise<Reply>, ms: number): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(503, 'UNAVAILABLE', 'the request took too long; retry later')), ms);
  });
  return Promise.race([reply, timeout]).finally(() => clearTimeout(timer));
}

function sendReply(response: ServerResponse, method: string, reply: Reply): void {
  if (response.headersSent || response.destroyed) return;
  if (reply.stream !== undefined) {
    response.statusCode = reply.status;
    response.setHeader('content-type', reply.contentType ?? 'text/event-stream; charset=utf-8');
    response.setHeader('x-content-type-options', 'nosniff');
    for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
    if (method === 'HEAD') {
      response.end();
      return;
    }
    response.flushHeaders();
    reply.stream(response);
    return;
  }
  let body: Uint8Array | string;
  let contentType: string;
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    contentType = 'application/json; charset=utf-8';
  } else {
    body = reply.body ?? '';
    contentType = reply.contentType ?? 'application/octet-stream';
  }
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  response.statusCode = reply.status;
  response.setHeader('content-type', contentType);
  response.setHeader('content-length', length);
  response.setHeader('x-content-type-options', 'nosniff');
  if (reply.status >= 400 && !('cache-control' in (reply.headers ?? {}))) response.setHeader('cache-control', 'no-store');
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
  if (method === 'HEAD' || reply.status === 204 || reply.status === 304) response.end();
  else response.end(body);
}
