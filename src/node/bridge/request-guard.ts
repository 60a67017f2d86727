import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ProtocolError } from '../../core/errors.ts';

/**
 * Checks every bridge request passes before anything else happens (DESIGN §7: loopback only,
 * random token). All inputs here are attacker-controlled headers and bodies.
 */

/** Whether a socket's remote address is loopback (127.0.0.0/8 or ::1, also as IPv4-mapped IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * The Host header values the bridge answers to. Anything else (a DNS-rebinding attack makes a
 * browser send the attacker's host name with our address) is refused, before the token is even
 * looked at.
 */
export function allowedHostHeaders(host: string, port: number): ReadonlySet<string> {
  const literal = host.includes(':') ? `[${host}]` : host;
  return new Set([`${literal}:${port}`, `localhost:${port}`]);
}

/** Whether the request's Host header (case-insensitive) is one of `allowed`. */
export function hasAllowedHost(request: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const host = request.headers.host;
  return typeof host === 'string' && allowed.has(host.toLowerCase());
}

/**
 * Whether a state-changing request comes from our own pages or from a non-browser client: the
 * `Origin` header, when present, must be one of ours, and `Sec-Fetch-Site`, when present, must be
 * `same-origin`. (The token is still required; this stops cross-site requests before parsing.)
 */
export function isSameOriginRequest(request: IncomingMessage, allowedHosts: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (!origin.startsWith('http://') || !allowedHosts.has(origin.slice('http://'.length).toLowerCase())) return false;
  }
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** Whether the Authorization header is `Bearer <expected>`; compared in constant time. */
export function hasBearerToken(request: IncomingMessage, expected: string): boolean {
  const match = BEARER.exec(request.headers.authorization ?? '');
  return match?.[1] !== undefined && equalSecrets(match[1], expected);
}

/** Constant-time comparison of two secrets of any length (compares their SHA-256 digests). */
export function equalSecrets(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Whether the Content-Type is JSON (`application/json`, optionally with `charset=utf-8`). */
export function isJsonContentType(request: IncomingMessage): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/json\s*(?:;\s*charset=utf-8\s*)?$/i.test(type);
}

/**
 * The request body, at most `maxBytes` long. Rejects with INPUT_TOO_LARGE as soon as the declared
 * Content-Length or the bytes received exceed it, INVALID_ARGUMENT when the request fails. After an
 * INPUT_TOO_LARGE the rest of the body is read and discarded, so that the caller's 413 reaches the
 * client (closing a socket with unread data would reset it); a body that goes on past
 * `DISCARD_FACTOR` times the limit has its connection destroyed.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new ProtocolError('INPUT_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`);
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const declared = request.headers['content-length'];
    if (declared !== undefined && !(/^\d{1,15}$/.test(declared) && Number(declared) <= maxBytes)) {
      settled = true;
      reject(tooLarge());
    }
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (settled) {
        if (length > maxBytes * DISCARD_FACTOR + DISCARD_SLACK_BYTES) request.destroy();
        return;
      }
      if (length > maxBytes) {
        settled = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (settled) return;
      settled = true;
      const body = Buffer.concat(chunks, length);
      resolve(new Uint8Array(body.buffer, body.byteOffset, body.length));
    });
    request.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(new ProtocolError('INVALID_ARGUMENT', 'the request body could not be read', { cause: error }));
    });
  });
}

const DISCARD_FACTOR = 4;
const DISCARD_SLACK_BYTES = 1024 * 1024;
