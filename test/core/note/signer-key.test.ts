import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/core/encoding/index.ts';
import { formatSignerKey, generateSignerKey, parseSignerKey, verifierKeyOf } from '../../../src/core/note/signer-key.ts';
import { formatKeyId, parseVerifierKey } from '../../../src/core/note/vkey.ts';

const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';

describe('parseSignerKey', () => {
  it('parses the Go TestSign key and derives the published vkey', () => {
    const key = parseSignerKey(PETER_SKEY);
    expect(key.name).toBe('PeterNeumann');
    expect(formatKeyId(key.keyId)).toBe('c74f20a3');
    expect(verifierKeyOf(key)).toBe(PETER_VKEY);
  });

  describe('when the signer key is malformed', () => {
    const cases: [string, string][] = [
      ['missing prefix', 'PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'],
      ['lower-case prefix', 'private+key+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'],
      ['wrong key ID', 'PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'],
      ['other name', 'PRIVATE+KEY+PeterNeumann2+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'],
      ['truncated seed', 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKD='],
      ['unknown type', 'PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'],
      ['empty', ''],
      ['a vkey', PETER_VKEY],
    ];
    it.each(cases)('throws SKEY_MALFORMED for %s', (_, skey) => {
      expect(() => parseSignerKey(skey)).toThrowWithCode('SKEY_MALFORMED');
    });

    it('never echoes the key material in the message', () => {
      const bad = PETER_SKEY.replace('c74f20a3', 'c74f20a4');
      try {
        parseSignerKey(bad);
        expect.unreachable();
      } catch (error) {
        expect(String((error as Error).message)).not.toContain('AYEKFALV');
      }
    });
  });
});

describe('formatSignerKey', () => {
  it('round-trips the Go TestSign key', () => {
    const key = parseSignerKey(PETER_SKEY);
    expect(formatSignerKey(key.name, key.type, key.seed)).toBe(PETER_SKEY);
  });

  it('makes the derived RFC 8032 witness key (type 0x04)', () => {
    const seed = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const skey = formatSignerKey('witness.example/rfc8032-test1', 0x04, seed);
    expect(verifierKeyOf(parseSignerKey(skey))).toBe(
      'witness.example/rfc8032-test1+a3cda809+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea',
    );
  });

  it('throws SKEY_MALFORMED for a bad name or seed', () => {
    expect(() => formatSignerKey('a b', 0x01, new Uint8Array(32))).toThrowWithCode('SKEY_MALFORMED');
    expect(() => formatSignerKey('ab', 0x01, new Uint8Array(16))).toThrowWithCode('SKEY_MALFORMED');
  });
});

describe('generateSignerKey', () => {
  it('returns a signer key and the matching vkey', () => {
    const { signerKey, verifierKey } = generateSignerKey('example.com/log');
    expect(verifierKeyOf(parseSignerKey(signerKey))).toBe(verifierKey);
    expect(parseVerifierKey(verifierKey).type).toBe(0x01);
  });

  it('makes type 0x04 witness keys on request', () => {
    const { verifierKey } = generateSignerKey('witness.example', 0x04);
    expect(parseVerifierKey(verifierKey).type).toBe(0x04);
  });

  it('throws SKEY_MALFORMED for an invalid name', () => {
    expect(() => generateSignerKey('bad+name')).toThrowWithCode('SKEY_MALFORMED');
  });
});
