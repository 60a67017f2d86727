/** A least-recently-used cache of byte strings bounded by their total size. */
export class ByteLru {
  readonly #maxBytes: number;
  readonly #items = new Map<string, Uint8Array>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get(key: string): Uint8Array | undefined {
    const value = this.#items.get(key);
    if (value !== undefined) {
      this.#items.delete(key);
      this.#items.set(key, value);
    }
    return value;
  }

  set(key: string, value: Uint8Array): void {
    if (value.length > this.#maxBytes) return;
    const old = this.#items.get(key);
    if (old !== undefined) {
      this.#items.delete(key);
      this.#bytes -= old.length;
    }
    this.#items.set(key, value);
    this.#bytes += value.length;
    for (const [oldest, item] of this.#items) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#items.delete(oldest);
      this.#bytes -= item.length;
    }
  }
}
