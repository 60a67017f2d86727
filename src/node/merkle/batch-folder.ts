/**
 * Folds the results of hash workers into one CompactRange strictly in batch order, whatever order
 * they arrive in. Batch b covers leaves [b·batchSize, (b+1)·batchSize) with batchSize = 2^batchLevel.
 */
import { CompactRange } from '../../core/merkle/compact-range.ts';
import { HASH_SIZE } from '../../core/merkle/hash.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';

export class BatchFolder {
  readonly range: CompactRange;
  readonly #batchLevel: number;
  readonly #foldInWorkers: boolean;
  readonly #waiting = new Map<number, { count: number; hashes: Uint8Array }>();
  #next = 0;

  constructor(hasher: MerkleHasher, batchSize: number, foldInWorkers: boolean) {
    this.range = new CompactRange(hasher);
    this.#batchLevel = Math.log2(batchSize);
    this.#foldInWorkers = foldInWorkers;
  }

  get foldInWorkers(): boolean {
    return this.#foldInWorkers;
  }

  /** Takes batch `id` (leaf hashes, or its subtrees when folded in workers) and folds what is due. */
  accept(id: number, count: number, hashes: Uint8Array): void {
    this.#waiting.set(id, { count, hashes });
    for (let ready = this.#waiting.get(this.#next); ready !== undefined; ready = this.#waiting.get(this.#next)) {
      this.#waiting.delete(this.#next++);
      this.#fold(ready.count, ready.hashes);
    }
  }

  #fold(count: number, hashes: Uint8Array): void {
    if (!this.#foldInWorkers) {
      for (let i = 0; i < count; i++) this.range.appendLeafHash(hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
      return;
    }
    // One subtree per set bit of count, largest first; all aligned (the batch start is a multiple of
    // 2^batchLevel and the pieces shrink).
    let at = 0;
    for (let level = this.#batchLevel; level >= 0; level--) {
      if ((count >>> level) & 1) {
        this.range.appendSubtree(level, hashes.subarray(at, at + HASH_SIZE));
        at += HASH_SIZE;
      }
    }
  }
}
