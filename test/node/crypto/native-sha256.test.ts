import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/core/crypto/sha256.ts';
import { bytesToHex } from '../../../src/core/encoding/hex.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';
import { nativeSha256, nativeSha256Backend } from '../../../src/node/crypto/native-sha256.ts';

describe('nativeSha256', () => {
  it('hashes "abc" to the FIPS 180-2 digest', () => {
    expect(bytesToHex(nativeSha256(utf8ToBytes('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
  it('equals the portable sha256 for every length from 0 to 300 (block boundaries included)', () => {
    const differing: number[] = [];
    for (let n = 0; n <= 300; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      if (bytesToHex(nativeSha256(data)) !== bytesToHex(sha256(data))) differing.push(n);
    }
    expect(differing).toEqual([]);
  });
  it('returns a plain 32-byte Uint8Array that owns its whole buffer', () => {
    const digest = nativeSha256(new Uint8Array(10));
    expect(digest).toBeInstanceOf(Uint8Array);
    expect(digest.byteLength).toBe(32);
    expect(digest.buffer.byteLength).toBe(32);
  });
  it('hashes only the bytes of a subarray view', () => {
    const backing = utf8ToBytes('--abc--');
    expect(nativeSha256(backing.subarray(2, 5))).toEqual(sha256(utf8ToBytes('abc')));
  });
  describe('when data is not a Uint8Array', () => {
    it('throws INVALID_ARGUMENT', () => {
      expect(() => nativeSha256([1, 2, 3] as unknown as Uint8Array)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});

describe('nativeSha256Backend', () => {
  it('is named native', () => {
    expect(nativeSha256Backend.name).toBe('native');
    expect(nativeSha256Backend.sha256(new Uint8Array(0))).toEqual(sha256(new Uint8Array(0)));
  });
});
