import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import type { ApiHandlers } from '../../core/api/contract.ts';
import { buildContentSecurityPolicy } from '../../core/api/csp.ts';
import { failEnvelope, okEnvelope, type ApiEnvelope } from '../../core/api/envelope.ts';
import type { ApiErrorCode } from '../../core/api/errors.ts';
import { invokeMethod, type InvokeOptions } from '../../core/api/invoke.ts';
import { isProtocolError } from '../../core/errors.ts';
import { parseJsonBytesStrict } from '../../core/json.ts';
import {
  BRIDGE_API_PREFIX,
  BRIDGE_LAUNCH_PATH,
  BRIDGE_SCRIPT_PATH,
  injectBridgeScript,
  renderBridgeScript,
} from './bridge-script.ts';
import {
  allowedHostHeaders,
  hasAllowedHost,
  hasBearerToken,
  isJsonContentType,
  isLoopbackAddress,
  isSameOriginRequest,
  readBody,
} from './request-guard.ts';
import { contentTypeFor, resolveStaticFile } from './static-files.ts';

/**
 * The test bridge (DESIGN §7): serves the built renderer to a local browser and answers its app API
 * calls over HTTP with the same handlers and the same validation (`invokeMethod`) as Electron main;
 * only the transport differs. The UI tests use it, and so will `warden ui`.
 *
 * Policy, in the order it is applied to every request:
 * 1. Loopback only: the server binds 127.0.0.1 or ::1 (anything else is refused at start) and drops
 *    any peer that is not loopback.
 * 2. The Host header must name the bridge (127.0.0.1:<port>, [::1]:<port> or localhost:<port>),
 *    which defeats DNS rebinding; otherwise 403.
 * 3. Static files: GET/HEAD only, resolved by static-files.ts (no traversal, no dotfiles, 404 for
 *    anything else), with a strict CSP and no caching. Static files need no token: they are the
 *    public renderer bundle and hold no data.
 * 4. `POST /__warden/launch` exchanges a one-time launch code (from the printed URL's fragment) for
 *    the session token; a code works once.
 * 5. `POST /__warden/api/<method>`: same-origin (Origin / Sec-Fetch-Site when a browser sends them),
 *    `Authorization: Bearer <token>` (constant-time), Content-Type application/json, body at most
 *    `maxBodyBytes` (413), strict JSON (400 with the parser's code, e.g. JSON_MALFORMED), then
 *    `invokeMethod`. Transport refusals carry a failure envelope with an HTTP error status; a call
 *    that reached `invokeMethod` always answers 200 with its envelope (API_UNKNOWN_METHOD,
 *    API_BAD_ARGUMENTS, … included), exactly what IPC would carry.
 */
export interface BridgeServerOptions {
  /** The built renderer (out/renderer); must contain index.html. */
  rendererDir: string;
  handlers: ApiHandlers;
  /** '127.0.0.1' (default) or '::1'. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest accepted API request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Where uncoded handler failures are reported (default: console.error). */
  onInternalError?: InvokeOptions['onInternalError'];
}

export interface BridgeServer {
  /** The URL to open: the origin with a one-time launch code in its fragment. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` (or `http://[::1]:<port>`). */
  readonly origin: string;
  /** The session token: `Authorization: Bearer <token>` on `/__warden/api/*`. */
  readonly token: string;
  /** A further URL with a fresh one-time launch code (for another tab or browser context). */
  createLaunchUrl(): string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1']);

// The bridge's pages run in a CSP sandbox without `allow-popups`, so `window.open` fails in the
// browser as Electron's window-open handler makes it fail in the app.
const CONTENT_SECURITY_POLICY = `${buildContentSecurityPolicy('header')}; sandbox allow-scripts allow-same-origin allow-downloads`;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const launchRequestSchema = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });

