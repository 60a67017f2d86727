import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEd25519Policy,
  isCanonicalPointEncoding,
  isCanonicalScalar,
  isSmallOrderPointEncoding,
} from '../../../src/core/crypto/ed25519-policy.ts';
import { publicKeyFromSeed, signEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { bytesToHex, hexToBytes } from '../../../src/core/encoding/hex.ts';

const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The 14 encodings of the 8 small-order points (C2SP CCTV ed25519 README), 8 canonical + 6 not. */
const SMALL_ORDER_CANONICAL = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];
const SMALL_ORDER_NON_CANONICAL = [
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  '0100000000000000000000000000000000000000000000000000000000000080',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
];
const SMALL_ORDER = [...SMALL_ORDER_CANONICAL, ...SMALL_ORDER_NON_CANONICAL];

function encodePoint(y: bigint, signBit: boolean): Uint8Array {
  const bytes = numberToBytesLE(y, 32);
  if (signBit) bytes[31] = (bytes[31] ?? 0) | 0x80;
  return bytes;
}

/** The non-canonical y values that are not small-order: y = p + 2 .. p + 18, either sign. */
const NON_CANONICAL_OTHER = Array.from({ length: 17 }, (_, i) => P + 2n + BigInt(i)).flatMap((y) => [
  encodePoint(y, false),
  encodePoint(y, true),
]);

// Naive references beside the byte-level fast paths (bigint arithmetic and noble point decoding).
function referenceIsCanonicalPoint(bytes: Uint8Array): boolean {
  const y = bytesToNumberLE(bytes) & ((1n << 255n) - 1n);
  const sign = ((bytes[31] ?? 0) & 0x80) !== 0;
  if (y >= P) return false;
  return !(sign && (y === 1n || y === P - 1n)); // x = 0 iff y^2 = 1
}

function referenceIsSmallOrder(bytes: Uint8Array): boolean {
  try {
    return ed25519.Point.fromBytes(bytes, true).isSmallOrder(); // zip215 decoding admits y >= p
  } catch {
    return false;
  }
}

/** Edge encodings: y near 0, near p and near 2^255, every small-order y, both signs. */
const EDGE_ENCODINGS: Uint8Array[] = [
  ...[...Array.from({ length: 24 }, (_, i) => BigInt(i)), ...Array.from({ length: 40 }, (_, i) => P - 21n + BigInt(i))]
    .filter((y) => y < 2n ** 255n)
    .flatMap((y) => [encodePoint(y, false), encodePoint(y, true)]),
  ...SMALL_ORDER.map((hex) => hexToBytes(hex)),
];

const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const publicKey = publicKeyFromSeed(seed);
const signature = signEd25519(seed, Uint8Array.of(1, 2, 3));

function withR(r: Uint8Array): Uint8Array {
  const sig = signature.slice();
  sig.set(r, 0);
  return sig;
}

function withS(s: bigint): Uint8Array {
  const sig = signature.slice();
  sig.set(numberToBytesLE(s, 32), 32);
  return sig;
}

