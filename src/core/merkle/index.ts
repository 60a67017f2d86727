/** RFC 9162 Merkle trees: hashing, streaming roots, inclusion and consistency proofs. */
export { HASH_SIZE, LEAF_PREFIX, NODE_PREFIX, emptyRoot, hashChildren, hashLeaf, rfc6962Hasher } from './hash.ts';
export type { MerkleHasher } from './hash.ts';
export { UINT64_LIMIT } from './checks.ts';
export { CompactRange, computeRoot, computeRootFromLeafHashes } from './compact-range.ts';
export { isInclusionValid, rootFromInclusionProof, shapeInclusionProof, verifyInclusion } from './inclusion.ts';
export type { InclusionProofShape } from './inclusion.ts';
export {
  checkConsistencySizes,
  isConsistencyValid,
  rootsFromConsistencyProof,
  shapeConsistencyProof,
  verifyConsistency,
} from './consistency.ts';
export type { ConsistencyProofShape, ConsistencyRoots } from './consistency.ts';
export { computeRootFromNodes, generateConsistencyProof, generateInclusionProof } from './proof-gen.ts';
export type { MerkleNodeSource } from './proof-gen.ts';
export { MemoryTree } from './memory-tree.ts';
