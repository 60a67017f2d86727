/**
 * Naive reference implementations, written straight from the RFC text for cross-checking the fast
 * code in tests and benchmarks. Not for production: MTH/PATH/PROOF are recursive over arrays
 * (O(n log n) hashes, sizes as numbers), and the verifiers do not validate their inputs.
 *
 * `leaves` are leaf hashes: the RFC's MTH({d(0)}) = SHA-256(0x00 || d(0)) is the leaf hash itself.
 */
import { equalBytes } from '../encoding/index.ts';
import { rfc6962Hasher } from './hash.ts';
import type { MerkleHasher } from './hash.ts';

/** Largest power of two strictly below n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 6962 §2.1: MTH(D[n]). */
export function referenceRoot(leaves: readonly Uint8Array[], hasher: MerkleHasher = rfc6962Hasher): Uint8Array {
  const n = leaves.length;
  if (n === 0) return hasher.emptyRoot();
  if (n === 1) return leaves[0] as Uint8Array;
  const k = splitPoint(n);
  return hasher.hashChildren(referenceRoot(leaves.slice(0, k), hasher), referenceRoot(leaves.slice(k), hasher));
}

/** RFC 6962 §2.1.1: PATH(m, D[n]). */
export function referenceInclusionProof(m: number, leaves: readonly Uint8Array[], hasher: MerkleHasher = rfc6962Hasher): Uint8Array[] {
  const n = leaves.length;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...referenceInclusionProof(m, leaves.slice(0, k), hasher), referenceRoot(leaves.slice(k), hasher)];
  return [...referenceInclusionProof(m - k, leaves.slice(k), hasher), referenceRoot(leaves.slice(0, k), hasher)];
}

/** RFC 6962 §2.1.2: PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function referenceConsistencyProof(m: number, leaves: readonly Uint8Array[], hasher: MerkleHasher = rfc6962Hasher): Uint8Array[] {
  return subproof(m, leaves, true, hasher);
}

function subproof(m: number, leaves: readonly Uint8Array[], complete: boolean, hasher: MerkleHasher): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return complete ? [] : [referenceRoot(leaves, hasher)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(m, leaves.slice(0, k), complete, hasher), referenceRoot(leaves.slice(k), hasher)];
  return [...subproof(m - k, leaves.slice(k), false, hasher), referenceRoot(leaves.slice(0, k), hasher)];
}

/** RFC 9162 §2.1.3.2, step by step (indices as bigint, shifts as bigint). */
export function referenceVerifyInclusion(
  leafIndex: bigint,
  treeSize: bigint,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
  rootHash: Uint8Array,
  hasher: MerkleHasher = rfc6962Hasher,
): boolean {
  if (leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = hasher.hashChildren(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(r, rootHash);
}

/** RFC 9162 §2.1.4.2, step by step, for 0 < first < second. */
export function referenceVerifyConsistency(
  first: bigint,
  second: bigint,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  consistencyPath: readonly Uint8Array[],
  hasher: MerkleHasher = rfc6962Hasher,
): boolean {
  if (consistencyPath.length === 0) return false;
  const path = (first & (first - 1n)) === 0n ? [firstHash, ...consistencyPath] : [...consistencyPath];
  let fn = first - 1n;
  let sn = second - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return equalBytes(fr, firstHash) && equalBytes(sr, secondHash) && sn === 0n;
}
