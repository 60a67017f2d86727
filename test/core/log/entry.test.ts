import { describe, expect, it } from 'vitest';
import type { ProtocolError } from '../../../src/core/errors.ts';
import { bytesToHex, bytesToUtf8, concatBytes, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { sha256 } from '../../../src/core/crypto/sha256.ts';
import { encodeEntry, entryLeafHash, parseEntry, signStatement } from '../../../src/core/log/entry.ts';
import { MAX_ENTRY_BYTES, statementSigningBytes, type LogEntry, type Statement } from '../../../src/core/log/statement.ts';
import { seedSigner } from '../../../src/core/log/signature.ts';
import { buildProtocolExample } from '../../../src/core/log/protocol-example.ts';

const example = buildProtocolExample();
const registeredBytes = example.bytes[2] as Uint8Array;
const registeredText = bytesToUtf8(registeredBytes);
const registered = example.entries[2] as LogEntry;

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return (error as ProtocolError).code;
  }
  return undefined;
}

describe('parseEntry', () => {
  it('returns the entry whose JCS is exactly the stored bytes', () => {
    const entry = parseEntry(registeredBytes);
    expect(entry).toEqual(registered);
    expect(encodeEntry(entry)).toEqual(registeredBytes);
  });

  it('parses every entry of the example log', () => {
    for (const bytes of example.bytes) expect(encodeEntry(parseEntry(bytes))).toEqual(bytes);
  });

  describe('when the bytes spell the same value non-canonically', () => {
    const variants: [string, string][] = [
      ['a leading space', ` ${registeredText}`],
      ['a trailing newline', `${registeredText}\n`],
      ['a space after a colon', registeredText.replace('"format":', '"format": ')],
      ['a space after a comma', registeredText.replace(',"format"', ', "format"')],
      ['pretty printing', JSON.stringify(JSON.parse(registeredText), null, 2)],
      ['members out of order', registeredText.replace(/^\{"body":(\{.*?\}),"format":"warden.statement\/v1",/, '{"format":"warden.statement/v1","body":$1,')],
      ['an escaped ASCII letter', registeredText.replace('"invoice-triage"', '"\\u0069nvoice-triage"')],
      ['an escaped solidus', registeredText.replace('registry.example/warden', 'registry.example\\/warden')],
    ];
    it.each(variants)('throws ENTRY_NOT_CANONICAL for %s', (_name, text) => {
      expect(text).not.toBe(registeredText);
      expect(() => parseEntry(utf8ToBytes(text))).toThrowWithCode('ENTRY_NOT_CANONICAL');
    });

    it('throws ENTRY_NOT_CANONICAL for number forms other than the shortest', () => {
      const admin = bytesToUtf8(example.bytes[1] as Uint8Array);
      expect(admin).toContain('"seq":1');
      for (const spelling of ['1.0', '1e0', '1E0', '10e-1', '1.00']) {
        expect(codeOf(() => parseEntry(utf8ToBytes(admin.replace('"seq":1', `"seq":${spelling}`))))).toBe('ENTRY_NOT_CANONICAL');
      }
      expect(() => parseEntry(utf8ToBytes(admin.replace('"seq":1', '"seq":01')))).toThrowWithCode('ENTRY_MALFORMED');
      expect(() => parseEntry(utf8ToBytes(admin.replace('"seq":1', '"seq":+1')))).toThrowWithCode('ENTRY_MALFORMED');
    });

    it('throws ENTRY_NOT_CANONICAL for a raw non-ASCII character written as an escape', () => {
      const statement: Statement = { ...(example.entries[0] as LogEntry), body: { name: 'Café Ünïcode ✓' } } as Statement;
      const { signatures: _s, ...unsigned } = example.entries[0] as LogEntry;
      void _s;
      const entry = signStatement({ ...unsigned, body: statement.body } as Statement, [seedSigner('registry', new Uint8Array(32).fill(1))]);
      const text = bytesToUtf8(encodeEntry(entry));
      expect(parseEntry(utf8ToBytes(text))).toEqual(entry);
      expect(() => parseEntry(utf8ToBytes(text.replace('é', '\\u00e9')))).toThrowWithCode('ENTRY_NOT_CANONICAL');
    });
  });

  describe('when the bytes are not strict JSON', () => {
    it('throws ENTRY_MALFORMED for a duplicate member (even a canonical-looking one)', () => {
      const text = registeredText.replace('"format":"warden.statement/v1"', '"format":"warden.statement/v1","format":"warden.statement/v1"');
      expect(() => parseEntry(utf8ToBytes(text))).toThrowWithCode('ENTRY_MALFORMED');
    });
    it('throws ENTRY_MALFORMED for invalid UTF-8', () => {
      const bytes = concatBytes(registeredBytes.subarray(0, 20), Uint8Array.of(0xc3, 0x28), registeredBytes.subarray(20));
      expect(() => parseEntry(bytes)).toThrowWithCode('ENTRY_MALFORMED');
    });
    it('throws ENTRY_MALFORMED for a byte order mark', () => {
      expect(() => parseEntry(concatBytes(Uint8Array.of(0xef, 0xbb, 0xbf), registeredBytes))).toThrowWithCode('ENTRY_MALFORMED');
    });
    it('throws ENTRY_MALFORMED for a lone surrogate escape', () => {
      expect(() => parseEntry(utf8ToBytes(registeredText.replace('"invoice-triage"', '"\\ud800"')))).toThrowWithCode('ENTRY_MALFORMED');
    });
    it.each(['', '{', 'null', '[]', '"x"', '{}', registeredText.slice(0, -1), `${registeredText}{}`])('throws ENTRY_MALFORMED for %j', (text) => {
      expect(() => parseEntry(utf8ToBytes(text))).toThrowWithCode('ENTRY_MALFORMED');
    });
    it('throws ENTRY_MALFORMED for deep nesting without crashing', () => {
      expect(() => parseEntry(utf8ToBytes(`${'['.repeat(30000)}${']'.repeat(30000)}`))).toThrowWithCode('ENTRY_MALFORMED');
    });
  });

  describe('when canonical bytes carry a member the schema does not know', () => {
    it.each([
      ['a top-level __proto__', (t: string) => t.replace('{"body":{', '{"__proto__":{},"body":{')],
      ['a __proto__ in the body', (t: string) => t.replace('{"body":{"capabilities"', '{"body":{"__proto__":{},"capabilities"')],
      ['an unknown top-level member', (t: string) => t.replace(',"format":', ',"extra":1,"format":')],
    ] as const)('throws ENTRY_MALFORMED for %s (no unsigned bytes can ride along)', (_name, edit) => {
      const text = edit(registeredText);
      expect(text).not.toBe(registeredText);
      expect(() => parseEntry(utf8ToBytes(text))).toThrowWithCode('ENTRY_MALFORMED');
    });
  });

  describe('when the entry is larger than a tile entry bundle can hold', () => {
    it('throws ENTRY_MALFORMED before parsing', () => {
      expect(() => parseEntry(new Uint8Array(MAX_ENTRY_BYTES + 1).fill(0x20))).toThrowWithCode('ENTRY_MALFORMED');
    });
  });

  describe('when the type is not in the vocabulary', () => {
    it('throws ENTRY_UNKNOWN_TYPE', () => {
      const value = JSON.parse(registeredText) as Record<string, unknown>;
      value.type = 'agent.teleported';
      const text = JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
      expect(() => parseEntry(utf8ToBytes(text))).toThrowWithCode('ENTRY_UNKNOWN_TYPE');
    });
  });

  it('throws INVALID_ARGUMENT for a non-byte input', () => {
    expect(() => parseEntry('{}' as unknown as Uint8Array)).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('encodeEntry', () => {
  it('keeps a worst-case agent.registered (every field at its bound, 3-byte characters, 16 signatures) within 65,535 bytes', () => {
    const wide = (n: number, i = 0): string => String.fromCharCode(0x800 + i) + '\u0800'.repeat(n - 1);
    const signatures = Array.from({ length: 16 }, (_, i) => ({ ...registered.signatures[0]!, key: `${registered.signatures[0]!.key.slice(0, -2)}${i}` }));
    const body = {
      ...registered.body,
      display_name: wide(256),
      owner: wide(256),
      description: wide(2000),
      version: wide(64),
      purpose: wide(1000),
      capabilities: Array.from({ length: 64 }, (_, i) => wide(128, i)),
      scopes: Array.from({ length: 64 }, (_, i) => `s${String.fromCharCode(97 + (i % 26))}${i}${'x'.repeat(60)}:${'y'.repeat(64)}`),
    };
    const text = JSON.stringify({ ...registered, body, signatures });
    expect(utf8ToBytes(text).length).toBeLessThan(MAX_ENTRY_BYTES);
  });
  it('throws ENTRY_MALFORMED for an entry that does not match its schema', () => {
    expect(() => encodeEntry({ ...registered, time: 'yesterday' } as LogEntry)).toThrowWithCode('ENTRY_MALFORMED');
  });
});

describe('signStatement', () => {
  it('orders signatures by key whatever the order of the signers', () => {
    const { signatures: _s, ...unsigned } = registered;
    void _s;
    const admin = seedSigner('admin', new Uint8Array(32).fill(2));
    const agent = seedSigner('agent', new Uint8Array(32).fill(3));
    const a = signStatement(unsigned as Statement, [admin, agent]);
    const b = signStatement(unsigned as Statement, [agent, admin]);
    expect(encodeEntry(a)).toEqual(encodeEntry(b));
    expect(encodeEntry(a)).toEqual(registeredBytes);
  });
  it('throws INVALID_ARGUMENT for two signers with one key', () => {
    const { signatures: _s, ...unsigned } = registered;
    void _s;
    const agent = seedSigner('agent', new Uint8Array(32).fill(3));
    expect(() => signStatement(unsigned as Statement, [agent, { ...agent, role: 'admin' }])).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => signStatement(unsigned as Statement, [])).toThrowWithCode('INVALID_ARGUMENT');
  });
  it('throws ENTRY_MALFORMED for an invalid statement', () => {
    expect(() => signStatement({ ...registered, subject: 'nobody' } as unknown as Statement, [seedSigner('agent', new Uint8Array(32).fill(3))])).toThrowWithCode(
      'ENTRY_MALFORMED',
    );
  });
});

describe('statementSigningBytes', () => {
  it('is the canonical entry without its signatures member', () => {
    const text = bytesToUtf8(statementSigningBytes(registered));
    expect(text).toBe(registeredText.replace(/,"signatures":\[[^\]]*\]/, ''));
  });
});

describe('entryLeafHash', () => {
  it('is SHA-256(0x00 || entry bytes) (RFC 9162 §2.1.1)', () => {
    expect(bytesToHex(entryLeafHash(registeredBytes))).toBe(bytesToHex(sha256(concatBytes(Uint8Array.of(0), registeredBytes))));
  });
});
