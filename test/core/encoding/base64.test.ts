import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64UrlToBytes, bytesToBase64, bytesToBase64Url } from '../../../src/core/encoding/base64.ts';

describe('base64ToBytes', () => {
  it('round-trips every length up to 40', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      expect(base64UrlToBytes(bytesToBase64Url(bytes))).toEqual(bytes);
    }
  });
  describe('when the input is not canonical base64', () => {
    it.each(['QQ', 'QQ=', 'QR==', 'Q===', 'QUJD\n', ' QUJD', 'QU!D', 'QUJD=', '=QUJ', 'QUJ-'])('throws for %j', (text) => {
      expect(() => base64ToBytes(text)).toThrowWithCode('ENCODING_INVALID_BASE64');
    });
  });
  it('checks the expected length', () => {
    expect(() => base64ToBytes('QUJD', 4)).toThrowWithCode('ENCODING_BAD_LENGTH');
  });
});

describe('base64UrlToBytes', () => {
  describe('when the input is not unpadded base64url', () => {
    it.each(['QQ==', 'QR', 'Q', 'a+b/', 'QUJD ', 'é'])('throws for %j', (text) => {
      expect(() => base64UrlToBytes(text)).toThrowWithCode('ENCODING_INVALID_BASE64URL');
    });
  });
});

describe('base64 against RFC 4648 and Buffer', () => {
  it.each([
    // RFC 4648 §10 test vectors.
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes %j as %j (RFC 4648 §10)', (text, encoded) => {
    const bytes = new TextEncoder().encode(text);
    expect(bytesToBase64(bytes)).toBe(encoded);
    expect(base64ToBytes(encoded)).toEqual(bytes);
    expect(bytesToBase64Url(bytes)).toBe(encoded.replace(/=+$/, ''));
    expect(base64UrlToBytes(encoded.replace(/=+$/, ''))).toEqual(bytes);
  });

  it('uses "+/" in standard and "-_" in URL-safe base64', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf]);
    expect(bytesToBase64(bytes)).toBe('+/+/');
    expect(bytesToBase64Url(bytes)).toBe('-_-_');
    expect(base64ToBytes('+/+/')).toEqual(bytes);
    expect(base64UrlToBytes('-_-_')).toEqual(bytes);
    expect(() => base64ToBytes('-_-_')).toThrowWithCode('ENCODING_INVALID_BASE64');
    expect(() => base64UrlToBytes('+/+/')).toThrowWithCode('ENCODING_INVALID_BASE64URL');
  });

  it('agrees with Buffer on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(bytesToBase64(bytes)).toBe(buffer.toString('base64'));
        expect(bytesToBase64Url(bytes)).toBe(buffer.toString('base64url'));
        expect(base64ToBytes(buffer.toString('base64'))).toEqual(bytes);
        expect(base64UrlToBytes(buffer.toString('base64url'))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts exactly one encoding per byte string (non-zero trailing bits are refused)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 20 }).filter((bytes) => bytes.length % 3 !== 0), fc.nat({ max: 63 }), (bytes, index) => {
        const encoded = bytesToBase64Url(bytes);
        const variant = encoded.slice(0, -1) + alphabet[index];
        if (variant === encoded) return;
        // Either the variant is refused, or it decodes to different bytes that re-encode to it.
        try {
          expect(bytesToBase64Url(base64UrlToBytes(variant))).toBe(variant);
          expect(base64UrlToBytes(variant)).not.toEqual(bytes);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('ENCODING_INVALID_BASE64URL');
        }
      }),
      { numRuns: 500 },
    );
  });

  describe('when the input is not a canonical string', () => {
    it.each(['QQ==QUJD', 'QUJD====', '====', 'Q\u00e9==', 'QUJD\r\n', 'QU\u0000D'])('base64ToBytes throws for %j', (text) => {
      expect(() => base64ToBytes(text)).toThrowWithCode('ENCODING_INVALID_BASE64');
    });

    it.each(['QQ=', 'QUJD=', '=', 'QU=D', 'QUJ\ud800'])('base64UrlToBytes throws for %j', (text) => {
      expect(() => base64UrlToBytes(text)).toThrowWithCode('ENCODING_INVALID_BASE64URL');
    });

    it('throws for a non-string', () => {
      expect(() => base64ToBytes(undefined as unknown as string)).toThrowWithCode('ENCODING_INVALID_BASE64');
      expect(() => base64UrlToBytes(7 as unknown as string)).toThrowWithCode('ENCODING_INVALID_BASE64URL');
    });
  });

  it('checks expectedLength in both codecs', () => {
    expect(base64ToBytes('QUJD', 3)).toEqual(Uint8Array.from([0x41, 0x42, 0x43]));
    expect(base64UrlToBytes('QUJD', 3)).toEqual(Uint8Array.from([0x41, 0x42, 0x43]));
    expect(() => base64UrlToBytes('QUJD', 32)).toThrowWithCode('ENCODING_BAD_LENGTH');
    expect(() => base64ToBytes('', 1)).toThrowWithCode('ENCODING_BAD_LENGTH');
  });
});
