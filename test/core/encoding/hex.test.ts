import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/encoding/hex.ts';

describe('bytesToHex', () => {
  it('writes lowercase hex, two digits per byte', () => {
    expect(bytesToHex(Uint8Array.from([0, 1, 0x0f, 0x10, 0xab, 0xff]))).toBe('00010f10abff');
    expect(bytesToHex(new Uint8Array(0))).toBe('');
  });

  it('agrees with Buffer and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = bytesToHex(bytes);
        expect(hex).toBe(Buffer.from(bytes).toString('hex'));
        expect(hexToBytes(hex)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hexToBytes', () => {
  it('accepts both cases', () => {
    expect(hexToBytes('00ffAbCd')).toEqual(Uint8Array.from([0, 255, 0xab, 0xcd]));
    expect(hexToBytes('')).toEqual(new Uint8Array(0));
  });

  describe('when the text is not hex', () => {
    it.each(['0', 'abc', '0g', 'g0', '0x00', ' 00', '00 ', '00\n', '-1', '+1', 'éé', '٠٠', '\u0000\u0000', '0\ud800'])(
      'throws ENCODING_INVALID_HEX for %j',
      (text) => {
        expect(() => hexToBytes(text)).toThrowWithCode('ENCODING_INVALID_HEX');
      },
    );

    it('throws ENCODING_INVALID_HEX for a non-string', () => {
      expect(() => hexToBytes(12 as unknown as string)).toThrowWithCode('ENCODING_INVALID_HEX');
      expect(() => hexToBytes(null as unknown as string)).toThrowWithCode('ENCODING_INVALID_HEX');
    });
  });

  it('checks the expected length', () => {
    expect(hexToBytes('0011', 2)).toEqual(Uint8Array.from([0, 0x11]));
    expect(() => hexToBytes('0011', 3)).toThrowWithCode('ENCODING_BAD_LENGTH');
    expect(() => hexToBytes('', 32)).toThrowWithCode('ENCODING_BAD_LENGTH');
  });
});
