/**
 * A small route table: exact segments and `:name` parameters (`/v1/agents/:id/keys`), plus one
 * trailing `*` that captures the rest of the path (the tiles' variable-depth indices). Matching is
 * by method and path; a path that exists under other methods answers 405 with `Allow`, any other
 * path 404. HEAD is served by every GET route (without a body).
 *
 * Paths are attacker-controlled: parameters are percent-decoded strictly (a bad escape is 400) and
 * bounded by the server's header size limit; handlers validate their meaning.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** The rate-limit bucket a route draws from (none by default). */
export type RateLimitClass = 'session' | 'admin';

export interface RouteContext {
  readonly request: IncomingMessage;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The client's address (the rate-limit key). */
  readonly remote: string;
  /**
   * The body as strict JSON (Content-Type application/json, at most the route's limit). Rejects
   * with HttpError 415 / 413, or the ProtocolError of the strict parser (400).
   */
  readJson(): Promise<unknown>;
}

export interface Reply {
  readonly status: number;
  /** Serialised as JSON (application/json) when present. */
  readonly json?: unknown;
  /** Raw body (with `contentType`). */
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A streamed answer (Server-Sent Events): the server writes the status and headers (no
   * Content-Length), then hands over the response; the route writes and ends it when it likes.
   */
  readonly stream?: (response: ServerResponse) => void;
}

export type RouteHandler = (ctx: RouteContext) => Reply | Promise<Reply>;

export interface Route {
  readonly method: HttpMethod;
  /** `/v1/agents/:id`, or a prefix ending in `/*`. */
  readonly path: string;
  readonly handler: RouteHandler;
  readonly rateLimit?: RateLimitClass;
  /** Largest accepted body; default the server's. */
  readonly maxBodyBytes?: number;
}

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
  readonly wildcard: boolean;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** The route table (see the module comment). */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  /** Adds routes. Throws on a duplicate method + path (a programming error). */
  add(...routes: readonly Route[]): this {
    for (const route of routes) {
      if (this.#routes.some((r) => r.route.method === route.method && r.route.path === route.path)) {
        throw new Error(`duplicate route ${route.method} ${route.path}`);
      }
      const wildcard = route.path.endsWith('/*');
      const segments = splitPath(wildcard ? route.path.slice(0, -2) : route.path);
      this.#routes.push({ route, segments, wildcard });
    }
    return this;
  }

  /** Finds the route for `method` and `path` (the URL path, not yet decoded). Throws HttpError 400 for a bad escape. */
  match(method: string, path: string): RouteMatch {
    const parts = splitPath(path);
    const allow = new Set<string>();
    for (const compiled of this.#routes) {
      const params = matchSegments(compiled, parts);
      if (params === undefined) continue;
      const routeMethod = compiled.route.method;
      if (routeMethod === method || (method === 'HEAD' && routeMethod === 'GET')) return { kind: 'found', route: compiled.route, params };
      allow.add(routeMethod);
      if (routeMethod === 'GET') allow.add('HEAD');
    }
    return allow.size > 0 ? { kind: 'wrong-method', allow: [...allow].sort() } : { kind: 'not-found' };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

function matchSegments(compiled: CompiledRoute, parts: readonly string[]): Record<string, string> | undefined {
  const { segments, wildcard } = compiled;
  if (wildcard ? parts.length <= segments.length : parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const pattern = segments[i] as string;
    const part = parts[i] as string;
    if (pattern.startsWith(':')) {
      if (part === '') return undefined;
      params[pattern.slice(1)] = decodeSegment(part);
    } else if (pattern !== part) return undefined;
  }
  if (wildcard) params['*'] = parts.slice(segments.length).join('/');
  return params;
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch (error) {
    throw new HttpError(400, 'BAD_REQUEST', 'a path segment has an invalid percent escape', { cause: error });
  }
}
