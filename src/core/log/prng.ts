import { ProtocolError } from '../errors.ts';
import { sha256 } from '../crypto/sha256.ts';
import { utf8ToBytes } from '../encoding/utf8.ts';
import { readUint32BE } from '../encoding/bytes.ts';

/**
 * A seeded, deterministic pseudo-random generator for fixtures and simulations (never for keys that
 * protect anything). SFC32 (Chris Doty-Humphrey's Small Fast Chaotic generator, 128-bit state),
 * seeded from SHA-256 of the seed's text, so any string or number gives a well-mixed start and the
 * same seed gives the same sequence on every platform.
 */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: string | number) {
    const digest = sha256(utf8ToBytes(`warden-prng:${String(seed)}`));
    this.#a = readUint32BE(digest, 0);
    this.#b = readUint32BE(digest, 4);
    this.#c = readUint32BE(digest, 8);
    this.#d = readUint32BE(digest, 12);
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [min, max] (inclusive). Throws INVALID_ARGUMENT for an empty or huge range. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min || max - min >= 2 ** 32) {
      throw new ProtocolError('INVALID_ARGUMENT', 'int() needs integers min <= max within 2^32');
    }
    return min + Math.floor((this.nextUint32() / 2 ** 32) * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextUint32() / 2 ** 32 < p;
  }

  /** One element of a non-empty array. Throws INVALID_ARGUMENT for an empty one. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new ProtocolError('INVALID_ARGUMENT', 'pick() from an empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** `n` distinct elements of `items` (n <= length), in a random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) out.push(pool.splice(this.int(0, pool.length - 1), 1)[0] as T);
    return out;
  }

  /** `n` pseudo-random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.nextUint32();
      for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (v >>> (24 - 8 * k)) & 255;
    }
    return out;
  }
}
