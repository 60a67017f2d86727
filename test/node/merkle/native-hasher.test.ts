import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/encoding/index.ts';
import { rfc6962Hasher } from '../../../src/core/merkle/hash.ts';
import { createNativeHasher, nativeHasher } from '../../../src/node/merkle/native-hasher.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

describeVectors('nativeHasher (transparency-dev rfc6962-hasher.json)', () => {
  const { cases } = readVectorJson<{
    cases: { desc: string; op: string; leafHex?: string; leftHex?: string; rightHex?: string; wantHex: string }[];
  }>('merkle-transparency-dev', 'rfc6962-hasher.json');

  for (const c of cases) {
    it(`computes ${c.desc}`, () => {
      const got =
        c.op === 'emptyRoot'
          ? nativeHasher.emptyRoot()
          : c.op === 'hashLeaf'
            ? nativeHasher.hashLeaf(hexToBytes(c.leafHex ?? ''))
            : nativeHasher.hashChildren(hexToBytes(c.leftHex ?? ''), hexToBytes(c.rightHex ?? ''));
      expect(bytesToHex(got)).toBe(c.wantHex);
    });
  }
});

describe('createNativeHasher', () => {
  it('agrees with the portable hasher on leaves of any length, across scratch growth (property)', () => {
    const hasher = createNativeHasher();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (data) => {
        expect(bytesToHex(hasher.hashLeaf(data))).toBe(bytesToHex(rfc6962Hasher.hashLeaf(data)));
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the portable hasher on entries larger than its scratch limit (streamed)', () => {
    const big = new Uint8Array(200_000).map((_, i) => i * 7);
    expect(bytesToHex(nativeHasher.hashLeaf(big))).toBe(bytesToHex(rfc6962Hasher.hashLeaf(big)));
  });

  it('agrees with the portable hasher on node hashes of 32-byte and odd-sized children', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 }), (l, r, odd) => {
        expect(bytesToHex(nativeHasher.hashChildren(l, r))).toBe(bytesToHex(rfc6962Hasher.hashChildren(l, r)));
        expect(bytesToHex(nativeHasher.hashChildren(l, odd))).toBe(bytesToHex(rfc6962Hasher.hashChildren(l, odd)));
      }),
      { numRuns: 200 },
    );
  });

  it('returns results that do not alias its scratch buffers', () => {
    const a = nativeHasher.hashChildren(new Uint8Array(32), new Uint8Array(32).fill(1));
    const copy = bytesToHex(a);
    nativeHasher.hashChildren(new Uint8Array(32).fill(2), new Uint8Array(32).fill(3));
    nativeHasher.hashLeaf(new Uint8Array(10).fill(4));
    expect(bytesToHex(a)).toBe(copy);
    nativeHasher.emptyRoot().fill(0);
    expect(bytesToHex(nativeHasher.emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
