import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** The request target exactly as sent (no normalisation): `/../x`, `%2e%2e`, absolute-form… */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Send the body in chunks without a Content-Length. */
  chunked?: boolean;
}

/**
 * One HTTP/1.1 request to `origin` with full control over the target and headers (fetch would
 * normalise the path and refuses to set Host). Resolves with the status, headers and text body.
 */
export function rawRequest(origin: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        const bytes = typeof options.body === 'string' ? Buffer.from(options.body) : Buffer.from(options.body);
        for (let offset = 0; offset < bytes.length; offset += 1024) request.write(bytes.subarray(offset, offset + 1024));
      } else {
        request.write(options.body);
      }
    }
    request.end();
  });
}
