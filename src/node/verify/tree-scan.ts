/**
 * A streaming RFC 9162 tree for the verifier: leaf hashes go in one at a time, in log order, and
 * every interior node is hashed exactly once (N − 1 node hashes for N leaves), as in CompactRange
 * (src/core/merkle/compact-range.ts). Unlike CompactRange it reports the nodes it forms:
 *
 * - nodes at tree levels 8, 16, … (the hashes that C2SP tlog-tiles stores at tile levels 1, 2, …)
 *   go to `onTileNode` in order, so hash tiles are checked against hashes recomputed from entries;
 * - any complete node asked for with `want` is kept when it forms (inclusion and consistency proofs
 *   computed from the data, issue 5 §2–3), without keeping the tree.
 *
 * Memory: at most 64 right-border hashes plus the wanted nodes. Sizes are JS numbers (a scan never
 * gets near 2^53 leaves).
 */
import type { MerkleHasher } from '../../core/merkle/hash.ts';

const NO_HASH = new Uint8Array(0);

/** A place that receives a wanted node when it forms. */
export type NodeSink = Map<string, Uint8Array>;

/** The key of node (level, index) in a NodeSink. */
export function nodeKey(level: number, index: number): string {
  return `${level}/${index}`;
}

interface Want {
  readonly level: number;
  readonly key: string;
  readonly sink: NodeSink;
}

export class TreeScanner {
  readonly #hasher: MerkleHasher;
  readonly #onTileNode: ((tileLevel: number, hash: Uint8Array) => void) | undefined;
  readonly #hashes: Uint8Array[] = Array.from({ length: 64 }, () => NO_HASH);
  readonly #levels = new Uint8Array(64);
  #count = 0;
  #size = 0;
  // The nodes formed by the last push, by level (level 0 = the leaf).
  readonly #formed: Uint8Array[] = Array.from({ length: 64 }, () => NO_HASH);
  // Wanted complete nodes by the tree size at which they form: (index + 1) · 2^level.
  readonly #wanted = new Map<number, Want[]>();

  constructor(hasher: MerkleHasher, onTileNode?: (tileLevel: number, hash: Uint8Array) => void) {
    this.#hasher = hasher;
    this.#onTileNode = onTileNode;
  }

  /** Leaves pushed so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Asks for the complete node (level, index) to be put into `sink` when it forms. Returns false if
   * it can never be captured (it formed already).
   */
  want(level: number, index: number, sink: NodeSink): boolean {
    const end = (index + 1) * 2 ** level;
    if (end <= this.#size) return false;
    const list = this.#wanted.get(end);
    const want = { level, key: nodeKey(level, index), sink };
    if (list === undefined) this.#wanted.set(end, [want]);
    else list.push(want);
    return true;
  }

  /** Appends one leaf hash (32 bytes, kept by reference: callers must not reuse the array). */
  pushLeafHash(leafHash: Uint8Array): void {
    const hashes = this.#hashes;
    const levels = this.#levels;
    const formed = this.#formed;
    let n = this.#count;
    let merged = leafHash;
    let level = 0;
    formed[0] = leafHash;
    while (n > 0 && levels[n - 1] === level) {
      n--;
      merged = this.#hasher.hashChildren(hashes[n] as Uint8Array, merged);
      level++;
      formed[level] = merged;
      if ((level & 7) === 0 && this.#onTileNode !== undefined) this.#onTileNode(level >> 3, merged);
    }
    hashes[n] = merged;
    levels[n] = level;
    this.#count = n + 1;
    this.#size++;
    if (this.#wanted.size > 0) {
      const list = this.#wanted.get(this.#size);
      if (list !== undefined) {
        this.#wanted.delete(this.#size);
        for (const want of list) want.sink.set(want.key, formed[want.level] as Uint8Array);
      }
    }
  }

  /** MTH of the leaves pushed so far (SHA-256("") for none). */
  root(): Uint8Array {
    const n = this.#count;
    if (n === 0) return this.#hasher.emptyRoot();
    let root = this.#hashes[n - 1] as Uint8Array;
    for (let i = n - 2; i >= 0; i--) root = this.#hasher.hashChildren(this.#hashes[i] as Uint8Array, root);
    return root;
  }

  /**
   * The right-border complete subtrees of [0, size), largest first, as (level, index) nodes: the
   * compact range, i.e. the nodes of the tree at this size that later leaves never change.
   */
  compactNodes(): { level: number; index: number; hash: Uint8Array }[] {
    const out: { level: number; index: number; hash: Uint8Array }[] = [];
    let start = 0;
    for (let i = 0; i < this.#count; i++) {
      const level = this.#levels[i] as number;
      out.push({ level, index: start / 2 ** level, hash: this.#hashes[i] as Uint8Array });
      start += 2 ** level;
    }
    return out;
  }
}
