/**
 * The simulator's HTTP client: JSON over one keep-alive agent, to ONE registry base URL.
 *
 * Policy: the simulator only ever loads a registry its operator runs: `checkRegistryUrl` accepts
 * http(s) on a loopback host (127.0.0.1, ::1, localhost) unless remote targets are allowed
 * explicitly; every request has a timeout, a bounded answer size and an abort signal, so no request
 * can hang a run. Answers are parsed as JSON; a non-JSON answer becomes `{}` with its status.
 */
import http from 'node:http';
import https from 'node:https';
import { ProtocolError } from '../../core/errors.ts';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** One answer: the status and the parsed JSON body (`{}` if it was not JSON). */
export interface SimAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly retryAfterS?: number;
}

/**
 * The registry URL, normalised without a trailing slash. Throws INVALID_ARGUMENT for a URL that is
 * not http(s), has credentials, a query or a fragment, or (without `allowRemote`) a host that is
 * not loopback.
 */
export function checkRegistryUrl(text: string, allowRemote: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProtocolError('INVALID_ARGUMENT', `not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProtocolError('INVALID_ARGUMENT', 'the registry URL must be http: or https:');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ProtocolError('INVALID_ARGUMENT', 'the registry URL must not carry credentials, a query or a fragment');
  }
  if (!allowRemote && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ProtocolError('INVALID_ARGUMENT', `${url.hostname} is not a loopback address (pass --allow-remote to load a registry you run elsewhere)`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** A keep-alive JSON client bound to one registry. */
export class SimHttpClient {
  readonly #base: URL;
  readonly #agent: http.Agent;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  #requests = 0;

  constructor(base: URL, options: { maxSockets: number; timeoutMs: number; signal?: AbortSignal }) {
    this.#base = base;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    this.#agent = base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.#timeoutMs = options.timeoutMs;
    this.#signal = options.signal;
  }

  get requests(): number {
    return this.#requests;
  }

  /** GET `path` (relative to the base, starting with `/`). Rejects on a network error or timeout. */
  get(path: string): Promise<SimAnswer> {
    return this.#send('GET', path, undefined, undefined);
  }

  /** POST `body` as JSON, with the operator token when given. */
  post(path: string, body: unknown, token?: string): Promise<SimAnswer> {
    return this.#send('POST', path, Buffer.from(JSON.stringify(body), 'utf8'), token);
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, body: Buffer | undefined, token: string | undefined): Promise<SimAnswer> {
    this.#requests++;
    const url = new URL(this.#base.pathname.replace(/\/+$/, '') + path, this.#base);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.length);
    }
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<SimAnswer>((resolve, reject) => {
      const request = transport.request(
        url,
        { method, headers, agent: this.#agent, timeout: this.#timeoutMs, ...(this.#signal === undefined ? {} : { signal: this.#signal }) },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) request.destroy(new Error('answer too large'));
            else chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            let json: Record<string, unknown> = {};
            try {
              const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
            } catch {
              // Not JSON (a proxy's page, an empty body): the status says enough.
            }
            const retry = Number(response.headers['retry-after']);
            resolve({ status: response.statusCode ?? 0, json, ...(Number.isFinite(retry) && retry >= 0 ? { retryAfterS: retry } : {}) });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}

/** The `error.code` of a refusal, or `HTTP_<status>` when the body has none. */
export function answerErrorCode(answer: SimAnswer): string {
  const error = answer.json.error as { code?: unknown } | undefined;
  return typeof error?.code === 'string' ? error.code : `HTTP_${answer.status}`;
}

/** The `error.message` of a refusal (for people), or undefined. */
export function answerErrorMessage(answer: SimAnswer): string | undefined {
  const error = answer.json.error as { message?: unknown } | undefined;
  return typeof error?.message === 'string' ? error.message.slice(0, 500) : undefined;
}
