/**
 * The CLI layer's error class and exit codes. Exit codes are a contract with scripts and auditors:
 *   0  OK: the evidence checked out;
 *   1  EVIDENCE_FAILED: the input was read and understood, and the evidence is wrong
 *      (a bad or missing signature, an origin mismatch, a Merkle mismatch, …);
 *   2  USAGE: bad arguments, an unreadable or malformed input, a bad key, or an internal error
 *      (the evidence could not be evaluated at all).
 * Errors are printed on stderr as `warden: <CODE>: <message>`.
 */
import { isProtocolError, type ProtocolErrorCode } from '../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_EVIDENCE_FAILED = 1;
export const EXIT_USAGE = 2;

export type CliErrorCode = 'USAGE' | 'INPUT_UNREADABLE' | 'INPUT_TOO_LARGE' | 'INTERNAL_ERROR';

export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT_USAGE;
  }
}

/**
 * Protocol error codes that mean "the evidence failed" (exit 1). Every other ProtocolError means the
 * input could not be evaluated (exit 2). Commands added later extend this list for their codes.
 */
const EVIDENCE_FAILURES: ReadonlySet<ProtocolErrorCode> = new Set<ProtocolErrorCode>([
  'NOTE_UNVERIFIED',
  'NOTE_BAD_SIGNATURE',
  'CHECKPOINT_ORIGIN_MISMATCH',
  'COSIGNATURE_MALFORMED',
  'COSIGNATURE_BAD_TIMESTAMP',
  'MERKLE_ROOT_MISMATCH',
  'MERKLE_INCONSISTENT',
  'ENTRY_BAD_SIGNATURE',
  'ENTRY_UNKNOWN_SIGNER',
  'ENTRY_SIGNER_NOT_AUTHORISED',
  'ENTRY_KEY_NOT_CURRENT',
  'STATE_TRANSITION_INVALID',
]);

export interface DescribedError {
  readonly code: string;
  readonly message: string;
  readonly exitCode: number;
}

/** Maps any thrown value to its printed code, message and exit code. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CliError) return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (isProtocolError(error)) {
    return { code: error.code, message: error.message, exitCode: EVIDENCE_FAILURES.has(error.code) ? EXIT_EVIDENCE_FAILED : EXIT_USAGE };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message, exitCode: EXIT_USAGE };
}

/** The one stderr line for an error. */
export function formatErrorLine(code: string, message: string): string {
  return `warden: ${code}: ${message.replaceAll('\n', ' ')}\n`;
}
