/**
 * Verifying the signatures of a batch of entries on ingest (docs/protocol.md §3.3): every entry
 * signature and every admin signature inside a logged command. Small batches run inline with the
 * native backend (lowest latency); large ones go to the worker pool (src/node/crypto), which spreads
 * them over the machine's cores while the main thread keeps serving requests. Both paths apply the
 * same strict policy (src/core/crypto/ed25519-policy.ts). If the pool fails, the batch is verified
 * inline: a worker crash must never turn into accepting or refusing the wrong entries.
 */
import { base64UrlToBytes } from '../../core/encoding/index.ts';
import { cachedPublicKeyFromDidKey, collectSignatureChecks, type SignatureCheck } from '../../core/log/verify-signatures.ts';
import type { PreparedEntry } from './prepared-entry.ts';
import { statementBytesOf } from './signing-bytes.ts';
import { verifyEd25519 } from '../../core/crypto/ed25519.ts';
import { nativeEd25519Backend } from '../../node/crypto/native-ed25519.ts';
import type { VerifyPool } from '../../node/crypto/verify-pool.ts';

export interface BadSignature {
  readonly where: SignatureCheck['where'];
  readonly role: SignatureCheck['role'];
  readonly key: string;
}

export interface BatchVerifierOptions {
  readonly pool?: VerifyPool;
  /** Batches with at least this many signatures go to the pool (default 48). */
  readonly poolThreshold?: number;
  readonly onPoolFailure?: (error: unknown) => void;
}

/**
 * Every signature check of one entry (docs/protocol.md §3.3): `collectSignatureChecks`, with the
 * statement bytes cut from the stored bytes (signing-bytes.ts) for the common case of an entry
 * without a logged admin command.
 */
export function signatureChecksOf(prepared: PreparedEntry): SignatureCheck[] {
  const { entry } = prepared;
  if ((entry.body as { by?: unknown }).by === 'admin') return collectSignatureChecks(entry);
  const message = statementBytesOf(prepared);
  return entry.signatures.map((s) => ({
    where: 'entry',
    role: s.role,
    key: s.key,
    publicKey: cachedPublicKeyFromDidKey(s.key),
    message,
    signature: base64UrlToBytes(s.sig, 64),
  }));
}

/** Verifies every signature of every entry; returns, per entry, its bad signatures (empty when all hold). */
export async function verifyBatchSignatures(entries: readonly PreparedEntry[], options: BatchVerifierOptions = {}): Promise<BadSignature[][]> {
  const checks: SignatureCheck[] = [];
  const owner: number[] = [];
  entries.forEach((entry, i) => {
    for (const check of signatureChecksOf(entry)) {
      checks.push(check);
      owner.push(i);
    }
  });
  let valid: Uint8Array | undefined;
  const { pool } = options;
  if (pool !== undefined && checks.length >= (options.poolThreshold ?? 48)) {
    try {
      valid = await pool.verifyBatch(checks);
    } catch (error) {
      options.onPoolFailure?.(error);
    }
  }
  valid ??= verifyInline(checks);
  const bad: BadSignature[][] = entries.map(() => []);
  for (let j = 0; j < checks.length; j++) {
    if (valid[j] === 1) continue;
    const check = checks[j] as SignatureCheck;
    (bad[owner[j] as number] as BadSignature[]).push({ where: check.where, role: check.role, key: check.key });
  }
  return bad;
}

function verifyInline(checks: readonly SignatureCheck[]): Uint8Array {
  const valid = new Uint8Array(checks.length);
  for (let j = 0; j < checks.length; j++) {
    const c = checks[j] as SignatureCheck;
    valid[j] = verifyEd25519(c.publicKey, c.message, c.signature, nativeEd25519Backend) ? 1 : 0;
  }
  return valid;
}
