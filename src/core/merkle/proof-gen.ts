/**
 * Generating RFC 9162 inclusion and consistency proofs (RFC 6962 §2.1.1 PATH, §2.1.2 PROOF) from a
 * store of COMPLETE subtree hashes, which is exactly what C2SP tlog-tiles serves (tile at level l
 * holds the hashes of complete subtrees of 256^l leaves; a partial tile is never hashed upwards).
 * Hashes of incomplete right-border subtrees are recomputed from the complete subtrees they span.
 */
import { ProtocolError } from '../errors.ts';
import { bitLength64, trailingZeros64 } from './bits.ts';
import { checkHash, checkLeafIndex, checkTreeSize } from './checks.ts';
import { checkConsistencySizes } from './consistency.ts';
import { rfc6962Hasher } from './hash.ts';
import type { MerkleHasher } from './hash.ts';

/** A store of complete-subtree hashes (a tile reader, an in-memory tree, a database…). */
export interface MerkleNodeSource {
  /**
   * Hash of the complete subtree at `level` covering leaves [index·2^level, (index+1)·2^level).
   * Level 0 is the leaf hashes. Called only for subtrees lying entirely below the requested size.
   */
  getNode(level: number, index: bigint): Uint8Array;
}

/**
 * MTH(D[size]) from the complete subtrees of [0, size): one per set bit of size, folded right to
 * left (SHA-256("") for 0). Throws MERKLE_BAD_SIZE; MERKLE_BAD_HASH_LENGTH if the source returns a
 * hash that is not 32 bytes (a tile server is attacker-controlled).
 */
export function computeRootFromNodes(source: MerkleNodeSource, size: bigint, hasher: MerkleHasher = rfc6962Hasher): Uint8Array {
  checkTreeSize(size);
  if (size === 0n) return hasher.emptyRoot();
  return hashClippedNode(source, bitLength64(size - 1n), 0n, size, hasher);
}

/**
 * PATH(index, D[size]): the inclusion proof of leaf `index` in the tree of `size`, sibling of the
 * leaf first. Throws MERKLE_BAD_SIZE, MERKLE_BAD_INDEX (index not in [0, size)),
 * MERKLE_BAD_HASH_LENGTH (bad hash from the source).
 */
export function generateInclusionProof(
  source: MerkleNodeSource,
  index: bigint,
  size: bigint,
  hasher: MerkleHasher = rfc6962Hasher,
): Uint8Array[] {
  checkTreeSize(size);
  checkLeafIndex(index, size);
  return proveNode(source, 0, index, size, hasher);
}

/**
 * PROOF(size1, D[size2]): the consistency proof between the trees of size1 and size2. Empty for
 * size1 == size2; MERKLE_BAD_SIZE for size1 == 0 or size1 > size2 (same policy as
 * verifyConsistency); MERKLE_BAD_HASH_LENGTH for a bad hash from the source.
 */
export function generateConsistencyProof(
  source: MerkleNodeSource,
  size1: bigint,
  size2: bigint,
  hasher: MerkleHasher = rfc6962Hasher,
): Uint8Array[] {
  checkConsistencySizes(size1, size2);
  if (size1 === size2) return [];
  // The old tree's last complete subtree, then its inclusion path in the new tree; the subtree
  // itself is left out when it is the whole old tree (size1 a power of two): the verifier has root1.
  const shift = trailingZeros64(size1);
  const index = (size1 - 1n) >> BigInt(shift);
  const proof = proveNode(source, shift, index, size2, hasher);
  if (size1 !== 1n << BigInt(shift)) proof.unshift(readNode(source, shift, index));
  return proof;
}

// Inclusion path of the complete node (level, index) in the tree of `size`: `inner` siblings below
// the level where the path meets the right border (the rightmost may be incomplete), then one left
// sibling per set bit above it. Mirrors shapeInclusionProof.
function proveNode(source: MerkleNodeSource, level: number, index: bigint, size: bigint, hasher: MerkleHasher): Uint8Array[] {
  const last = (size - 1n) >> BigInt(level);
  const inner = bitLength64(index ^ last);
  const proof: Uint8Array[] = [];
  for (let i = 0; i < inner; i++) {
    const sibling = (index >> BigInt(i)) ^ 1n;
    proof.push(hashClippedNode(source, level + i, sibling, size, hasher));
  }
  for (let i = inner; index >> BigInt(i) > 0n; i++) {
    const node = index >> BigInt(i);
    if ((node & 1n) === 1n) proof.push(readNode(source, level + i, node ^ 1n));
  }
  return proof;
}

// Hash of node (level, index) restricted to leaves below `size`: stored as is when complete, else
// folded from the complete subtrees of [index·2^level, size), which are aligned because the node's
// start is a multiple of 2^level and the pieces shrink.
function hashClippedNode(source: MerkleNodeSource, level: number, index: bigint, size: bigint, hasher: MerkleHasher): Uint8Array {
  let begin = index << BigInt(level);
  if (begin + (1n << BigInt(level)) <= size) return readNode(source, level, index);
  const pieces: Uint8Array[] = [];
  for (let l = level - 1; l >= 0 && begin < size; l--) {
    const width = 1n << BigInt(l);
    if (size - begin >= width) {
      pieces.push(readNode(source, l, begin >> BigInt(l)));
      begin += width;
    }
  }
  // Unreachable for the callers here (a sibling or root always starts below size); kept as a guard.
  if (pieces.length === 0) throw new ProtocolError('MERKLE_BAD_INDEX', `node ${level}/${index} lies past size ${size}`);
  let hash = pieces[pieces.length - 1] as Uint8Array;
  for (let i = pieces.length - 2; i >= 0; i--) hash = hasher.hashChildren(pieces[i] as Uint8Array, hash);
  return hash;
}

function readNode(source: MerkleNodeSource, level: number, index: bigint): Uint8Array {
  if (level > 63) throw new ProtocolError('MERKLE_BAD_SIZE', `node level ${level} exceeds 63`);
  const hash = source.getNode(level, index);
  checkHash(hash, `node ${level}/${index}`);
  // A copy: proofs handed out must not alias the store's own arrays.
  return new Uint8Array(hash);
}
