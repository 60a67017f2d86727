import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../src/core/jcs.ts';
import { generateTestLog } from '../../../src/core/log/fixtures.ts';
import { statementSigningBytes } from '../../../src/core/log/statement.ts';
import { STATEMENT_TYPES } from '../../../src/core/log/types/index.ts';
import { fastCanonicalBytes } from '../../../src/server/log/fast-jcs.ts';
import { prepareEntry } from '../../../src/server/log/prepared-entry.ts';
import { statementBytesOf } from '../../../src/server/log/signing-bytes.ts';

const log = generateTestLog({ seed: 'server-fast-encoding', events: 400 });

describe('fastCanonicalBytes', () => {
  it('gives the bytes of canonicalBytes for every fixture entry', () => {
    const differ = log.entries.filter((entry) => Buffer.compare(fastCanonicalBytes(entry), canonicalBytes(entry)) !== 0);
    expect(differ).toEqual([]);
  });

  it('covers every statement type in the fixture', () => {
    expect(new Set(log.entries.map((e) => e.type))).toEqual(new Set(STATEMENT_TYPES));
  });

  const values: [string, unknown][] = [
    ['controls and escapes', { a: '\u0000\u0001\b\t\n\f\r\u001f"\\/\u007f\u2028' }],
    ['non-ASCII and surrogate pairs', { 'é': 'ü€😀', '\u{1F600}': ['x'], z: { b: 1, a: -0 } }],
    ['key order by UTF-16 code units', { '\u{10000}': 1, '\uffff': 2, B: 3, a: 4, '': 5 }],
    ['integers at the safe limit', [0, -1, 9007199254740991, -9007199254740991]],
    ['a float (falls back)', { x: 1.5, y: 1e21 }],
    ['undefined members are skipped', { a: undefined, b: [true, false, null] }],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
  ];
  for (const [name, value] of values) {
    it(`matches canonicalBytes for ${name}`, () => {
      expect(fastCanonicalBytes(value)).toEqual(canonicalBytes(value));
    });
  }

  it('refuses a lone surrogate like canonicalBytes', () => {
    expect(() => fastCanonicalBytes({ a: '\ud800' })).toThrowWithCode('JCS_LONE_SURROGATE');
  });
});

describe('statementBytesOf', () => {
  it('cuts exactly JCS(statement) out of the stored bytes of every fixture entry', () => {
    const differ = log.entries.filter((entry) => {
      const prepared = prepareEntry(entry);
      return Buffer.compare(statementBytesOf(prepared), statementSigningBytes(entry)) !== 0;
    });
    expect(differ).toEqual([]);
  });

  it('falls back to canonicalising when the bytes are not the entry’s', () => {
    const entry = log.entries[5] as (typeof log.entries)[number];
    const other = prepareEntry(log.entries[6]);
    expect(statementBytesOf({ entry, bytes: other.bytes })).toEqual(statementSigningBytes(entry));
  });
});
