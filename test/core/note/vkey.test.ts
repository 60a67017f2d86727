import { describe, expect, it } from 'vitest';
import { bytesToBase64, hexToBytes } from '../../../src/core/encoding/index.ts';
import {
  formatKeyId,
  formatVerifierKey,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  keyIdFor,
  parseVerifierKey,
} from '../../../src/core/note/vkey.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

interface SignedNoteVectors {
  vkeyCases: { vkey: string; ok: boolean; desc: string }[];
  vkeyManglingsMustFail: { base: string; count: number; values: string[] };
}

const PETER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SUMDB = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const STAGEMOLE = 'witness.stagemole.eu+67f7aea0+BEqSG3yu9YrmcM3BHvQYTxwFj3uSWakQepafafpUqklv';

describeVectors('parseVerifierKey (signed-note vectors)', () => {
  const vectors = readVectorJson<SignedNoteVectors>('signed-note', 'golang-note-and-c2sp-examples.json');

  for (const c of vectors.vkeyCases) {
    it(`${c.ok ? 'accepts' : 'rejects'} ${c.desc}`, () => {
      if (c.ok) expect(parseVerifierKey(c.vkey).text).toBe(c.vkey);
      else expect(() => parseVerifierKey(c.vkey)).toThrowWithCode('VKEY_MALFORMED');
    });
  }

  it(`rejects all ${vectors.vkeyManglingsMustFail.count} manglings of the PeterNeumann vkey with VKEY_MALFORMED`, () => {
    expect(vectors.vkeyManglingsMustFail.values).toHaveLength(vectors.vkeyManglingsMustFail.count);
    const accepted: string[] = [];
    const wrongCode: string[] = [];
    for (const vkey of vectors.vkeyManglingsMustFail.values) {
      try {
        parseVerifierKey(vkey);
        accepted.push(vkey);
      } catch (error) {
        if ((error as { code?: string }).code !== 'VKEY_MALFORMED') wrongCode.push(vkey);
      }
    }
    expect(accepted).toEqual([]);
    expect(wrongCode).toEqual([]);
  });
});

describe('parseVerifierKey', () => {
  it('parses name, key ID, type and public key', () => {
    const key = parseVerifierKey(PETER);
    expect(key.name).toBe('PeterNeumann');
    expect(formatKeyId(key.keyId)).toBe('c74f20a3');
    expect(key.type).toBe(KEY_TYPE_ED25519);
    expect(key.publicKey).toHaveLength(32);
  });

  it('splits only at the first two "+" (the base64 part contains "+")', () => {
    const key = parseVerifierKey(SUMDB);
    expect(key.name).toBe('sum.golang.org');
    expect(formatKeyId(key.keyId)).toBe('033de0ae');
  });

  it('accepts type 0x04 cosigner vkeys (our extension; Go NewVerifier rejects them)', () => {
    const key = parseVerifierKey(STAGEMOLE);
    expect(key.type).toBe(KEY_TYPE_COSIGNATURE_V1);
    expect(formatKeyId(key.keyId)).toBe('67f7aea0');
  });

  it('accepts an upper-case key ID as Go strconv.ParseUint(…, 16, 32) does', () => {
    const key = parseVerifierKey('PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(formatKeyId(key.keyId)).toBe('c74f20a3');
  });

  describe('when the vkey is malformed', () => {
    const cases: [string, string][] = [
      ['empty', ''],
      ['no key', 'PeterNeumann+c74f20a3'],
      ['no key after "+"', 'PeterNeumann+c74f20a3+'],
      ['7-digit key ID', 'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
      ['9-digit key ID', 'PeterNeumann+0c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
      ['"0x" key ID', 'PeterNeumann+0xc74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
      ['empty name', '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
      ['space in name', 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
      ['NBSP in name', 'Peter\u00a0Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
      ['lone surrogate in name', 'Peter\ud800+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
      ['wrong key ID', 'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
      ['unpadded base64', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T'],
      ['bad base64 character', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T!'],
      ['CR/LF inside the base64 (Go skips them; we do not)', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzh\nKqiBfsVkmqq/LDE4izWy10TW'],
      ['trailing newline', `${PETER}\n`],
    ];
    it.each(cases)('throws VKEY_MALFORMED for %s', (_, vkey) => {
      expect(() => parseVerifierKey(vkey)).toThrowWithCode('VKEY_MALFORMED');
    });

    it('throws VKEY_MALFORMED for a type 0x02 key with a matching key ID', () => {
      const pub = new Uint8Array(32).fill(7);
      const id = formatKeyId(keyIdFor('x', 0x02, pub));
      expect(() => parseVerifierKey(`x+${id}+${bytesToBase64(Uint8Array.of(0x02, ...pub))}`)).toThrowWithCode('VKEY_MALFORMED');
    });

    it('throws VKEY_MALFORMED for a 31-byte key with a matching key ID', () => {
      const pub = new Uint8Array(31).fill(7);
      const id = formatKeyId(keyIdFor('x', 0x01, pub));
      expect(() => parseVerifierKey(`x+${id}+${bytesToBase64(Uint8Array.of(0x01, ...pub))}`)).toThrowWithCode('VKEY_MALFORMED');
    });

    it('throws VKEY_MALFORMED for a non-string', () => {
      expect(() => parseVerifierKey(42 as unknown as string)).toThrowWithCode('VKEY_MALFORMED');
    });
  });
});

describe('keyIdFor', () => {
  it('reproduces the worked key IDs of the specs digest', () => {
    const rekor = parseVerifierKey('log2025-1.rekor.sigstore.dev+cf119915+AbfK5adZJxsI323FwGD2AJJ9F4i89cfDuLdGJBIYntuO');
    expect(formatKeyId(keyIdFor(rekor.name, 0x01, rekor.publicKey))).toBe('cf119915');
    const witness = parseVerifierKey(STAGEMOLE);
    expect(formatKeyId(keyIdFor(witness.name, 0x04, witness.publicKey))).toBe('67f7aea0');
    // The same key typed 0x01 has another ID, so a plain signature is never taken for a cosignature.
    expect(formatKeyId(keyIdFor(witness.name, 0x01, witness.publicKey))).not.toBe('67f7aea0');
  });
});

describe('formatVerifierKey', () => {
  it('round-trips real vkeys', () => {
    for (const vkey of [PETER, SUMDB, STAGEMOLE]) {
      const key = parseVerifierKey(vkey);
      expect(formatVerifierKey(key.name, key.type, key.publicKey)).toBe(vkey);
    }
  });

  it('formats the RFC 8032 TEST 1 key as the derived witness vkey', () => {
    const pub = hexToBytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(formatVerifierKey('witness.example/rfc8032-test1', 0x04, pub)).toBe(
      'witness.example/rfc8032-test1+a3cda809+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea',
    );
  });

  it('throws VKEY_MALFORMED for a bad name or key length', () => {
    expect(() => formatVerifierKey('a+b', 0x01, new Uint8Array(32))).toThrowWithCode('VKEY_MALFORMED');
    expect(() => formatVerifierKey('ab', 0x01, new Uint8Array(31))).toThrowWithCode('VKEY_MALFORMED');
    expect(() => formatVerifierKey('ab', 0x02 as 0x01, new Uint8Array(32))).toThrowWithCode('VKEY_MALFORMED');
  });
});
