/** A small HTTP client for the registry tests (real requests over 127.0.0.1). */

export interface CallOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** Sent as is (default: JSON of `body`). */
  readonly raw?: string | Uint8Array;
}

/** A response body as tests read it: by path, checked by the assertions that read it. */
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Json;
  readonly text: string;
}

/** One request; the body is parsed as JSON when it is JSON. */
export async function call(base: string, method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let payload: string | Uint8Array | undefined = options.raw;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Raw bytes of a GET. */
export async function getBytes(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const response = await fetch(base + path, { headers });
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
}
