import { z } from 'zod';
import { ProtocolError } from '../errors.ts';
import { base64UrlToBytes, bytesToBase64Url, equalBytes } from '../encoding/index.ts';
import { verifyInclusion } from '../merkle/inclusion.ts';
import { entryLeafHash } from './entry.ts';
import { isBase64Url, originSchema } from './fields.ts';
import { summariseIssues } from './issues.ts';

/**
 * Receipts (DESIGN §3 "Admin channel"; docs/protocol.md §7.3): what the registry answers when it
 * has logged an admin command, and what any client can keep as proof that a statement is in the log.
 *
 *   { "format": "warden.receipt/v1", "origin", "index": "<decimal uint64>", "leaf_hash",
 *     "checkpoint": "<C2SP signed note, verbatim>", "inclusion_proof": ["<hash>", …] }
 *
 * Policy: hashes are base64url (unpadded) of 32 bytes; `index` is a decimal string because a log
 * index is a uint64 and JSON numbers are exact only to 2^53; at most 64 proof hashes (a uint64 tree).
 * The checkpoint's signature is NOT checked here: its note is verified with the pinned log key by
 * the checkpoint code, and the verified (origin, size, root) are then handed to
 * `verifyReceiptInclusion`.
 */

export const RECEIPT_FORMAT = 'warden.receipt/v1';
const hash = z.string().max(43).refine((v) => isBase64Url(v, 32), 'not a 32-byte base64url hash');

export const receiptSchema = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  origin: originSchema,
  index: z.string().regex(/^(0|[1-9][0-9]{0,19})$/, 'not a decimal uint64'),
  leaf_hash: hash,
  checkpoint: z.string().min(1).max(16_384),
  inclusion_proof: z.array(hash).max(64),
});

export type Receipt = z.infer<typeof receiptSchema>;

/** The parts of a checkpoint that a receipt is checked against, after its signature was verified. */
export interface VerifiedCheckpoint {
  readonly origin: string;
  readonly size: bigint;
  readonly rootHash: Uint8Array;
}

/** Validates a parsed receipt. Throws TLOG_PROOF_MALFORMED (details.issues). */
export function validateReceipt(value: unknown): Receipt {
  const result = receiptSchema.safeParse(value);
  if (!result.success || BigInt(result.data.index) >= 1n << 64n) {
    throw new ProtocolError('TLOG_PROOF_MALFORMED', 'receipt does not match its schema', {
      details: { issues: result.success ? ['index: exceeds uint64'] : summariseIssues(result.error.issues) },
    });
  }
  return result.data;
}

/** A receipt for the entry at `index` with its proof against a checkpoint (text verbatim). */
export function buildReceipt(origin: string, index: bigint, entryBytes: Uint8Array, checkpoint: string, proof: readonly Uint8Array[]): Receipt {
  return validateReceipt({
    format: RECEIPT_FORMAT,
    origin,
    index: index.toString(),
    leaf_hash: bytesToBase64Url(entryLeafHash(entryBytes)),
    checkpoint,
    inclusion_proof: proof.map((h) => bytesToBase64Url(h)),
  });
}

/**
 * Checks that `receipt` proves `entryBytes` at its index under `checkpoint` (whose signature the
 * caller verified): same origin, leaf hash = SHA-256(0x00 || entryBytes), and the inclusion proof
 * leads to the checkpoint's root (RFC 9162 §2.1.3.2). Throws CHECKPOINT_ORIGIN_MISMATCH,
 * TLOG_PROOF_MALFORMED (leaf hash of other bytes), or the MERKLE_* codes of `verifyInclusion`.
 */
export function verifyReceiptInclusion(receipt: Receipt, entryBytes: Uint8Array, checkpoint: VerifiedCheckpoint): void {
  if (receipt.origin !== checkpoint.origin) {
    throw new ProtocolError('CHECKPOINT_ORIGIN_MISMATCH', 'receipt and checkpoint name different logs', {
      details: { receipt: receipt.origin, checkpoint: checkpoint.origin },
    });
  }
  const leafHash = entryLeafHash(entryBytes);
  if (!equalBytes(leafHash, base64UrlToBytes(receipt.leaf_hash, 32))) {
    throw new ProtocolError('TLOG_PROOF_MALFORMED', 'receipt leaf hash is not the hash of these entry bytes');
  }
  const proof = receipt.inclusion_proof.map((h) => base64UrlToBytes(h, 32));
  verifyInclusion(BigInt(receipt.index), checkpoint.size, leafHash, proof, checkpoint.rootHash);
}
