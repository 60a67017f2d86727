/**
 * Bit arithmetic on uint64 tree sizes and indices held as bigint.
 *
 * Why not `>>`, `&`, `|` on numbers: they truncate to signed 32 bits (`2 ** 32 >> 1 === 0`), and
 * RFC 9162 sizes are uint64. Every helper here splits the value into two exact 32-bit halves and
 * uses Math.clz32 and friends on those, so no bit is lost and no bigint loop runs per bit.
 * Precondition for every helper: 0 <= x < 2^64 (callers validate with checks.ts first).
 */

const MASK32 = 0xffffffffn;

function high32(x: bigint): number {
  return Number(x >> 32n);
}

function low32(x: bigint): number {
  return Number(x & MASK32);
}

function popcount32(v: number): number {
  let x = v >>> 0;
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of bits needed to write x (0 for 0); Go's bits.Len64. */
export function bitLength64(x: bigint): number {
  const hi = high32(x);
  if (hi !== 0) return 64 - Math.clz32(hi);
  return 32 - Math.clz32(low32(x));
}

/** Number of set bits in x; Go's bits.OnesCount64. */
export function popcount64(x: bigint): number {
  return popcount32(high32(x)) + popcount32(low32(x));
}

/** Number of trailing zero bits in x (64 for 0); Go's bits.TrailingZeros64. */
export function trailingZeros64(x: bigint): number {
  const lo = low32(x);
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = high32(x);
  if (hi !== 0) return 63 - Math.clz32(hi & -hi);
  return 64;
}

/**
 * The 64 bits of x as two numbers, so hot loops can test bit i without bigint work:
 * bit i = i < 32 ? (lo >>> i) & 1 : (hi >>> (i - 32)) & 1.
 */
export interface Bits64 {
  readonly hi: number;
  readonly lo: number;
}

export function splitBits64(x: bigint): Bits64 {
  return { hi: high32(x), lo: low32(x) };
}

export function testBit64(bits: Bits64, i: number): boolean {
  return (i < 32 ? (bits.lo >>> i) & 1 : (bits.hi >>> (i - 32)) & 1) === 1;
}
