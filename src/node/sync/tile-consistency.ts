/**
 * Consistency between a trusted checkpoint (size1, root1) and a newer one (size2, root2), proven
 * FROM TILES: the RFC 9162 §2.1.4 consistency proof is generated locally from the hash tiles of the
 * size2 tree (never taken from the server) and then verified like any proof. The tiles are not
 * trusted: the proof must reproduce root2, the signed root, or the tiles are not that tree's
 * (SYNC_TILES_INCONSISTENT, a bad answer worth retrying). When it reproduces root2 but not root1,
 * the size2 tree does not extend the size1 tree: a fork, and the proof is the portable evidence.
 *
 * When size1 is a power of two the standard proof omits the old tree's root (the verifier holds
 * root1); to prove a fork we need the NEW tree's version of it, so it is returned as `subtree`.
 */
import { equalBytes } from '../../core/encoding/bytes.ts';
import { rootsFromConsistencyProof } from '../../core/merkle/consistency.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { generateConsistencyProof, type MerkleNodeSource } from '../../core/merkle/proof-gen.ts';
import { bytesToHex } from '../../core/encoding/hex.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import { tilesNeeded, type TreeTiles } from './tree-tiles.ts';

export interface ConsistencyFinding {
  /** Whether the size2 tree extends the size1 tree. */
  readonly consistent: boolean;
  /** PROOF(size1, D[size2]) from the size2 tree's tiles. */
  readonly proof: Uint8Array[];
  /** The root of the first size1 leaves according to the size2 tree (= root1 iff consistent). */
  readonly impliedRoot1: Uint8Array;
  /** size1 a power of two only: the size2 tree's node over [0, size1) (= impliedRoot1). */
  readonly subtree?: Uint8Array;
}

export function isPowerOfTwo(size: number): boolean {
  const n = BigInt(size);
  return n > 0n && (n & (n - 1n)) === 0n;
}

function computeProof(source: MerkleNodeSource, size1: number, size2: number, hasher: MerkleHasher): { proof: Uint8Array[]; subtree?: Uint8Array } {
  const proof = generateConsistencyProof(source, BigInt(size1), BigInt(size2), hasher);
  if (!isPowerOfTwo(size1)) return { proof };
  const level = BigInt(size1).toString(2).length - 1;
  return { proof, subtree: source.getNode(level, 0n) };
}

/**
 * Proves from `tiles` (the tree of size2 = tiles.size, fetched on demand) whether it extends
 * (size1, root1); see the module comment. Precondition: 0 < size1 < size2. Throws
 * SYNC_TILES_INCONSISTENT, or what the tile fetcher throws.
 */
export async function checkConsistencyFromTiles(
  tiles: TreeTiles,
  size1: number,
  root1: Uint8Array,
  root2: Uint8Array,
  hasher: MerkleHasher,
): Promise<ConsistencyFinding> {
  const size2 = tiles.size;
  await tiles.ensure(tilesNeeded((source) => computeProof(source, size1, size2, hasher)));
  const { proof, subtree } = computeProof(tiles, size1, size2, hasher);
  const roots = rootsFromConsistencyProof(BigInt(size1), BigInt(size2), subtree ?? root1, proof, hasher);
  if (!equalBytes(roots.root2, root2)) {
    throw new ReplicaError('SYNC_TILES_INCONSISTENT', `the tiles of tree ${size2} do not hash to its signed root`, {
      details: { size: size2, expected: bytesToHex(root2), computed: bytesToHex(roots.root2) },
    });
  }
  return { consistent: equalBytes(roots.root1, root1), proof, impliedRoot1: roots.root1, ...(subtree === undefined ? {} : { subtree }) };
}
