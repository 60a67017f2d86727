/**
 * How failures of the app's services cross the app API. Policy: a coded error (AppError,
 * ProtocolError, ReplicaError) keeps its code and a bounded message; anything else becomes
 * API_INTERNAL with a generic message, because its text may hold paths or internals. `invokeMethod`
 * only recognises AppError and ProtocolError, so handlers rethrow ReplicaError as AppError
 * (`rethrowCoded`) to keep its code.
 */
import { AppError, API_ERROR_CODE_PATTERN, type ApiErrorCode, type ApiServiceErrorCode } from '../../core/api/errors.ts';
import type { CodedError } from '../../core/api/schemas/common.ts';
import { isProtocolError } from '../../core/errors.ts';
import { isReplicaError, type ReplicaErrorCode } from '../replica/replica-error.ts';

// Compile-time: every replica/sync code is an app API code, and the other way round.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const SERVICE_CODES_MATCH: Same<ReplicaErrorCode, ApiServiceErrorCode> = true;

const MAX_MESSAGE = 4000;

/** Rewrites a message for the window: local paths (the data directory, the home directory) hidden. */
export type MessageScrubber = (message: string) => string;

/** A scrubber that replaces each of `paths` (longest first) by its label. */
export function createPathScrubber(paths: readonly (readonly [path: string, label: string])[]): MessageScrubber {
  const ordered = paths.filter(([p]) => p.length > 1).sort((a, b) => b[0].length - a[0].length);
  return (message) => ordered.reduce((text, [p, label]) => text.split(p).join(label), message);
}

const keep: MessageScrubber = (message) => message;

/** The code and message of a coded error; API_INTERNAL with a generic message for anything else. */
export function toCodedError(error: unknown, scrub: MessageScrubber = keep): CodedError {
  if ((error instanceof AppError || isProtocolError(error) || isReplicaError(error)) && API_ERROR_CODE_PATTERN.test(error.code)) {
    return { code: error.code, message: boundMessage(scrub(error.message)) };
  }
  return { code: 'API_INTERNAL', message: 'the operation failed unexpectedly' };
}

/** Whether `error` carries a code the app API passes on (see the module policy). */
export function isCodedError(error: unknown): boolean {
  return error instanceof AppError || isProtocolError(error) || isReplicaError(error);
}

/**
 * Rethrows a coded error as an AppError with the same code and a scrubbed message (REPLICA_ORIGIN_UNKNOWN
 * becomes APP_NOT_FOUND); other errors unchanged (invokeMethod makes them API_INTERNAL).
 */
export function rethrowCoded(error: unknown, scrub: MessageScrubber = keep): never {
  if (isReplicaError(error) || isProtocolError(error) || error instanceof AppError) {
    const code: ApiErrorCode = error.code === 'REPLICA_ORIGIN_UNKNOWN' ? 'APP_NOT_FOUND' : (error.code as ApiErrorCode);
    throw new AppError(code, boundMessage(scrub(error.message)), { cause: error });
  }
  throw error;
}

/** `fn` with coded errors rethrown as AppErrors (sync or async; see rethrowCoded). */
export function withCodes<A, R>(fn: (args: A) => R | Promise<R>, scrub: MessageScrubber = keep): (args: A) => Promise<R> {
  return async (args) => {
    try {
      return await fn(args);
    } catch (error) {
      return rethrowCoded(error, scrub);
    }
  };
}

export function boundMessage(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}
