/**
 * Inclusion proofs (RFC 9162 §2.1.3): recompute the root from a leaf hash and its audit path.
 *
 * Shape of a proof for leaf `index` in a tree of `size` (the decomposition transparency-dev uses,
 * equivalent to the RFC 9162 §2.1.3.2 loop and checked against it in the tests):
 *   inner  = bitlen(index XOR (size - 1)) siblings below the level where the leaf's path joins the
 *            tree's right border; sibling i is on the right when bit i of index is 0;
 *   border = popcount(index >> inner) left siblings above it, one per set bit.
 * A proof of any other length is rejected before hashing.
 */
import { bytesToHex, equalBytes } from '../encoding/index.ts';
import { ProtocolError } from '../errors.ts';
import { bitLength64, popcount64, splitBits64, testBit64 } from './bits.ts';
import { checkHash, checkLeafIndex, checkProof, checkTreeSize } from './checks.ts';
import { rfc6962Hasher } from './hash.ts';
import type { MerkleHasher } from './hash.ts';

export interface InclusionProofShape {
  /** Proof hashes below the right border (levels 0 .. inner - 1). */
  readonly inner: number;
  /** Left-sibling hashes on the right border above `inner`. */
  readonly border: number;
}

/** The expected proof shape; precondition 0 <= index < size < 2^64 (not re-checked). */
export function shapeInclusionProof(index: bigint, size: bigint): InclusionProofShape {
  const inner = bitLength64(index ^ (size - 1n));
  return { inner, border: popcount64(index >> BigInt(inner)) };
}

/**
 * Folds an inclusion proof and returns the root it implies. Does not compare with any root.
 * Throws MERKLE_BAD_SIZE (size not uint64), MERKLE_BAD_INDEX (index not in [0, size)),
 * MERKLE_BAD_HASH_LENGTH (leaf or proof hash not 32 bytes), MERKLE_BAD_PROOF_LENGTH (wrong count).
 * All arguments may be attacker-controlled.
 */
export function rootFromInclusionProof(
  index: bigint,
  size: bigint,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  hasher: MerkleHasher = rfc6962Hasher,
): Uint8Array {
  checkTreeSize(size);
  checkLeafIndex(index, size);
  checkHash(leafHash, 'leaf hash');
  const { inner, border } = shapeInclusionProof(index, size);
  checkProof(proof, inner + border);
  const bits = splitBits64(index);
  let node = leafHash;
  for (let i = 0; i < inner; i++) {
    const sibling = proof[i] as Uint8Array;
    node = testBit64(bits, i) ? hasher.hashChildren(sibling, node) : hasher.hashChildren(node, sibling);
  }
  for (let i = inner; i < proof.length; i++) node = hasher.hashChildren(proof[i] as Uint8Array, node);
  return node === leafHash ? new Uint8Array(leafHash) : node;
}

/**
 * Verifies that `leafHash` is leaf `index` of the tree of `size` whose root is `root`
 * (RFC 9162 §2.1.3.2). Throws the codes of rootFromInclusionProof, MERKLE_BAD_HASH_LENGTH for a
 * root that is not 32 bytes, and MERKLE_ROOT_MISMATCH (details: expected and computed roots in hex)
 * when the proof leads elsewhere.
 */
export function verifyInclusion(
  index: bigint,
  size: bigint,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  hasher: MerkleHasher = rfc6962Hasher,
): void {
  checkHash(root, 'root');
  const computed = rootFromInclusionProof(index, size, leafHash, proof, hasher);
  if (!equalBytes(computed, root)) {
    throw new ProtocolError('MERKLE_ROOT_MISMATCH', `inclusion proof for leaf ${index} of ${size} leads to another root`, {
      details: { index: index.toString(), size: size.toString(), expected: bytesToHex(root), computed: bytesToHex(computed) },
    });
  }
}

/** Boolean form of verifyInclusion: false for any ProtocolError (bad input or mismatch). */
export function isInclusionValid(
  index: bigint,
  size: bigint,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  hasher: MerkleHasher = rfc6962Hasher,
): boolean {
  try {
    verifyInclusion(index, size, leafHash, proof, root, hasher);
    return true;
  } catch (error) {
    if (error instanceof ProtocolError) return false;
    throw error;
  }
}
