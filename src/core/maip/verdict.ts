/**
 * Verdicts of MAIP bundle verification (the spec's vocabulary) and the exit codes of the Go
 * reference's `maip-verifier` (README / verifier/main.go, maip-formats §14 step 3, §15 item 3).
 */

export const MAIP_VERDICTS = [
  'VALID',
  'EXPIRED',
  'REVOKED',
  'SCOPE_VIOLATION',
  'CHAIN_BROKEN',
  'INVALID_SIGNATURE',
  'KEY_MISMATCH',
  'MALFORMED',
] as const;
export type MaipVerdict = (typeof MAIP_VERDICTS)[number];

export interface MaipVerification {
  readonly verdict: MaipVerdict;
  /**
   * Every problem found, each `CODE: detail` with a stable CODE; the first one decided the verdict.
   * Empty when VALID.
   */
  readonly reasons: readonly string[];
}

/**
 * The stable code that starts every reason (`CODE: detail`), with the verdict it gives when it is
 * the first problem found. A reason list longer than the cap ends with `TRUNCATED: n more`.
 */
export const MAIP_REASON_VERDICTS = {
  ARGUMENT: 'MALFORMED', // a bad evaluation time or option
  PARSE: 'MALFORMED', // followed by the parser's ProtocolError code
  INTERNAL: 'MALFORMED',
  KEY_DUPLICATE: 'MALFORMED',
  KEY_ALGORITHM: 'KEY_MISMATCH',
  KEY_ENCODING: 'KEY_MISMATCH',
  ROOT_KEY: 'KEY_MISMATCH',
  UNTRUSTED_ROOT: 'KEY_MISMATCH',
  KEY_MISSING: 'KEY_MISMATCH',
  KEY_BINDING: 'KEY_MISMATCH',
  KID_MISMATCH: 'KEY_MISMATCH',
  DEPTH_MISMATCH: 'CHAIN_BROKEN',
  DEPTH_EXCEEDED: 'CHAIN_BROKEN',
  CHAIN_GAP: 'CHAIN_BROKEN',
  VALIDITY_WINDOW: 'CHAIN_BROKEN',
  ISSUER_NOT_LEAF: 'CHAIN_BROKEN',
  CONTEXT_DEPTH: 'CHAIN_BROKEN',
  NOT_YET_VALID: 'EXPIRED',
  DELEGATION_EXPIRED: 'EXPIRED',
  STATUS_EXPIRED: 'EXPIRED',
  RECEIPT_EXPIRED: 'EXPIRED',
  RECEIPT_NOT_YET_VALID: 'EXPIRED',
  RECEIPT_OUTSIDE_DELEGATION: 'EXPIRED',
  REVOKED: 'REVOKED',
  REVOKED_EXTERNAL: 'REVOKED',
  SIG_ALGORITHM: 'INVALID_SIGNATURE',
  DELEGATION_SIGNATURE: 'INVALID_SIGNATURE',
  RECEIPT_SIGNATURE: 'INVALID_SIGNATURE',
  SCOPE_SYNTAX: 'SCOPE_VIOLATION',
  SCOPE_ROOT: 'SCOPE_VIOLATION',
  SCOPE_WIDENING: 'SCOPE_VIOLATION',
  RECEIPT_SCOPE: 'SCOPE_VIOLATION',
} as const satisfies Record<string, Exclude<MaipVerdict, 'VALID'>>;
export type MaipReasonCode = keyof typeof MAIP_REASON_VERDICTS;

const EXIT_CODES: Readonly<Record<MaipVerdict, number>> = {
  VALID: 0,
  EXPIRED: 1,
  REVOKED: 2,
  SCOPE_VIOLATION: 3,
  CHAIN_BROKEN: 4,
  INVALID_SIGNATURE: 5,
  KEY_MISMATCH: 6,
  MALFORMED: 10,
};

/**
 * The `maip-verifier` exit code for a verdict: 0 valid, 1 expired, 2 revoked, 3 scope violation,
 * 4 chain broken, 5 bad signature, 6 key mismatch, 10 malformed or unknown. (The reference itself
 * also exits 2 on a panic and 10 on `depth_exceeded`; we report the latter as CHAIN_BROKEN.)
 */
export function maipExitCode(verdict: MaipVerdict): number {
  return EXIT_CODES[verdict] ?? 10;
}