describe('checkEd25519Policy', () => {
  it('returns ok for an honest key and signature', () => {
    expect(checkEd25519Policy(publicKey, signature)).toBe('ok');
  });

  describe('when a length is wrong', () => {
    it.each([
      [31, 64],
      [33, 64],
      [0, 64],
      [32, 63],
      [32, 65],
      [32, 0],
    ])('returns bad-length for a %i-byte key and a %i-byte signature', (keyLength, sigLength) => {
      expect(checkEd25519Policy(new Uint8Array(keyLength), new Uint8Array(sigLength))).toBe('bad-length');
    });
  });

  describe('when S is not below L (RFC 8032 §5.1.7, §8.4)', () => {
    const s = bytesToNumberLE(signature.subarray(32));
    it.each([
      ['S + L', s + L],
      ['L', L],
      ['L + 1', L + 1n],
      ['2^253 - 1', 2n ** 253n - 1n],
      ['2^256 - 1', 2n ** 256n - 1n],
    ])('returns non-canonical-s for %s', (_name, value) => {
      expect(checkEd25519Policy(publicKey, withS(value))).toBe('non-canonical-s');
    });
    it.each([
      ['0', 0n],
      ['L - 1', L - 1n],
      ['2^252', 2n ** 252n],
    ])('accepts S = %s', (_name, value) => {
      expect(checkEd25519Policy(publicKey, withS(value))).toBe('ok');
    });
  });

  describe('when A is a small-order point', () => {
    it.each(SMALL_ORDER)('returns small-order-a for %s', (hex) => {
      expect(checkEd25519Policy(hexToBytes(hex), signature)).toBe('small-order-a');
    });
  });

  describe('when A is a non-canonical encoding of a point that is not small-order', () => {
    it('returns non-canonical-a for y = p + 2 .. p + 18 with either sign bit', () => {
      const reasons = NON_CANONICAL_OTHER.map((a) => checkEd25519Policy(a, signature));
      expect(reasons).toEqual(NON_CANONICAL_OTHER.map(() => 'non-canonical-a'));
    });
  });

  describe('when R is a small-order point', () => {
    it.each(SMALL_ORDER)('returns small-order-r for %s', (hex) => {
      expect(checkEd25519Policy(publicKey, withR(hexToBytes(hex)))).toBe('small-order-r');
    });
  });

  describe('when R is a non-canonical encoding of a point that is not small-order', () => {
    it('returns non-canonical-r for y = p + 2 .. p + 18 with either sign bit', () => {
      const reasons = NON_CANONICAL_OTHER.map((r) => checkEd25519Policy(publicKey, withR(r)));
      expect(reasons).toEqual(NON_CANONICAL_OTHER.map(() => 'non-canonical-r'));
    });
  });

  describe('when several rules are broken', () => {
    const smallOrderA = hexToBytes(SMALL_ORDER[0] as string);
    const badR = withR(hexToBytes(SMALL_ORDER[2] as string));
    it('reports length first', () => {
      expect(checkEd25519Policy(new Uint8Array(31), withS(L))).toBe('bad-length');
    });
    it('reports S before A', () => {
      expect(checkEd25519Policy(smallOrderA, withS(L))).toBe('non-canonical-s');
    });
    it('reports A before R', () => {
      expect(checkEd25519Policy(smallOrderA, badR)).toBe('small-order-a');
    });
    it('reports a small-order point before its non-canonical encoding', () => {
      expect(checkEd25519Policy(hexToBytes(SMALL_ORDER_NON_CANONICAL[0] as string), signature)).toBe('small-order-a');
    });
  });

  it('reads only the bytes of the arrays it is given (subarray views)', () => {
    const backing = new Uint8Array(200).fill(0xff);
    backing.set(publicKey, 10);
    backing.set(signature, 100);
    expect(checkEd25519Policy(backing.subarray(10, 42), backing.subarray(100, 164))).toBe('ok');
  });
});

describe('isCanonicalScalar', () => {
  it('agrees with bigint S < L at and around L and on random scalars', () => {
    const edges = [0n, 1n, L - 2n, L - 1n, L, L + 1n, 2n ** 252n - 1n, 2n ** 252n, 2n ** 256n - 1n];
    for (const s of edges) expect(isCanonicalScalar(numberToBytesLE(s, 32)), `S = ${s}`).toBe(s < L);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        expect(isCanonicalScalar(bytes)).toBe(bytesToNumberLE(bytes) < L);
      }),
    );
  });
  it('returns false for a wrong length', () => {
    expect(isCanonicalScalar(new Uint8Array(31))).toBe(false);
  });
});

describe('isCanonicalPointEncoding', () => {
  it('agrees with the bigint reference on every edge encoding', () => {
    const mismatches = EDGE_ENCODINGS.filter((e) => isCanonicalPointEncoding(e) !== referenceIsCanonicalPoint(e));
    expect(mismatches.map(bytesToHex)).toEqual([]);
  });
  it('agrees with the bigint reference on random encodings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        expect(isCanonicalPointEncoding(bytes)).toBe(referenceIsCanonicalPoint(bytes));
      }),
    );
  });
  it('rejects the six non-canonical small-order encodings', () => {
    expect(SMALL_ORDER_NON_CANONICAL.map((hex) => isCanonicalPointEncoding(hexToBytes(hex)))).toEqual(
      SMALL_ORDER_NON_CANONICAL.map(() => false),
    );
  });
  it('returns false for a wrong length', () => {
    expect(isCanonicalPointEncoding(new Uint8Array(33))).toBe(false);
  });
});

describe('isSmallOrderPointEncoding', () => {
  it('agrees with noble point decoding and isSmallOrder on every edge encoding', () => {
    const mismatches = EDGE_ENCODINGS.filter((e) => isSmallOrderPointEncoding(e) !== referenceIsSmallOrder(e));
    expect(mismatches.map(bytesToHex)).toEqual([]);
  });
  it('matches exactly the 14 listed encodings among the edge encodings', () => {
    const matched = new Set(EDGE_ENCODINGS.filter(isSmallOrderPointEncoding).map(bytesToHex));
    expect([...matched].sort()).toEqual([...SMALL_ORDER].sort());
  });
  it('returns false for random keys and honest R values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        expect(isSmallOrderPointEncoding(bytes)).toBe(referenceIsSmallOrder(bytes));
      }),
      { numRuns: 50 },
    );
    expect(isSmallOrderPointEncoding(publicKey)).toBe(false);
    expect(isSmallOrderPointEncoding(signature.subarray(0, 32))).toBe(false);
  });
});
