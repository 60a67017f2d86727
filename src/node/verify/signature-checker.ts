/**
 * Bulk Ed25519 for the verifier: on the verify pool's worker threads (node:crypto, issue 5 "Speed")
 * when there is enough work to pay for threads, on this thread with the same native backend
 * otherwise. Both run `verifyEd25519` with the one strict acceptance policy
 * (src/core/crypto/ed25519-policy.ts), so the answer does not depend on where it ran.
 */
import { verifyEd25519 } from '../../core/crypto/ed25519.ts';
import { nativeEd25519Backend } from '../crypto/native-ed25519.ts';
import { createVerifyPool, type VerifyItem, type VerifyPool } from '../crypto/verify-pool.ts';

export interface SignatureChecker {
  /** One byte per item: 1 valid, 0 invalid. */
  verify(items: readonly VerifyItem[]): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Verifies on this thread. */
export function createInlineChecker(): SignatureChecker {
  return {
    verify(items) {
      const out = new Uint8Array(items.length);
      items.forEach((item, i) => {
        out[i] = verifyEd25519(item.publicKey, item.message, item.signature, nativeEd25519Backend) ? 1 : 0;
      });
      return Promise.resolve(out);
    },
    close: () => Promise.resolve(),
  };
}

/** Verifies on `pool` (owned by the caller, not closed here) or on a new pool of `workers` threads (closed by `close`). */
export function createPoolChecker(pool: VerifyPool | undefined, workers: number | undefined): SignatureChecker {
  const owned = pool === undefined;
  const active = pool ?? createVerifyPool(workers === undefined ? {} : { size: workers });
  return {
    verify: (items) => (items.length === 0 ? Promise.resolve(new Uint8Array(0)) : active.verifyBatch(items)),
    close: () => (owned ? active.close() : Promise.resolve()),
  };
}
