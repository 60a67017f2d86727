import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitLength64, popcount64, splitBits64, testBit64, trailingZeros64 } from '../../../src/core/merkle/bits.ts';

// Naive bigint definitions to check the 32-bit-halves implementations against.
const naiveBitLength = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length);
const naivePopcount = (x: bigint): number => [...x.toString(2)].filter((c) => c === '1').length;
const naiveTrailingZeros = (x: bigint): number => {
  if (x === 0n) return 64;
  let n = 0;
  while (((x >> BigInt(n)) & 1n) === 0n) n++;
  return n;
};

const EDGES = [0n, 1n, 2n, 3n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

describe('bit helpers on uint64 bigints', () => {
  it('agree with naive bigint definitions on 32/53/64-bit edges', () => {
    for (const x of EDGES) {
      expect([bitLength64(x), popcount64(x), trailingZeros64(x)]).toEqual([naiveBitLength(x), naivePopcount(x), naiveTrailingZeros(x)]);
    }
  });

  it('agree with naive bigint definitions on random values', () => {
    fc.assert(
      fc.property(uint64, (x) => {
        expect(bitLength64(x)).toBe(naiveBitLength(x));
        expect(popcount64(x)).toBe(naivePopcount(x));
        expect(trailingZeros64(x)).toBe(naiveTrailingZeros(x));
      }),
    );
  });

  it('testBit64 reads every bit of the split value', () => {
    fc.assert(
      fc.property(uint64, (x) => {
        const bits = splitBits64(x);
        for (let i = 0; i < 64; i++) expect(testBit64(bits, i)).toBe(((x >> BigInt(i)) & 1n) === 1n);
      }),
      { numRuns: 50 },
    );
  });
});
