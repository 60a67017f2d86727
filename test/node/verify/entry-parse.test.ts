import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/hex.ts';
import { parseEntry } from '../../../src/core/log/entry.ts';
import { statementSigningBytes } from '../../../src/core/log/statement.ts';
import { collectSignatureChecks } from '../../../src/core/log/verify-signatures.ts';
import { didKeyFromPublicKey } from '../../../src/core/identity/did-key.ts';
import { describeParseError, describeRawEntry, parseEntryFast, publicKeyOf, signatureChecksOf, signingBytesOf } from '../../../src/node/verify/entry-parse.ts';
import { makeLog } from './helpers.ts';

const log = makeLog({ seed: 'entry-parse', events: 120 });
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What parseEntry says: the entry's JSON, or the error code. */
function outcome(parse: (b: Uint8Array) => unknown, bytes: Uint8Array): string {
  try {
    return JSON.stringify(parse(bytes));
  } catch (error) {
    return `error ${(error as { code?: string }).code}`;
  }
}

describe('parseEntryFast', () => {
  it('gives the same entries as parseEntry on every entry of a generated log', () => {
    const differ = log.bytes.filter((b) => outcome(parseEntryFast, b) !== outcome(parseEntry, b));
    expect(differ).toEqual([]);
  });

  it('gives the same result or code as parseEntry for every single-bit flip of sampled entries', () => {
    const differ: string[] = [];
    for (const index of [0, 5, 17, 40]) {
      const bytes = log.bytes[index] as Uint8Array;
      for (let offset = 0; offset < bytes.length; offset += 3) {
        for (const bit of [0, 5, 7]) {
          const mutated = bytes.slice();
          mutated[offset] = (mutated[offset] as number) ^ (1 << bit);
          if (outcome(parseEntryFast, mutated) !== outcome(parseEntry, mutated)) differ.push(`${index}:${offset}:${bit}`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it.each([
    ['whitespace', (t: string) => t.replace('":', '": ')],
    ['an escaped letter', (t: string) => t.replace('"body"', '"\\u0062ody"')],
    ['unsorted members', (t: string) => t.replace('{"body":', '{"zzz":1,"body":')],
    ['an integer-like member name', (t: string) => t.replace('{"body":', '{"1":1,"body":')],
    ['a duplicate member', (t: string) => t.replace('{"body":', '{"body":{},"body":')],
    ['a lone surrogate escape', (t: string) => t.replace('"format"', '"format","x":"\\ud800"')],
    ['a number in another form', (t: string) => t.replace('"seq":1', '"seq":1.0')],
    ['a BOM', (t: string) => `\ufeff${t}`],
    ['deep nesting', (t: string) => t.replace('{"body":', `{"a":${'['.repeat(20)}${']'.repeat(20)},"body":`)],
    ['truncation', (t: string) => t.slice(0, -1)],
  ])('agrees with parseEntry on %s', (_name, mutate) => {
    for (const bytes of log.bytes.slice(0, 12)) {
      const mutated = utf8(mutate(new TextDecoder().decode(bytes)));
      expect(outcome(parseEntryFast, mutated)).toBe(outcome(parseEntry, mutated));
    }
  });

  it('refuses more than 65,535 bytes like parseEntry', () => {
    expect(() => parseEntryFast(new Uint8Array(65_536))).toThrowWithCode('ENTRY_MALFORMED');
  });
});

describe('signingBytesOf', () => {
  it('equals statementSigningBytes for every entry of a generated log', () => {
    const differ = log.entries.filter((entry, i) => bytesToHex(signingBytesOf(entry, log.bytes[i] as Uint8Array)) !== bytesToHex(statementSigningBytes(entry)));
    expect(differ).toEqual([]);
  });

  it('falls back to serialising when the bytes are not the entry', () => {
    const entry = log.entries[3];
    expect(entry).toBeDefined();
    if (entry === undefined) return;
    expect(bytesToHex(signingBytesOf(entry, utf8('{}')))).toBe(bytesToHex(statementSigningBytes(entry)));
  });
});

describe('signatureChecksOf', () => {
  it('lists the checks collectSignatureChecks lists, admin commands included', () => {
    const simplify = (c: { where: string; role: string; key: string; message: Uint8Array; signature: Uint8Array; publicKey: Uint8Array }): string =>
      `${c.where} ${c.role} ${c.key} ${bytesToHex(c.message)} ${bytesToHex(c.signature)} ${bytesToHex(c.publicKey)}`;
    const differ = log.entries.filter(
      (entry, i) => JSON.stringify(signatureChecksOf(entry, log.bytes[i] as Uint8Array).map(simplify)) !== JSON.stringify(collectSignatureChecks(entry).map(simplify)),
    );
    expect(differ).toEqual([]);
    expect(log.entries.some((e) => (e.body as { by?: string }).by === 'admin')).toBe(true);
  });
});

describe('describing unparseable entries', () => {
  it('reads the type and subject when the JSON is legible', () => {
    expect(describeRawEntry(utf8('{"type":"x.y","subject":"s","body":1}'))).toEqual({ type: 'x.y', subject: 's' });
    expect(describeRawEntry(Uint8Array.of(0xff))).toEqual({});
  });

  it('names the parse code and rule', () => {
    try {
      parseEntry(utf8('{"a":1}'));
    } catch (error) {
      expect(describeParseError(error).code).toBe('ENTRY_MALFORMED');
    }
    expect(describeParseError(new Error('x'))).toEqual({ code: 'ENTRY_MALFORMED', message: 'x' });
  });
});

describe('publicKeyOf', () => {
  const keyOf = (i: number): Uint8Array => {
    const key = new Uint8Array(32);
    new DataView(key.buffer).setUint32(0, i + 1);
    key[31] = 0x5a;
    return key;
  };

  it('gives the key of each did:key, and keeps every key it gave when it starts over past its bound', () => {
    const first = publicKeyOf(didKeyFromPublicKey(keyOf(0)));
    expect(bytesToHex(first)).toBe(bytesToHex(keyOf(0)));
    // 70,000 more keys: more than the cache holds (65,536), so it starts over once.
    const views: Uint8Array[] = [];
    for (let i = 1; i <= 70_000; i++) views.push(publicKeyOf(didKeyFromPublicKey(keyOf(i))));
    expect(bytesToHex(first)).toBe(bytesToHex(keyOf(0)));
    const changed = views.filter((view, i) => bytesToHex(view) !== bytesToHex(keyOf(i + 1)));
    expect(changed).toEqual([]);
    // Read again after the start-over, the first key is still right.
    expect(bytesToHex(publicKeyOf(didKeyFromPublicKey(keyOf(0))))).toBe(bytesToHex(keyOf(0)));
  });

  it('throws DID_KEY_INVALID for what is not an Ed25519 did:key', () => {
    expect(() => publicKeyOf('did:key:zNotAKey')).toThrowWithCode('DID_KEY_INVALID');
  });
});
