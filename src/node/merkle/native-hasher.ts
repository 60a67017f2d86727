/**
 * RFC 9162 hashing on OpenSSL through node:crypto's one-shot `crypto.hash` (no Hash object per
 * call). Preimages are assembled in preallocated scratch buffers, so a node hash costs one copy of
 * 64 bytes and one native call. Same results as the portable core hasher (tested).
 */
import { createHash, hash } from 'node:crypto';
import { HASH_SIZE, LEAF_PREFIX, NODE_PREFIX } from '../../core/merkle/hash.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';

// Entries up to this size are copied behind the 0x00 prefix into a reused buffer; larger ones are
// streamed through a Hash object instead of pinning a large buffer.
const LEAF_SCRATCH_MAX = 64 * 1024;
const EMPTY_ROOT = new Uint8Array(hash('sha256', new Uint8Array(0), 'buffer'));
const LEAF_PREFIX_BYTES = Uint8Array.of(LEAF_PREFIX);
const NODE_PREFIX_BYTES = Uint8Array.of(NODE_PREFIX);

/**
 * A new native hasher with its own scratch buffers. One per thread is enough: JS never runs two
 * calls of one hasher at the same time.
 */
export function createNativeHasher(): MerkleHasher {
  const node = new Uint8Array(1 + 2 * HASH_SIZE);
  node[0] = NODE_PREFIX;
  let leaf = new Uint8Array(1 + 256);
  leaf[0] = LEAF_PREFIX;
  // The view of the last preimage length, reused: log entries often share a size, and a fresh
  // subarray per call costs about as much as the copy.
  let view = leaf.subarray(0, 1);
  return {
    hashLeaf(data: Uint8Array): Uint8Array {
      const length = data.length + 1;
      if (length > LEAF_SCRATCH_MAX) return createHash('sha256').update(LEAF_PREFIX_BYTES).update(data).digest();
      if (length > leaf.length) {
        leaf = new Uint8Array(Math.max(length, leaf.length * 2));
        leaf[0] = LEAF_PREFIX;
        view = leaf.subarray(0, 1);
      }
      if (view.length !== length) view = leaf.subarray(0, length);
      leaf.set(data, 1);
      return hash('sha256', view, 'buffer');
    },
    hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
      if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
        node.set(left, 1);
        node.set(right, 1 + HASH_SIZE);
        return hash('sha256', node, 'buffer');
      }
      return createHash('sha256').update(NODE_PREFIX_BYTES).update(left).update(right).digest();
    },
    emptyRoot(): Uint8Array {
      return EMPTY_ROOT.slice();
    },
  };
}

/** A shared native hasher for the main thread (or any one thread). */
export const nativeHasher: MerkleHasher = createNativeHasher();
