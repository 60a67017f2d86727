/**
 * The server layer's error class and the one mapping from any thrown value to an HTTP answer
 * `{ "error": { "code", "message", "details"? } }` (docs/protocol.md §11.3).
 *
 * Policy:
 * - anything a client sent that we refuse is a 4xx with a stable code: HttpError codes below, or the
 *   ProtocolError code of the parser or state rule that refused it (ENTRY_MALFORMED,
 *   STATE_TRANSITION_INVALID, …);
 * - parse failures are 400, bodies too large 413, well-formed requests that break a schema or a
 *   signature 422, authorisation failures of a statement 403, state conflicts 409, references to
 *   something that does not exist 404;
 * - anything else (a bug, the disk, a worker) is 500 INTERNAL with a fixed message: its cause is
 *   logged by the server, never sent, so internals and secrets do not leak. INVALID_ARGUMENT from the
 *   core is a programmer error (request values are validated before they reach the core), so it is
 *   500 too, which makes a validation gap visible instead of silently mapping it to a 4xx.
 */
import { isProtocolError, type ProtocolErrorCode } from '../../core/errors.ts';

export type HttpErrorCode =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'BAD_REQUEST'
  | 'REQUEST_INVALID'
  | 'OPERATOR_TOKEN_REQUIRED'
  | 'TENANT_NOT_FOUND'
  | 'AGENT_NOT_FOUND'
  | 'DELEGATION_NOT_FOUND'
  | 'ENTRY_NOT_FOUND'
  | 'TILE_NOT_FOUND'
  | 'STATEMENT_TYPE_NOT_ALLOWED'
  | 'STATEMENT_MISMATCH'
  | 'STATEMENT_NOT_FRESH'
  | 'ORIGIN_MISMATCH'
  | 'AGENT_NOT_ACTIVE'
  | 'SCOPE_WIDENING'
  | 'CHALLENGE_UNKNOWN'
  | 'CHALLENGE_EXPIRED'
  | 'TRUST_FACTORS_INCOMPLETE'
  | 'SIZE_BEYOND_CHECKPOINT'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  // Admin channel (docs/protocol.md §11.10).
  | 'ADMIN_COMMAND_MALFORMED'
  | 'ADMIN_WRONG_ORIGIN'
  | 'ADMIN_COMMAND_EXPIRED'
  | 'ADMIN_COMMAND_NOT_YET_VALID'
  | 'ADMIN_COMMAND_EXPIRY_TOO_FAR'
  | 'ADMIN_BAD_SIGNATURE'
  | 'ADMIN_UNKNOWN_ADMIN'
  | 'ADMIN_QUORUM_NOT_MET'
  | 'ADMIN_REPLAYED'
  | 'ADMIN_UNKNOWN_TARGET'
  | 'ADMIN_TARGET_STATUS'
  // Event stream (docs/protocol.md §11.11).
  | 'EVENTS_CURSOR_INVALID'
  | 'EVENTS_TOO_MANY_SUBSCRIBERS';

export interface HttpErrorOptions {
  readonly details?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** A refusal with its HTTP status and stable code (see the module policy). */
export class HttpError extends Error {
  readonly status: number;
  readonly code: HttpErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(status: number, code: HttpErrorCode, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export interface ErrorReply {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
  /** True for a 500: the caller logs the cause. */
  readonly internal: boolean;
}

const PARSE_ERRORS: ReadonlySet<ProtocolErrorCode> = new Set<ProtocolErrorCode>([
  'JSON_MALFORMED',
  'JSON_DUPLICATE_KEY',
  'JSON_TOO_DEEP',
  'JCS_LONE_SURROGATE',
  'JCS_NON_FINITE_NUMBER',
  'JCS_UNSUPPORTED_VALUE',
  'ENCODING_INVALID_UTF8',
  'ENCODING_INVALID_BASE64',
  'ENCODING_INVALID_BASE64URL',
  'ENCODING_INVALID_BASE58',
  'ENCODING_INVALID_HEX',
  'ENCODING_BAD_LENGTH',
]);

const UNPROCESSABLE: ReadonlySet<ProtocolErrorCode> = new Set<ProtocolErrorCode>([
  'ENTRY_MALFORMED',
  'ENTRY_NOT_CANONICAL',
  'ENTRY_UNKNOWN_TYPE',
  'ENTRY_BAD_SIGNATURE',
  'DID_KEY_INVALID',
  'MAIP_AGENT_ID_INVALID',
  'TLOG_PROOF_MALFORMED',
]);

const FORBIDDEN: ReadonlySet<ProtocolErrorCode> = new Set<ProtocolErrorCode>([
  'ENTRY_UNKNOWN_SIGNER',
  'ENTRY_SIGNER_NOT_AUTHORISED',
  'ENTRY_KEY_NOT_CURRENT',
]);

// State rules that name something that does not exist: 404 rather than 409.
const MISSING_RULES = new Set(['TENANT_UNKNOWN', 'AGENT_UNKNOWN', 'DELEGATION_UNKNOWN']);

/** The HTTP status for a ProtocolError code (see the module policy); 500 for codes no client can cause. */
export function statusForProtocolError(code: ProtocolErrorCode, rule?: unknown): number {
  if (PARSE_ERRORS.has(code)) return 400;
  if (code === 'JSON_TOO_LARGE' || code === 'INPUT_TOO_LARGE') return 413;
  if (UNPROCESSABLE.has(code)) return 422;
  if (FORBIDDEN.has(code)) return 403;
  if (code === 'STATE_TRANSITION_INVALID') return typeof rule === 'string' && MISSING_RULES.has(rule) ? 404 : 409;
  if (code === 'TILE_PATH_INVALID') return 404;
  return 500;
}

/** Maps any thrown value to the reply the client gets (see the module policy). */
export function errorReplyFor(error: unknown): ErrorReply {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: toJsonSafe(error.details) }),
      ...(error.headers === undefined ? {} : { headers: error.headers }),
      internal: error.status >= 500,
    };
  }
  if (isProtocolError(error)) {
    const status = statusForProtocolError(error.code, error.details?.rule);
    if (status < 500) {
      return {
        status,
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: toJsonSafe(error.details) }),
        internal: false,
      };
    }
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error', internal: true };
}

/**
 * A JSON-safe copy of error details: bigints become decimal strings, byte arrays base64-free
 * lengths, anything exotic is dropped; depth and size are bounded (details may echo client input).
 */
export function toJsonSafe(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out = copy(details, 0);
  return typeof out === 'object' && out !== null && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}

function copy(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return Number.isFinite(value) || typeof value !== 'number' ? value : null;
  if (typeof value === 'string') return value.length > 512 ? `${value.slice(0, 512)}…` : value;
  if (typeof value === 'bigint') return value.toString();
  if (depth >= 4) return undefined;
  if (value instanceof Uint8Array) return { bytes: value.length };
  if (Array.isArray(value)) return value.slice(0, 32).map((item) => copy(item, depth + 1) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>).slice(0, 32)) {
      const copied = copy(item, depth + 1);
      if (copied !== undefined) out[key] = copied;
    }
    return out;
  }
  return undefined;
}
