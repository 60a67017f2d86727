import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/hex.ts';
import { bytesToUtf8, isWellFormedUtf16, utf8ToBytes } from '../../../src/core/encoding/utf8.ts';

describe('utf8ToBytes', () => {
  it('encodes 1- to 4-byte sequences', () => {
    expect(bytesToHex(utf8ToBytes('a\u00e9\u20ac\u{1f600}'))).toBe('61c3a9e282acf09f9880');
    expect(utf8ToBytes('')).toEqual(new Uint8Array(0));
  });

  it('round-trips every well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(bytesToUtf8(utf8ToBytes(text))).toBe(text);
        expect(utf8ToBytes(text)).toEqual(new Uint8Array(Buffer.from(text, 'utf8')));
      }),
      { numRuns: 300 },
    );
  });

  describe('when the string has a lone surrogate', () => {
    // TextEncoder would write U+FFFD, giving '\ud800' and '\ufffd' the same bytes.
    it.each(['\ud800', '\udfff', 'a\ud83d', '\ude00\ud83d', 'x\udc00y'])('throws ENCODING_INVALID_UTF8 for %j', (text) => {
      expect(() => utf8ToBytes(text)).toThrowWithCode('ENCODING_INVALID_UTF8');
    });
  });

  it('throws INVALID_ARGUMENT for a non-string', () => {
    expect(() => utf8ToBytes(1 as unknown as string)).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('isWellFormedUtf16', () => {
  it('accepts pairs and refuses lone surrogates', () => {
    expect(isWellFormedUtf16('\ud83d\ude00')).toBe(true);
    expect(isWellFormedUtf16('')).toBe(true);
    expect(isWellFormedUtf16('\ud83d')).toBe(false);
    expect(isWellFormedUtf16('\ude00')).toBe(false);
  });
});

describe('bytesToUtf8', () => {
  it('keeps a byte order mark as U+FEFF', () => {
    expect(bytesToUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
  });

  it('decodes the largest code point', () => {
    expect(bytesToUtf8(Uint8Array.from([0xf4, 0x8f, 0xbf, 0xbf]))).toBe('\u{10ffff}');
  });

  describe('when the bytes are not UTF-8', () => {
    it.each([
      ['0xFF', [0xff]],
      ['0xFE', [0xfe]],
      ['a lone continuation byte', [0x80]],
      ['an overlong "/"', [0xc0, 0xaf]],
      ['an overlong 3-byte NUL', [0xe0, 0x80, 0x80]],
      ['an overlong 4-byte sequence', [0xf0, 0x80, 0x80, 0xaf]],
      ['an encoded high surrogate', [0xed, 0xa0, 0x80]],
      ['an encoded low surrogate', [0xed, 0xbf, 0xbf]],
      ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
      ['a 5-byte lead', [0xf8, 0x88, 0x80, 0x80, 0x80]],
      ['a truncated 2-byte sequence', [0x61, 0xc3]],
      ['a truncated 4-byte sequence', [0xf0, 0x9f, 0x98]],
      ['a lead byte followed by ASCII', [0xe2, 0x41, 0x41]],
    ])('throws ENCODING_INVALID_UTF8 for %s', (_name, bytes) => {
      expect(() => bytesToUtf8(Uint8Array.from(bytes))).toThrowWithCode('ENCODING_INVALID_UTF8');
    });
  });
});
