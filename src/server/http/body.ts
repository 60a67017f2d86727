/**
 * Reading request bodies (attacker-controlled): a size limit enforced on the declared
 * Content-Length and on the bytes received, the JSON media type, and the strict JSON parser of the
 * core (RFC 8259 + I-JSON: duplicate names, lone surrogates and bad UTF-8 refused).
 */
import type { IncomingMessage } from 'node:http';
import { parseJsonBytesStrict } from '../../core/json.ts';
import { HttpError } from './errors.ts';

/** JSON nesting the API accepts: statements nest 16 deep at most, plus the request wrapper. */
export const MAX_REQUEST_JSON_DEPTH = 24;

/** Whether the Content-Type is JSON (`application/json`, optionally `; charset=utf-8`). */
export function isJsonContentType(request: IncomingMessage): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i.test(type);
}

/**
 * The whole body, at most `maxBytes`. Rejects with HttpError 413 PAYLOAD_TOO_LARGE as soon as the
 * declared or received length exceeds it (the rest is then discarded by the server, see
 * `discardBody`), 400 BAD_REQUEST when the transfer fails.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`, { details: { maxBytes } });
    const declared = request.headers['content-length'];
    if (declared !== undefined && !(/^\d{1,15}$/.test(declared) && Number(declared) <= maxBytes)) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) {
        settled = true;
        chunks.length = 0;
        cleanup();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      cleanup();
      const body = Buffer.concat(chunks, length);
      resolve(new Uint8Array(body.buffer, body.byteOffset, body.length));
    };
    const onError = (error: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new HttpError(400, 'BAD_REQUEST', 'the request body could not be read', { cause: error }));
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
    };
    const onAborted = () => onError(new Error('aborted'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}

/** Reads and strictly parses a JSON body (see the module comment). */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!isJsonContentType(request)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the request body must be application/json');
  }
  const bytes = await readBody(request, maxBytes);
  return parseJsonBytesStrict(bytes, { maxBytes, maxDepth: MAX_REQUEST_JSON_DEPTH });
}

/**
 * Discards whatever is left of a body the handler did not read, so that the answer reaches the
 * client (closing a socket with unread data resets it); past `limit` bytes the socket is destroyed.
 */
export function discardBody(request: IncomingMessage, limit: number): void {
  if (request.complete || request.destroyed) return;
  let seen = 0;
  request.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) request.destroy();
  });
  request.resume();
}
