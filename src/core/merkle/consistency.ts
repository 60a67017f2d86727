/**
 * Consistency proofs (RFC 9162 §2.1.4): show that the tree of `size2` extends the tree of `size1`.
 *
 * Policy for the cases outside RFC 9162's precondition 0 < size1 < size2 (tlog-specs §1.5, as
 * transparency-dev/merkle and its test vectors do):
 *   size1 > size2          → MERKLE_BAD_SIZE;
 *   size1 == 0             → MERKLE_BAD_SIZE (a proof from the empty tree proves nothing; this
 *                            includes 0 == size2: callers wanting C2SP tlog-witness's "the empty tree
 *                            is consistent with any tree" must special-case size 0 themselves);
 *   size1 == size2 > 0     → the proof must be empty and root1 == root2 (byte equality only).
 *
 * Proof shape: the old tree's last complete subtree is node (shift, (size1 - 1) >> shift) with
 * shift = trailing zeros of size1. The proof is that node's hash (omitted when it is the whole old
 * tree, i.e. size1 is a power of two: root1 is used instead) followed by its inclusion path in the
 * new tree. Folding the path gives root2; folding only the left siblings gives root1.
 */
import { bytesToHex, equalBytes } from '../encoding/index.ts';
import { ProtocolError } from '../errors.ts';
import { splitBits64, testBit64, trailingZeros64 } from './bits.ts';
import { checkHash, checkProof, checkTreeSize } from './checks.ts';
import { rfc6962Hasher } from './hash.ts';
import type { MerkleHasher } from './hash.ts';
import { shapeInclusionProof } from './inclusion.ts';

export interface ConsistencyRoots {
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
}

export interface ConsistencyProofShape {
  /** True when size1 is a power of two: the proof does not repeat root1. */
  readonly seedIsRoot1: boolean;
  /** Level of the old tree's last complete subtree (trailing zeros of size1). */
  readonly shift: number;
  readonly inner: number;
  readonly border: number;
}

/** Expected shape for 0 < size1 < size2 < 2^64 (not re-checked). */
export function shapeConsistencyProof(size1: bigint, size2: bigint): ConsistencyProofShape {
  const { inner, border } = shapeInclusionProof(size1 - 1n, size2);
  const shift = trailingZeros64(size1);
  return { seedIsRoot1: size1 === 1n << BigInt(shift), shift, inner: inner - shift, border };
}

/**
 * Folds a consistency proof and returns the two roots it implies (for size1 == size2, root1 twice,
 * whatever its length). Throws MERKLE_BAD_SIZE (see the policy above), MERKLE_BAD_HASH_LENGTH (root1
 * or a proof hash not 32 bytes), MERKLE_BAD_PROOF_LENGTH (wrong number of hashes). All inputs may be attacker-controlled.
 */
export function rootsFromConsistencyProof(
  size1: bigint,
  size2: bigint,
  root1: Uint8Array,
  proof: readonly Uint8Array[],
  hasher: MerkleHasher = rfc6962Hasher,
): ConsistencyRoots {
  checkConsistencySizes(size1, size2);
  if (size1 === size2) {
    checkProof(proof, 0);
    checkBytes(root1, 'root1');
    return { root1: new Uint8Array(root1), root2: new Uint8Array(root1) };
  }
  checkHash(root1, 'root1');
  const { seedIsRoot1, shift, inner, border } = shapeConsistencyProof(size1, size2);
  const start = seedIsRoot1 ? 0 : 1;
  checkProof(proof, start + inner + border);
  const seed = seedIsRoot1 ? root1 : (proof[0] as Uint8Array);
  // Bit i of mask: is the old tree's path node at level shift + i a right child?
  const mask = splitBits64((size1 - 1n) >> BigInt(shift));
  let old = seed;
  let next = seed;
  for (let i = 0; i < inner; i++) {
    const sibling = proof[start + i] as Uint8Array;
    if (testBit64(mask, i)) {
      old = hasher.hashChildren(sibling, old);
      next = hasher.hashChildren(sibling, next);
    } else {
      // A right sibling lies past size1: it belongs to the new tree only.
      next = hasher.hashChildren(next, sibling);
    }
  }
  for (let i = start + inner; i < proof.length; i++) {
    const sibling = proof[i] as Uint8Array;
    old = hasher.hashChildren(sibling, old);
    next = hasher.hashChildren(sibling, next);
  }
  return { root1: old === seed ? new Uint8Array(seed) : old, root2: next === seed ? new Uint8Array(seed) : next };
}

