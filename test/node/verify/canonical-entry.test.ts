import { describe, expect, it } from 'vitest';
import { verifyEd25519Native } from '../../../src/node/crypto/native-ed25519.ts';
import { statementSigningBytes } from '../../../src/core/log/statement.ts';
import {
  canonicalValue,
  cutSigningBytes,
  entrySignatureVerdict,
  SIGNATURE_INVALID,
  SIGNATURES_VALID,
  VERDICT_UNDECIDED,
} from '../../../src/node/verify/canonical-entry.ts';
import { makeLog } from './helpers.ts';

const log = makeLog({ seed: 'canonical-entry', events: 80 });
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const isAdmin = (i: number): boolean => (log.entries[i]?.body as { by?: string }).by === 'admin';

describe('entrySignatureVerdict', () => {
  it('finds every signature valid in every entry of a generated log, except admin commands, which it leaves undecided', () => {
    const verdicts = log.bytes.map((b) => entrySignatureVerdict(b, verifyEd25519Native));
    expect(verdicts.filter((v, i) => v !== (isAdmin(i) ? VERDICT_UNDECIDED : SIGNATURES_VALID))).toEqual([]);
    expect(verdicts).toContain(VERDICT_UNDECIDED);
  });

  it('finds a signature invalid when one signature character changes', () => {
    const index = log.bytes.findIndex((_, i) => !isAdmin(i));
    const tampered = text(log.bytes[index] as Uint8Array).replace(/"sig":"(.)/, (_m, c: string) => `"sig":"${c === 'A' ? 'B' : 'A'}`);
    expect(entrySignatureVerdict(utf8(tampered), verifyEd25519Native)).toBe(SIGNATURE_INVALID);
  });

  it('calls the verifier once per signature, over the signing bytes, with 32-byte keys and 64-byte signatures', () => {
    const index = log.bytes.findIndex((_, i) => !isAdmin(i));
    const calls: number[][] = [];
    const verdict = entrySignatureVerdict(log.bytes[index] as Uint8Array, (key, message, signature) => {
      calls.push([key.length, signature.length, message.length]);
      return true;
    });
    expect(verdict).toBe(SIGNATURES_VALID);
    expect(calls).toHaveLength(log.entries[index]?.signatures.length ?? -1);
    for (const [key, signature, message] of calls) {
      expect([key, signature]).toEqual([32, 64]);
      expect(message).toBeLessThan((log.bytes[index] as Uint8Array).length);
    }
  });

  it.each([
    ['not UTF-8', Uint8Array.of(0xff, 0xfe)],
    ['not JSON', utf8('{"a":')],
    ['not canonical', utf8('{"b":1, "a":2}')],
    ['not an object', utf8('[1,2]')],
    ['without signatures', utf8('{"body":{},"subject":"s","tenant":"t","time":"x","type":"y"}')],
    ['with a signature that is not an object', utf8('{"body":{},"signatures":[1],"subject":"s","tenant":"t","time":"x","type":"y"}')],
    ['over 65,535 bytes', new Uint8Array(65_536)],
  ])('leaves bytes %s undecided, without calling the verifier', (_name, bytes) => {
    expect(entrySignatureVerdict(bytes, () => expect.unreachable('no signature to verify'))).toBe(VERDICT_UNDECIDED);
  });
});

describe('canonicalValue', () => {
  it('parses canonical JSON and refuses anything else', () => {
    expect(canonicalValue(utf8('{"a":[1,{"b":"c"}],"d":null}'))).toEqual({ a: [1, { b: 'c' }], d: null });
    for (const bad of ['{"b":1,"a":2}', '{"a": 1}', '{"a":1.0}', '{"a":"\\ud800"}', `${'['.repeat(17)}${']'.repeat(17)}`]) {
      expect(canonicalValue(utf8(bad))).toBeUndefined();
    }
  });
});

describe('cutSigningBytes', () => {
  it('cuts exactly JCS(statement) out of every entry of a generated log', () => {
    const differ = log.entries.filter((entry, i) => {
      const cut = cutSigningBytes(entry, log.bytes[i] as Uint8Array);
      return cut === undefined || Buffer.compare(cut, statementSigningBytes(entry)) !== 0;
    });
    expect(differ).toEqual([]);
  });

  // Each change keeps every length, so only a byte-for-byte comparison finds it.
  it.each([
    ['the subject', /"subject":"maip:(.)/, (c: string) => `"subject":"maip:${c === '0' ? '1' : '0'}`],
    ['the type', /"type":"(.)/, (c: string) => `"type":"${c === 'a' ? 'b' : 'a'}`],
    ['a signature', /"sig":"(.)/, (c: string) => `"sig":"${c === 'A' ? 'B' : 'A'}`],
    ['a signature key', /"signatures":\[\{"key":"did:key:z(.)/, (c: string) => `"signatures":[{"key":"did:key:z${c === 'A' ? 'B' : 'A'}`],
  ])("refuses bytes where %s differs from the entry's", (_what, pattern, replace) => {
    const index = log.entries.findIndex((e, i) => e.subject.startsWith('maip:') && !isAdmin(i));
    const entry = log.entries[index] as (typeof log.entries)[number];
    const changed = text(log.bytes[index] as Uint8Array).replace(pattern, (_m, c: string) => replace(c));
    expect(changed).not.toBe(text(log.bytes[index] as Uint8Array));
    expect(cutSigningBytes(entry, utf8(changed))).toBeUndefined();
  });

  it('refuses values that would need an escape or are not ASCII, whatever the bytes', () => {
    const index = log.entries.findIndex((_, i) => !isAdmin(i));
    const entry = log.entries[index] as (typeof log.entries)[number];
    const bytes = log.bytes[index] as Uint8Array;
    expect(cutSigningBytes({ ...entry, time: entry.time.replace(/.$/, '\u00e9') }, bytes)).toBeUndefined();
    expect(cutSigningBytes({ ...entry, time: entry.time.replace(/.$/, '"') }, bytes)).toBeUndefined();
    expect(cutSigningBytes(entry, bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(cutSigningBytes(entry, new Uint8Array(0))).toBeUndefined();
  });
});
