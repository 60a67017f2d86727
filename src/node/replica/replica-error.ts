/**
 * The one error class of the replica store, the sync engine and fork evidence, with every code in
 * one list. Codes are a contract (the CLI, the app and tests key on them); messages are for people.
 * Protocol failures found by `src/core` (a bad signature, a malformed tile…) are wrapped in one of
 * these codes with the core's code in `details.cause`, so a caller handles one family.
 */

export const REPLICA_ERROR_CODES = [
  // the store (src/node/replica)
  /** The file cannot be opened as a replica database (missing, not SQLite, not a replica). */
  'REPLICA_UNREADABLE',
  /** The schema is newer than this code knows (schema guard). */
  'REPLICA_NEWER_THAN_CODE',
  /** No origin of that name in the replica. */
  'REPLICA_ORIGIN_UNKNOWN',
  /** Stored data contradicts itself (run `warden db check`). */
  'REPLICA_CORRUPT',
  /** Another writer moved the sync cursor under this one (two syncs of one origin at once). */
  'REPLICA_CONCURRENT_WRITE',
  // sync (src/node/sync)
  /** First connection to an origin without a log key to pin. */
  'SYNC_LOG_KEY_REQUIRED',
  /** The given log key differs from the one pinned for the origin. */
  'SYNC_LOG_KEY_MISMATCH',
  /** The checkpoint is not validly signed by the pinned key (or a configured witness's cosignature fails). */
  'SYNC_CHECKPOINT_INVALID',
  /** A configured witness did not cosign the checkpoint. */
  'SYNC_WITNESS_MISSING',
  /** The checkpoint's tree is smaller than one already verified (evidence saved). */
  'SYNC_ROLLBACK',
  /** Two validly signed checkpoints that cannot both be true (evidence saved). */
  'SYNC_FORK',
  /** Tiles or entry bundles that do not hash to the signed root (after retries). */
  'SYNC_TILES_INCONSISTENT',
  /** The checkpoint's tree size is beyond what a replica can hold (2^53 − 1 entries). */
  'SYNC_TREE_TOO_LARGE',
  /** Connection refused, reset or closed early (after retries). */
  'SYNC_NETWORK',
  /** A request took too long or its body stopped flowing (after retries). */
  'SYNC_TIMEOUT',
  /** No progress at all for the stall timeout, whatever the requests did. */
  'SYNC_STALLED',
  /** The server answered with a non-success HTTP status (after retries). */
  'SYNC_HTTP_STATUS',
  /** A body that is garbage, truncated or of the wrong size (after retries). */
  'SYNC_BAD_RESPONSE',
  /** A body larger than the limit for its kind. */
  'SYNC_RESPONSE_TOO_LARGE',
  /** The caller cancelled (AbortSignal); what was committed stays, consistent and resumable. */
  'SYNC_CANCELLED',
  // fork evidence files (src/node/sync/fork-evidence.ts)
  /** An evidence file that is not a well-formed warden fork evidence document. */
  'EVIDENCE_MALFORMED',
] as const;

export type ReplicaErrorCode = (typeof REPLICA_ERROR_CODES)[number];

/** Codes worth retrying with backoff: the network or the server's answer, not the evidence. */
export const RETRYABLE_CODES: ReadonlySet<ReplicaErrorCode> = new Set<ReplicaErrorCode>([
  'SYNC_NETWORK',
  'SYNC_TIMEOUT',
  'SYNC_HTTP_STATUS',
  'SYNC_BAD_RESPONSE',
  'SYNC_RESPONSE_TOO_LARGE',
  'SYNC_TILES_INCONSISTENT',
]);

export interface ReplicaErrorOptions {
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class ReplicaError extends Error {
  readonly code: ReplicaErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ReplicaErrorCode, message: string, options: ReplicaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReplicaError';
    this.code = code;
    this.details = options.details;
  }
}

export function isReplicaError(value: unknown): value is ReplicaError {
  return value instanceof ReplicaError;
}

/** Whether `error` is a ReplicaError with a retryable code. */
export function isRetryable(error: unknown): boolean {
  return isReplicaError(error) && RETRYABLE_CODES.has(error.code);
}
