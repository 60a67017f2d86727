import { describe, expect, it } from 'vitest';
import { nobleSha256Backend, sha256 } from '../../../src/core/crypto/sha256.ts';
import { bytesToHex } from '../../../src/core/encoding/hex.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';

describe('sha256', () => {
  // FIPS 180-2 Appendix B examples and the empty string.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('hashes %j to the FIPS 180-2 digest', (text, digest) => {
    expect(bytesToHex(sha256(utf8ToBytes(text)))).toBe(digest);
  });
  it('hashes one million "a" to the FIPS 180-2 digest', () => {
    expect(bytesToHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });
  it('hashes only the bytes of a subarray view', () => {
    const backing = utf8ToBytes('xxabcxx');
    expect(sha256(backing.subarray(2, 5))).toEqual(sha256(utf8ToBytes('abc')));
  });
  describe('when data is not a Uint8Array', () => {
    it('throws INVALID_ARGUMENT', () => {
      expect(() => sha256('abc' as unknown as Uint8Array)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});

describe('nobleSha256Backend', () => {
  it('is named noble and hashes like sha256', () => {
    expect(nobleSha256Backend.name).toBe('noble');
    expect(nobleSha256Backend.sha256(utf8ToBytes('abc'))).toEqual(sha256(utf8ToBytes('abc')));
  });
});
