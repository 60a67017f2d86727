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
