/**
 * The auditor's sample (issue 5 "Output"): N log entries drawn reproducibly from a seed, each with
 * its RFC 9162 inclusion proof against the newest verified checkpoint, computed from the data
 * during the scan (proof-plan.ts). Another auditor with the same evidence, seed and count draws the
 * same entries and gets the same proofs; anyone can check one with the log key alone, as a
 * `warden.receipt/v1` (docs/protocol.md §7.3) or a C2SP tlog-proof file (`sampleReceipt`,
 * `sampleTlogProof`).
 *
 * Draw policy: SFC32 (src/core/log/prng.ts) seeded with "warden-sample:<seed>", one draw per pick in
 * [0, size) with rejection of repeats, then sorted ascending; all entries when count ≥ size.
 */
import { base64UrlToBytes } from '../../core/encoding/base64.ts';
import { SeededRandom } from '../../core/log/prng.ts';
import { validateReceipt, type Receipt, RECEIPT_FORMAT } from '../../core/log/receipt.ts';
import { formatTlogProof } from '../../core/note/tlog-proof.ts';

export interface SampleItem {
  /** Entry index, decimal. */
  readonly index: string;
  /** base64url of SHA-256(0x00 ‖ entry bytes). */
  readonly leaf_hash: string;
  readonly type?: string;
  readonly subject?: string;
  /** base64url hashes, leaf sibling first (RFC 9162 §2.1.3). */
  readonly inclusion_proof: readonly string[];
}

export interface VerificationSample {
  readonly seed: string;
  readonly count: number;
  readonly origin: string;
  readonly tree_size: string;
  /** The newest checkpoint the proofs lead to, verbatim. */
  readonly checkpoint: string;
  readonly items: readonly SampleItem[];
}

/** `count` distinct indices in [0, size), drawn from `seed` (see the draw policy), ascending. */
export function chooseSampleIndices(seed: string, count: number, size: number): number[] {
  if (size <= 0) return [];
  if (count >= size) return Array.from({ length: size }, (_, i) => i);
  const random = new SeededRandom(`warden-sample:${seed}`);
  const chosen = new Set<number>();
  while (chosen.size < count) {
    // Two 32-bit draws give 53 bits; modulo bias is below 2^-20 for any log of fewer than 2^33 entries.
    const draw = random.nextUint32() * 2 ** 21 + (random.nextUint32() >>> 11);
    chosen.add(draw % size);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The sampled entry as a warden.receipt/v1 (docs/protocol.md §7.3). */
export function sampleReceipt(sample: VerificationSample, item: SampleItem): Receipt {
  return validateReceipt({
    format: RECEIPT_FORMAT,
    origin: sample.origin,
    index: item.index,
    leaf_hash: item.leaf_hash,
    checkpoint: sample.checkpoint,
    inclusion_proof: [...item.inclusion_proof],
  });
}

/** The sampled entry's proof as a C2SP tlog-proof@v1 file. */
export function sampleTlogProof(sample: VerificationSample, item: SampleItem): string {
  return formatTlogProof({
    index: BigInt(item.index),
    proof: item.inclusion_proof.map((h) => base64UrlToBytes(h, 32)),
    checkpoint: sample.checkpoint,
  });
}
