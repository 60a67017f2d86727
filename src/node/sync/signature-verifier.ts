/**
 * Bulk Ed25519 verification of entry signatures: large batches go to the worker pool (native
 * OpenSSL in worker threads, src/node/crypto/verify-pool.ts), small ones are verified on this thread
 * with the same native backend, because starting workers costs more than a few hundred signatures.
 * Both apply the one verification policy (src/core/crypto/ed25519-policy.ts).
 */
import { createVerifyPool, verifyEd25519Native, type VerifyItem, type VerifyPool } from '../crypto/index.ts';
import { entrySignatureVerdict } from '../verify/canonical-entry.ts';

/** Below this many signatures (or entries), verify on the calling thread. */
export const POOL_THRESHOLD = 512;

export interface SignatureVerifier {
  /** One byte per item: 1 valid, 0 invalid. */
  verify(items: readonly VerifyItem[]): Promise<Uint8Array>;
  /**
   * One verdict byte per entry (canonical-entry.ts `entrySignatureVerdict`: 0 a signature does not
   * verify, 1 all verify, 2 undecided), judged in the workers for a large batch.
   */
  checkEntries(entries: readonly Uint8Array[]): Promise<Uint8Array>;
  /** Starts the workers now (they take a moment to boot) when `expected` signatures will follow. */
  warm(expected: number): void;
  close(): Promise<void>;
}

/**
 * A verifier using `pool` when given (not closed by `close`), else a 2-worker pool started on the
 * first large batch and closed by `close`.
 */
export function createSignatureVerifier(pool?: VerifyPool, poolSize = 2): SignatureVerifier {
  let own: VerifyPool | undefined;
  const active = (): VerifyPool => pool ?? (own ??= createVerifyPool({ size: poolSize }));
  return {
    verify(items) {
      if (items.length < POOL_THRESHOLD) {
        const out = new Uint8Array(items.length);
        items.forEach((item, i) => {
          out[i] = verifyEd25519Native(item.publicKey, item.message, item.signature) ? 1 : 0;
        });
        return Promise.resolve(out);
      }
      return active().verifyBatch(items);
    },
    checkEntries(entries) {
      if (entries.length < POOL_THRESHOLD) return Promise.resolve(Uint8Array.from(entries, (bytes) => entrySignatureVerdict(bytes, verifyEd25519Native)));
      return active().checkEntries(entries);
    },
    warm(expected) {
      if (expected >= POOL_THRESHOLD) active();
    },
    async close() {
      await own?.close();
      own = undefined;
    },
  };
}
