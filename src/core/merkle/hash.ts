/**
 * RFC 9162 §2.1.1 (= RFC 6962 §2.1) Merkle tree hashing with SHA-256:
 *   leaf  = SHA-256(0x00 || entry)
 *   node  = SHA-256(0x01 || left || right)
 *   empty = SHA-256("")
 * The domain-separation prefixes keep a leaf from ever being read as an interior node (second-preimage
 * resistance of the tree).
 *
 * Everything in src/core/merkle takes a `MerkleHasher`, so the portable core runs on @noble/hashes
 * while the Node layer plugs in OpenSSL (src/node/merkle/native-hasher.ts) for bulk work.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;
export const LEAF_PREFIX = 0x00;
export const NODE_PREFIX = 0x01;

/**
 * The three hash operations of an RFC 9162 tree. Implementations must be pure functions of their
 * inputs and return a fresh array (callers keep the results).
 */
export interface MerkleHasher {
  /** SHA-256(0x00 || data) for a log entry of any length. */
  hashLeaf(data: Uint8Array): Uint8Array;
  /** SHA-256(0x01 || left || right); children are normally 32 bytes but any length is hashed as is. */
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** SHA-256(""), the root of the empty tree. */
  emptyRoot(): Uint8Array;
}

const EMPTY_ROOT = nobleSha256(new Uint8Array(0));
const LEAF_PREFIX_BYTES = Uint8Array.of(LEAF_PREFIX);
// Scratch for the common 32 + 32 byte node preimage. Safe to share: JS runs one call at a time per
// realm and a worker thread has its own module instance.
const nodeScratch = new Uint8Array(1 + 2 * HASH_SIZE);
nodeScratch[0] = NODE_PREFIX;

/** The portable RFC 9162 hasher (@noble/hashes SHA-256). */
export const rfc6962Hasher: MerkleHasher = {
  hashLeaf(data: Uint8Array): Uint8Array {
    // Streaming update avoids copying a large entry just to prepend one byte.
    return nobleSha256.create().update(LEAF_PREFIX_BYTES).update(data).digest();
  },
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
    if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
      nodeScratch.set(left, 1);
      nodeScratch.set(right, 1 + HASH_SIZE);
      return nobleSha256(nodeScratch);
    }
    const preimage = new Uint8Array(1 + left.length + right.length);
    preimage[0] = NODE_PREFIX;
    preimage.set(left, 1);
    preimage.set(right, 1 + left.length);
    return nobleSha256(preimage);
  },
  emptyRoot(): Uint8Array {
    return EMPTY_ROOT.slice();
  },
};

/** RFC 9162 leaf hash of one log entry. `hasher` defaults to the portable one. */
export function hashLeaf(data: Uint8Array, hasher: MerkleHasher = rfc6962Hasher): Uint8Array {
  return hasher.hashLeaf(data);
}

/** RFC 9162 interior node hash of two child hashes. */
export function hashChildren(left: Uint8Array, right: Uint8Array, hasher: MerkleHasher = rfc6962Hasher): Uint8Array {
  return hasher.hashChildren(left, right);
}

/** Root hash of the empty tree, SHA-256(""). */
export function emptyRoot(hasher: MerkleHasher = rfc6962Hasher): Uint8Array {
  return hasher.emptyRoot();
}