/**
 * Verifies that the tree of `size2` with `root2` is an append-only extension of the tree of
 * `size1` with `root1` (RFC 9162 §2.1.4.2). Throws the codes of rootsFromConsistencyProof,
 * MERKLE_BAD_HASH_LENGTH for root2, and MERKLE_INCONSISTENT (details: which root, expected and
 * computed in hex) when the proof does not reproduce both roots.
 */
export function verifyConsistency(
  size1: bigint,
  size2: bigint,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
  hasher: MerkleHasher = rfc6962Hasher,
): void {
  checkConsistencySizes(size1, size2);
  if (size1 === size2) {
    // As transparency-dev (and its vector "sizes are equal (one) and proof is empty"): equal sizes
    // need no hashing, only byte equality; hash lengths are the checkpoint parser's business.
    checkProof(proof, 0);
    checkBytes(root1, 'root1');
    checkBytes(root2, 'root2');
    if (!equalBytes(root1, root2)) throwInconsistent(size1, size2, 'root2', root2, root1);
    return;
  }
  checkHash(root2, 'root2');
  const computed = rootsFromConsistencyProof(size1, size2, root1, proof, hasher);
  if (!equalBytes(computed.root1, root1)) throwInconsistent(size1, size2, 'root1', root1, computed.root1);
  if (!equalBytes(computed.root2, root2)) throwInconsistent(size1, size2, 'root2', root2, computed.root2);
}

/** Boolean form of verifyConsistency: false for any ProtocolError (bad input or mismatch). */
export function isConsistencyValid(
  size1: bigint,
  size2: bigint,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
  hasher: MerkleHasher = rfc6962Hasher,
): boolean {
  try {
    verifyConsistency(size1, size2, root1, root2, proof, hasher);
    return true;
  } catch (error) {
    if (error instanceof ProtocolError) return false;
    throw error;
  }
}

/** MERKLE_BAD_SIZE unless 0 < size1 <= size2 < 2^64 (see the policy at the top). */
export function checkConsistencySizes(size1: bigint, size2: bigint): void {
  checkTreeSize(size1, 'size1');
  checkTreeSize(size2, 'size2');
  if (size1 > size2) {
    throw new ProtocolError('MERKLE_BAD_SIZE', `size1 ${size1} is larger than size2 ${size2}`, {
      details: { size1: size1.toString(), size2: size2.toString() },
    });
  }
  if (size1 === 0n) {
    throw new ProtocolError('MERKLE_BAD_SIZE', 'a consistency proof from the empty tree is meaningless', {
      details: { size1: '0', size2: size2.toString() },
    });
  }
}

function checkBytes(value: Uint8Array, what: string): void {
  if (!(value instanceof Uint8Array)) throw new ProtocolError('MERKLE_BAD_HASH_LENGTH', `${what} must be a Uint8Array`);
}

function throwInconsistent(size1: bigint, size2: bigint, which: string, expected: Uint8Array, computed: Uint8Array): never {
  throw new ProtocolError('MERKLE_INCONSISTENT', `consistency proof ${size1} → ${size2} does not reproduce ${which}`, {
    details: { size1: size1.toString(), size2: size2.toString(), which, expected: bytesToHex(expected), computed: bytesToHex(computed) },
  });
}