/**
 * Starts the bridge. Throws INVALID_ARGUMENT for a non-loopback host or a bad limit, and an Error
 * when `rendererDir/index.html` is missing (run `npm run build` first) or the port cannot be bound.
 */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`the bridge only listens on 127.0.0.1 or ::1, not ${host}`);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw new Error('maxBodyBytes must be a positive integer');
  const indexFile = join(options.rendererDir, 'index.html');
  if (!(await stat(indexFile).catch(() => null))?.isFile()) {
    throw new Error(`${indexFile} is missing: build the renderer first (npm run build)`);
  }

  const token = randomToken();
  const launchCodes = new Set<string>();
  const script = renderBridgeScript();
  let allowedHosts: ReadonlySet<string> = new Set();
  const context: RequestContext = {
    options,
    maxBodyBytes,
    token,
    script,
    launchCodes,
    allowedHosts: () => allowedHosts,
    onInternalError: options.onInternalError ?? ((method, error) => console.error(`bridge: ${method} failed`, error)),
  };

  const server = createServer((request, response) => {
    handleRequest(context, request, response).catch((error: unknown) => {
      console.error('bridge: request failed', error);
      if (!response.headersSent) sendEnvelope(response, 500, failEnvelope('API_INTERNAL', 'the bridge failed'));
      else response.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const port = await listen(server, host, options.port ?? 0);
  allowedHosts = allowedHostHeaders(host, port);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const createLaunchUrl = () => {
    const code = randomToken();
    launchCodes.add(code);
    return `${origin}/#launch=${code}`;
  };
  return {
    url: createLaunchUrl(),
    origin,
    token,
    createLaunchUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface RequestContext {
  readonly options: BridgeServerOptions;
  readonly maxBodyBytes: number;
  readonly token: string;
  readonly script: string;
  readonly launchCodes: Set<string>;
  allowedHosts(): ReadonlySet<string>;
  readonly onInternalError: NonNullable<InvokeOptions['onInternalError']>;
}

async function handleRequest(context: RequestContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    request.socket.destroy();
    return;
  }
  if (!hasAllowedHost(request, context.allowedHosts())) {
    return sendFailure(response, 403, 'API_FORBIDDEN', 'the Host header does not name this bridge');
  }
  const target = request.url ?? '';
  if (!target.startsWith('/')) return sendFailure(response, 400, 'API_BAD_REQUEST', 'the request target must be a path');
  const path = target.split('?', 1)[0] ?? '';

  if (path === BRIDGE_SCRIPT_PATH) return sendStatic(request, response, context.script, 'text/javascript; charset=utf-8');
  if (path === BRIDGE_LAUNCH_PATH) return handleLaunch(context, request, response);
  if (path.startsWith(BRIDGE_API_PREFIX)) return handleApiCall(context, request, response, path.slice(BRIDGE_API_PREFIX.length));
  if (path.startsWith('/__warden/')) return sendFailure(response, 404, 'API_BAD_REQUEST', 'no such bridge endpoint');
  return serveRendererFile(context, request, response, path);
}

async function handleLaunch(context: RequestContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readJsonRequest(context, request, response);
  if (body === undefined) return;
  const parsed = launchRequestSchema.safeParse(body.value);
  // `delete` makes each code single-use.
  if (!parsed.success || !context.launchCodes.delete(parsed.data.code)) {
    return sendFailure(response, 403, 'API_FORBIDDEN', 'the launch code is unknown or was already used');
  }
  sendEnvelope(response, 200, okEnvelope({ token: context.token }));
}

async function handleApiCall(context: RequestContext, request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
  if (!hasBearerToken(request, context.token)) {
    return sendFailure(response, 403, 'API_FORBIDDEN', 'a valid bridge token is required');
  }
  const body = await readJsonRequest(context, request, response);
  if (body === undefined) return;
  const envelope = await invokeMethod(method, body.value, context.options.handlers, { onInternalError: context.onInternalError });
  sendEnvelope(response, 200, envelope);
}

/**
 * The JSON body of a POST, or `undefined` after answering the refusal (405, 403, 415, 413, 400).
 */
async function readJsonRequest(
  context: RequestContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<{ value: unknown } | undefined> {
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    sendFailure(response, 405, 'API_BAD_REQUEST', 'use POST');
    return undefined;
  }
  if (!isSameOriginRequest(request, context.allowedHosts())) {
    sendFailure(response, 403, 'API_FORBIDDEN', 'cross-origin requests are refused');
    return undefined;
  }
  if (!isJsonContentType(request)) {
    sendFailure(response, 415, 'API_BAD_REQUEST', 'the body must be application/json');
    return undefined;
  }
  try {
    const bytes = await readBody(request, context.maxBodyBytes);
    return { value: parseJsonBytesStrict(bytes, { maxBytes: context.maxBodyBytes }) };
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    const status = error.code === 'INPUT_TOO_LARGE' || error.code === 'JSON_TOO_LARGE' ? 413 : 400;
    sendFailure(response, status, error.code, error.message);
    return undefined;
  }
}

async function serveRendererFile(context: RequestContext, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return sendFailure(response, 405, 'API_BAD_REQUEST', 'use GET');
  }
  const file = await resolveStaticFile(context.options.rendererDir, path);
  if (file === null) return sendFailure(response, 404, 'API_BAD_REQUEST', 'not found');
  const contentType = contentTypeFor(file);
  if (contentType.startsWith('text/html')) {
    return sendStatic(request, response, injectBridgeScript(await readFile(file, 'utf8')), contentType);
  }
  return sendStatic(request, response, await readFile(file), contentType);
}

function sendStatic(request: IncomingMessage, response: ServerResponse, body: string | Buffer, contentType: string): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return sendFailure(response, 405, 'API_BAD_REQUEST', 'use GET');
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': contentType, 'content-length': String(bytes.length) });
  response.end(request.method === 'HEAD' ? undefined : bytes);
}

function sendFailure(response: ServerResponse, status: number, code: ApiErrorCode, message: string): void {
  sendEnvelope(response, status, failEnvelope(code, message));
}

function sendEnvelope(response: ServerResponse, status: number, envelope: ApiEnvelope<unknown>): void {
  const bytes = Buffer.from(JSON.stringify(envelope), 'utf8');
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
  });
  response.end(bytes);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('the bridge has no TCP address'));
      else resolve(address.port);
    });
  });
}

/** 256 random bits, base64url. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
