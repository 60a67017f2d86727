/**
 * A Map whose missing values are read from the replica on first use: how a restored fold state
 * (fold-state.ts) holds agents, delegations and key owners, so that resuming a fold costs what the
 * new entries touch, not what the replica holds (issue 4: an incremental sync onto a large replica).
 *
 * Policy:
 * - `get` and `has` answer from memory, else from `load` (one indexed row), keeping what it found;
 *   the fold mutates the objects it gets, so a value is read at most once and memory wins after;
 * - `set` and `delete` change memory only (a deleted key is not read again); the rows are written
 *   by DerivedStateWriter at the next flush, from the values held;
 * - `size` and every iteration first read all the rows not held (`loadAll`), so the map then
 *   answers exactly as a fully restored Map would;
 * - `evict` drops what is held once it has been written (fold-session.ts, after a flush).
 * Precondition: the rows change only through this map's owner (the fold session that restored it):
 * a row read later must be the row as it was at the restore. Another writer of the same origin is
 * refused at its commit by the cursor's compare-and-set, so a fold that read its rows is never
 * committed.
 */
export class RowBackedMap<V> extends Map<string, V> {
  readonly #load: (key: string) => V | undefined;
  readonly #loadAll: () => Iterable<readonly [string, V]>;
  readonly #deleted = new Set<string>();
  #complete = false;

  constructor(load: (key: string) => V | undefined, loadAll: () => Iterable<readonly [string, V]>) {
    super();
    this.#load = load;
    this.#loadAll = loadAll;
  }

  override get(key: string): V | undefined {
    if (super.has(key) || this.#complete || this.#deleted.has(key)) return super.get(key);
    const value = this.#load(key);
    if (value !== undefined) super.set(key, value);
    return value;
  }

  override has(key: string): boolean {
    return super.has(key) || this.get(key) !== undefined;
  }

  override set(key: string, value: V): this {
    this.#deleted.delete(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const existed = this.has(key);
    this.#deleted.add(key);
    super.delete(key);
    return existed;
  }

  override clear(): void {
    this.#complete = true;
    super.clear();
  }

  override get size(): number {
    this.#loadRest();
    return super.size;
  }

  override keys(): MapIterator<string> {
    this.#loadRest();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.#loadRest();
    return super.values();
  }

  override entries(): MapIterator<[string, V]> {
    this.#loadRest();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    this.#loadRest();
    super.forEach(callback, thisArg);
  }

  /** Values held in memory (read or set), without reading any row. */
  get held(): number {
    return super.size;
  }

  /**
   * Drops every value held, so that memory stays bounded whatever the replica holds. Precondition:
   * each held value equals its row (the owner has just written them all); a value is read again
   * from its row on next use.
   */
  evict(): void {
    super.clear();
    this.#complete = false;
  }

  /** Whether every row has been read (after `size` or an iteration). */
  get complete(): boolean {
    return this.#complete;
  }

  #loadRest(): void {
    if (this.#complete) return;
    for (const [key, value] of this.#loadAll()) {
      if (!super.has(key) && !this.#deleted.has(key)) super.set(key, value);
    }
    this.#complete = true;
  }
}
