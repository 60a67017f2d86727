/**
 * Ed25519 verification under the one acceptance policy (`ed25519-policy.ts`) with a backend passed
 * in: the policy pre-check, then the backend's cofactorless equation. This module imports no curve
 * library, so the verify pool's workers (native backend only) load it without @noble, whose module
 * graph cost each worker thread megabytes of memory (issue 4). `ed25519.ts` wraps it with the
 * @noble backend as the default; there is one implementation of the order "policy, then equation".
 */
import { ProtocolError, type ProtocolErrorCode } from '../errors.ts';
import type { Ed25519Backend } from './backend.ts';
import { checkEd25519Policy, type Ed25519PolicyReason } from './ed25519-policy.ts';

/** Outcome of a verification: 'valid', the policy rule broken, or 'bad-signature' (equation fails). */
export type Ed25519Verdict = 'valid' | 'bad-signature' | Exclude<Ed25519PolicyReason, 'ok'>;

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor.name === 'Uint8Array');
}

/** Throws `code` (default INVALID_ARGUMENT) naming `what` unless `value` is a Uint8Array. */
export function assertBytes(value: unknown, what: string, code: ProtocolErrorCode = 'INVALID_ARGUMENT'): void {
  if (!isBytes(value)) throw new ProtocolError(code, `${what} must be a Uint8Array`);
}

/**
 * Verifies `signature` (R || S) by `publicKey` on `message` under the acceptance policy of
 * `ed25519-policy.ts`, then `backend`'s cofactorless equation. All three byte arguments are
 * attacker-controlled. Returns 'valid' or why not. Throws INVALID_ARGUMENT only if an argument is
 * not a Uint8Array; bad bytes of any kind give a verdict, never an exception.
 */
export function checkEd25519SignatureWith(
  backend: Ed25519Backend,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Ed25519Verdict {
  assertBytes(publicKey, 'publicKey');
  assertBytes(message, 'message');
  assertBytes(signature, 'signature');
  const reason = checkEd25519Policy(publicKey, signature);
  if (reason !== 'ok') return reason;
  let valid: boolean;
  try {
    valid = backend.verifyRaw(publicKey, message, signature);
  } catch {
    valid = false; // a backend that throws on hostile bytes must not turn into a crash upstream
  }
  return valid ? 'valid' : 'bad-signature';
}

/**
 * True iff `checkEd25519SignatureWith(backend, …)` is 'valid'. Never throws for bad bytes (returns
 * false); throws INVALID_ARGUMENT if an argument is not a Uint8Array.
 */
export function verifyEd25519With(
  backend: Ed25519Backend,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  return checkEd25519SignatureWith(backend, publicKey, message, signature) === 'valid';
}
