/**
 * The protocol core's one error class. Every parser of untrusted input in `src/core` throws a
 * `ProtocolError` with a stable `code` from the union below; messages are for people and may change,
 * codes may not (tests, the CLI's exit codes and the renderer's words key on them).
 *
 * Policy: a parser never lets a foreign exception (RangeError, SyntaxError, TypeError) escape. It
 * catches it and rethrows a coded ProtocolError with the original as `cause`.
 */
export type ProtocolErrorCode =
  // codecs (src/core/encoding)
  | 'ENCODING_INVALID_HEX'
  | 'ENCODING_INVALID_BASE64'
  | 'ENCODING_INVALID_BASE64URL'
  | 'ENCODING_INVALID_BASE58'
  | 'ENCODING_INVALID_UTF8'
  | 'ENCODING_BAD_LENGTH'
  // JSON and RFC 8785
  | 'JSON_MALFORMED'
  | 'JSON_DUPLICATE_KEY'
  | 'JSON_TOO_DEEP'
  | 'JSON_TOO_LARGE'
  | 'JCS_NON_FINITE_NUMBER'
  | 'JCS_LONE_SURROGATE'
  | 'JCS_UNSUPPORTED_VALUE'
  // keys and identities
  | 'ED25519_BAD_PUBLIC_KEY'
  | 'ED25519_BAD_PRIVATE_KEY'
  | 'ED25519_BAD_SIGNATURE_LENGTH'
  | 'DID_KEY_INVALID'
  | 'MAIP_AGENT_ID_INVALID'
  // Merkle trees (RFC 9162)
  | 'MERKLE_BAD_SIZE'
  | 'MERKLE_BAD_INDEX'
  | 'MERKLE_BAD_HASH_LENGTH'
  | 'MERKLE_BAD_PROOF_LENGTH'
  | 'MERKLE_ROOT_MISMATCH'
  | 'MERKLE_INCONSISTENT'
  // signed notes, checkpoints, cosignatures (C2SP)
  | 'NOTE_MALFORMED'
  | 'NOTE_UNVERIFIED'
  | 'NOTE_BAD_SIGNATURE'
  | 'NOTE_AMBIGUOUS_KEY'
  | 'VKEY_MALFORMED'
  | 'SKEY_MALFORMED'
  | 'CHECKPOINT_MALFORMED'
  | 'CHECKPOINT_ORIGIN_MISMATCH'
  | 'COSIGNATURE_MALFORMED'
  | 'COSIGNATURE_BAD_TIMESTAMP'
  | 'TLOG_PROOF_MALFORMED'
  // tiles (C2SP tlog-tiles)
  | 'TILE_PATH_INVALID'
  | 'TILE_MALFORMED'
  | 'ENTRY_BUNDLE_MALFORMED'
  // log entries and the registry state fold (docs/protocol.md)
  | 'ENTRY_MALFORMED'
  | 'ENTRY_NOT_CANONICAL'
  | 'ENTRY_UNKNOWN_TYPE'
  | 'ENTRY_BAD_SIGNATURE'
  | 'ENTRY_UNKNOWN_SIGNER'
  | 'ENTRY_SIGNER_NOT_AUTHORISED'
  | 'ENTRY_KEY_NOT_CURRENT'
  | 'STATE_TRANSITION_INVALID'
  // MAIP reference bundles
  | 'MAIP_MALFORMED'
  | 'GO_JSON_UNSUPPORTED_VALUE'
  // app API (src/core/api)
  | 'API_UNKNOWN_METHOD'
  | 'API_BAD_ARGUMENTS'
  // verification worker pool (src/node/crypto/verify-pool.ts)
  | 'VERIFY_POOL_CLOSED'
  | 'VERIFY_POOL_WORKER_FAILED'
  // independent verifier (src/node/verify)
  | 'EVIDENCE_UNREADABLE'
  | 'EVIDENCE_UNSUPPORTED'
  | 'VERIFY_CANCELLED'
  // evidence bundles (src/node/bundle; the list with meanings: src/node/bundle/bundle-errors.ts)
  | 'BUNDLE_UNREADABLE'
  | 'BUNDLE_TOO_LARGE'
  | 'BUNDLE_BOMB'
  | 'BUNDLE_BAD_NAME'
  | 'BUNDLE_DUPLICATE_MEMBER'
  | 'BUNDLE_MANIFEST_MISMATCH'
  | 'BUNDLE_TRUNCATED'
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_UNSUPPORTED'
  | 'BUNDLE_INCOMPLETE'
  | 'BUNDLE_CHECKPOINT_UNKNOWN'
  | 'BUNDLE_SYNC_PENDING'
  | 'BUNDLE_WRITE_FAILED'
  // registry security events (src/server/events, docs/protocol.md §11.11)
  | 'SECURITY_EVENT_MALFORMED'
  | 'SECURITY_EVENT_BAD_SIGNATURE'
  // generic limits
  | 'INPUT_TOO_LARGE'
  | 'INVALID_ARGUMENT';

export interface ProtocolErrorOptions {
  cause?: unknown;
  /** Structured context for findings and logs (both hashes of a mismatch, an index, …). */
  details?: Readonly<Record<string, unknown>>;
}

export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ProtocolErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProtocolError';
    this.code = code;
    this.details = options.details;
  }
}

export function isProtocolError(value: unknown): value is ProtocolError {
  return value instanceof ProtocolError;
}

/**
 * Runs `parse` on attacker-controlled input; any non-ProtocolError it throws is rethrown as a
 * ProtocolError with `code`, so that no foreign exception type escapes a parser.
 */
export function parseWithCode<T>(code: ProtocolErrorCode, what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtocolError(code, `${what}: ${reason}`, { cause: error });
  }
}
