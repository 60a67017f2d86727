import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../src/core/encoding/utf8.ts';
import { ProtocolError } from '../../src/core/errors.ts';
import { canonicalize } from '../../src/core/jcs.ts';
import {
  DEFAULT_JSON_MAX_BYTES,
  DEFAULT_JSON_MAX_DEPTH,
  parseJsonBytesStrict,
  parseJsonStrict,
} from '../../src/core/json.ts';

/** The error `parse` throws (or undefined). */
function errorOf(parse: () => unknown): unknown {
  try {
    parse();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Nesting depth of arrays, walked iteratively so that a deep value cannot overflow the test. */
function arrayDepth(value: unknown): number {
  let depth = 0;
  let current = value;
  while (Array.isArray(current)) {
    depth++;
    current = current[0];
  }
  return depth;
}

// The codes with which strict parsing may refuse what JSON.parse accepts.
const STRICTNESS_CODES = ['JSON_DUPLICATE_KEY', 'JCS_LONE_SURROGATE', 'JCS_NON_FINITE_NUMBER', 'JSON_TOO_DEEP'];

describe('parseJsonStrict', () => {
  it.each([
    ['null', null],
    ['true', true],
    [' \t\r\nfalse\n', false],
    ['0', 0],
    ['-12.5e+2', -1250],
    ['1E-2', 0.01],
    ['123456789012345', 123456789012345],
    ['-123456789012345', -123456789012345],
    ['12345678901234567890', 12345678901234567000],
    ['0.1', 0.1],
    ['1e-400', 0],
    ['"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"', 'a"b\\c/d\b\f\n\r\t'],
    ['"\\u0000\\u001F\\u00e9\\u20AC"', '\u0000\u001f\u00e9\u20ac'],
    ['"\\ud83d\\ude00 \\uD83D\\uDE00 \u{1f600}"', '\u{1f600} \u{1f600} \u{1f600}'],
    ['"\u007f\u2028\u2029"', '\u007f\u2028\u2029'],
    ['[]', []],
    ['{}', {}],
    ['[ 1 , [ ] , { } , "x" ]', [1, [], {}, 'x']],
    ['{ "a" : { "b" : [ null ] } , "c" : 2 }', { a: { b: [null] }, c: 2 }],
  ])('parses %j', (text, expected) => {
    expect(parseJsonStrict(text)).toEqual(expected);
  });

  it('keeps -0 as -0 (canonicalize writes it as 0)', () => {
    expect(Object.is(parseJsonStrict('-0'), -0)).toBe(true);
    expect(Object.is(parseJsonStrict('-0.0'), -0)).toBe(true);
  });

  it('reads numbers exactly as JSON.parse does', () => {
    const texts = ['9007199254740993', '999999999999999', '1000000000000000', '0.30000000000000004', '5e-324', '2.4e-324',
      '1.7976931348623157e308', '-4.9e-324', '1e21', '123.456e-7', '0.000001', '100e-2', '1' + '0'.repeat(300)];
    for (const text of texts) expect(parseJsonStrict(text)).toBe(JSON.parse(text));
  });

  describe('when the text breaks the RFC 8259 grammar', () => {
    it.each([
      ['empty text', ''],
      ['only whitespace', ' \n'],
      ['a trailing comma in an array', '[1,]'],
      ['a trailing comma in an object', '{"a":1,}'],
      ['a leading comma', '[,1]'],
      ['a double comma', '[1,,2]'],
      ['an empty member', '{,}'],
      ['a leading zero', '01'],
      ['a negative leading zero', '-01'],
      ['a leading zero in an array', '[00]'],
      ['a bare decimal point', '1.'],
      ['a missing integer part', '.5'],
      ['a plus sign', '+1'],
      ['a bare minus', '-'],
      ['a double minus', '--1'],
      ['an empty exponent', '1e'],
      ['an exponent sign alone', '1e+'],
      ['hex', '0x10'],
      ['digit separators', '1_000'],
      ['NaN', 'NaN'],
      ['Infinity', 'Infinity'],
      ['-Infinity', '-Infinity'],
      ['undefined', 'undefined'],
      ['single quotes', "'a'"],
      ['an unquoted name', '{a:1}'],
      ['a missing colon', '{"a" 1}'],
      ['a missing value', '{"a":}'],
      ['a non-string name', '{1:1}'],
      ['missing commas', '[1 2]'],
      ['missing commas between members', '{"a":1 "b":2}'],
      ['a line comment', '// c\n1'],
      ['a block comment', '/* c */ 1'],
      ['a trailing comment', '1 // c'],
      ['a comment inside', '[1 /* c */]'],
      ['a raw tab in a string', '"a\tb"'],
      ['a raw newline in a string', '"a\nb"'],
      ['a raw NUL in a string', '"\u0000"'],
      ['a raw U+001F in a string', '"\u001f"'],
      ['an unknown escape', '"\\x41"'],
      ['an escaped single quote', "\"\\'\""],
      ['a short \\u escape', '"\\u12"'],
      ['a non-hex \\u escape', '"\\u00G1"'],
      ['an unterminated string', '"abc'],
      ['a backslash at the end', '"\\'],
      ['an escaped closing quote only', '"\\"'],
      ['a truncated literal', 'tru'],
      ['a capitalised literal', 'True'],
      ['a literal with a suffix', 'nullx'],
      ['an extra closing bracket', '[1]]'],
      ['a missing closing bracket', '[[1]'],
      ['an extra closing brace', '{"a":1}}'],
      ['mismatched brackets', '[1}'],
      ['two values', '1 2'],
      ['a byte order mark', '\ufeff{}'],
      ['a no-break space', '\u00a01'],
      ['a line separator as whitespace', '\u20281'],
      ['a vertical tab as whitespace', '\u000b1'],
      ['a form feed as whitespace', '\u000c1'],
      ['a raw NUL outside strings', '1\u0000'],
    ])('throws JSON_MALFORMED for %s', (_name, text) => {
      expect(() => parseJsonStrict(text)).toThrowWithCode('JSON_MALFORMED');
    });

    it('reports the offset of the error', () => {
      expect((errorOf(() => parseJsonStrict('[1,]')) as ProtocolError).details).toEqual({ offset: 3 });
      expect((errorOf(() => parseJsonStrict('{"a":1 "b":2}')) as ProtocolError).details).toEqual({ offset: 7 });
      expect((errorOf(() => parseJsonStrict('  "abc')) as ProtocolError).details).toEqual({ offset: 2 });
      expect((errorOf(() => parseJsonStrict('"ab\u0001"')) as ProtocolError).message).toMatch(/offset 3/);
    });
  });

  describe('when a member name repeats (I-JSON §2.3)', () => {
    it.each([
      ['a plain duplicate', '{"a":1,"a":2}'],
      ['a duplicate equal only after unescaping', '{"a":1,"\\u0061":2}'],
      ['a duplicate written with different escapes', '{"\\/":1,"/":2}'],
      ['a duplicate surrogate pair', '{"\\ud83d\\ude00":1,"\u{1f600}":2}'],
      ['a duplicate __proto__', '{"__proto__":1,"__proto__":2}'],
      ['a duplicate with equal values', '{"a":1,"b":0,"a":1}'],
      ['a nested duplicate', '[{"x":{"b":[],"b":[]}}]'],
      ['a duplicate empty name', '{"":1,"":2}'],
    ])('throws JSON_DUPLICATE_KEY for %s', (_name, text) => {
      expect(() => parseJsonStrict(text)).toThrowWithCode('JSON_DUPLICATE_KEY');
    });

    it('does not treat names that differ as duplicates', () => {
      expect(parseJsonStrict('{"a":1,"A":2,"a ":3}')).toEqual({ a: 1, A: 2, 'a ': 3 });
      // No Unicode normalisation: precomposed é and e + combining acute are different names.
      expect(Object.keys(parseJsonStrict('{"\\u00e9":1,"e\\u0301":2}') as object)).toHaveLength(2);
      expect(parseJsonStrict('[{"a":1},{"a":2},{"a":{"a":3}}]')).toEqual([{ a: 1 }, { a: 2 }, { a: { a: 3 } }]);
    });

    it('reports the offset and the name', () => {
      expect((errorOf(() => parseJsonStrict('{"a":1, "\\u0061":2}')) as ProtocolError).details).toEqual({ offset: 8, key: 'a' });
    });

    it('reports at most 64 code units of a long name', () => {
      const name = 'n'.repeat(100_000);
      const error = errorOf(() => parseJsonStrict(`{"${name}":1,"${name}":2}`)) as ProtocolError;
      expect(error.code).toBe('JSON_DUPLICATE_KEY');
      expect(error.details?.['key']).toBe(`${'n'.repeat(64)}…`);
      expect(error.message.length).toBeLessThan(200);
    });
  });

  describe('when a string holds a lone surrogate', () => {
    it.each([
      ['an escaped high surrogate', '"\\ud800"'],
      ['an escaped low surrogate', '"\\udc00"'],
      ['an escaped high surrogate before a non-surrogate escape', '"\\ud800\\u0041"'],
      ['an escaped high surrogate before a character', '"\\ud800x"'],
      ['an escaped high surrogate at the end', '"x\\ud83d"'],
      ['two escaped high surrogates', '"\\ud800\\ud800"'],
      ['an escaped reversed pair', '"\\udc00\\ud800"'],
      ['an escaped high surrogate before a raw low one', '"\\ud83d\ude00"'],
      ['a raw high surrogate before an escaped low one', '"\ud83d\\ude00"'],
      ['a raw high surrogate', '"\ud800"'],
      ['a raw low surrogate', '"a\udc00b"'],
      ['a raw reversed pair', '"\ude00\ud83d"'],
      ['a raw high surrogate at the end', '"x\ud83d"'],
      ['a lone surrogate in a member name', '{"\\ud800":1}'],
    ])('throws JCS_LONE_SURROGATE for %s', (_name, text) => {
      expect(() => parseJsonStrict(text)).toThrowWithCode('JCS_LONE_SURROGATE');
    });

    it('throws JSON_MALFORMED when the escape after a high surrogate is itself broken', () => {
      expect(() => parseJsonStrict('"\\ud83d\\uZZZZ"')).toThrowWithCode('JSON_MALFORMED');
    });
  });

  describe('when a number overflows a double (I-JSON §2.2)', () => {
    it.each(['1e400', '-1e400', `1${'0'.repeat(400)}`, '[1.8e308]'])('throws JCS_NON_FINITE_NUMBER for %s', (text) => {
      expect(() => parseJsonStrict(text)).toThrowWithCode('JCS_NON_FINITE_NUMBER');
    });
  });

  describe('when members are named after Object.prototype properties', () => {
    it('makes "__proto__" an own property and pollutes nothing', () => {
      const parsed = parseJsonStrict('{"__proto__":{"polluted":true},"a":{"__proto__":[1]}}') as Record<string, unknown>;
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.getPrototypeOf(parsed)).toBeNull();
      expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
      expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: true });
      expect(Object.keys((parsed['a'] as object))).toEqual(['__proto__']);
      expect(canonicalize(parsed)).toBe('{"__proto__":{"polluted":true},"a":{"__proto__":[1]}}');
    });

    it('builds objects without inherited members', () => {
      const parsed = parseJsonStrict('{"constructor":{"prototype":{"x":1}},"toString":1}') as Record<string, unknown>;
      expect(parsed['toString']).toBe(1);
      expect('hasOwnProperty' in parsed).toBe(false);
      expect('valueOf' in (parseJsonStrict('{}') as object)).toBe(false);
      expect(({} as Record<string, unknown>)['x']).toBeUndefined();
      expect(canonicalize(parsed)).toBe('{"constructor":{"prototype":{"x":1}},"toString":1}');
    });
  });

  describe('when nesting is deep', () => {
    it(`accepts ${DEFAULT_JSON_MAX_DEPTH} nested containers by default and refuses one more`, () => {
      const ok = '['.repeat(DEFAULT_JSON_MAX_DEPTH) + ']'.repeat(DEFAULT_JSON_MAX_DEPTH);
      expect(arrayDepth(parseJsonStrict(ok))).toBe(DEFAULT_JSON_MAX_DEPTH);
      const tooDeep = '['.repeat(DEFAULT_JSON_MAX_DEPTH + 1) + ']'.repeat(DEFAULT_JSON_MAX_DEPTH + 1);
      expect(() => parseJsonStrict(tooDeep)).toThrowWithCode('JSON_TOO_DEEP');
      expect(() => parseJsonStrict('{"a":'.repeat(DEFAULT_JSON_MAX_DEPTH + 1) + '1' + '}'.repeat(DEFAULT_JSON_MAX_DEPTH + 1))).toThrowWithCode('JSON_TOO_DEEP');
    });

    it('counts an empty container as a level', () => {
      expect(() => parseJsonStrict('[[]]', { maxDepth: 1 })).toThrowWithCode('JSON_TOO_DEEP');
      expect(() => parseJsonStrict('[{}]', { maxDepth: 1 })).toThrowWithCode('JSON_TOO_DEEP');
      expect(parseJsonStrict('[1]', { maxDepth: 1 })).toEqual([1]);
      expect(parseJsonStrict('"x"', { maxDepth: 0 })).toBe('x');
      expect(() => parseJsonStrict('[]', { maxDepth: 0 })).toThrowWithCode('JSON_TOO_DEEP');
    });

    it('throws JSON_TOO_DEEP (not a stack overflow) for 100,000 levels, balanced or not', () => {
      const levels = 100_000;
      expect(() => parseJsonStrict('['.repeat(levels) + ']'.repeat(levels))).toThrowWithCode('JSON_TOO_DEEP');
      expect(() => parseJsonStrict('{"a":'.repeat(levels))).toThrowWithCode('JSON_TOO_DEEP');
    });

    it('parses 100,000 levels without recursion when the caller allows them', () => {
      const levels = 100_000;
      const parsed = parseJsonStrict('['.repeat(levels) + ']'.repeat(levels), { maxDepth: levels });
      expect(arrayDepth(parsed)).toBe(levels);
    });
  });

  describe('when the text is large', () => {
    it('counts the limit in UTF-8 bytes', () => {
      expect(parseJsonStrict('"ab"', { maxBytes: 4 })).toBe('ab');
      expect(() => parseJsonStrict('"abc"', { maxBytes: 4 })).toThrowWithCode('JSON_TOO_LARGE');
      // "é" is 1 UTF-16 unit but 2 UTF-8 bytes; "😀" is 2 units and 4 bytes.
      expect(parseJsonStrict('"éé"', { maxBytes: 6 })).toBe('éé');
      expect(() => parseJsonStrict('"éé"', { maxBytes: 5 })).toThrowWithCode('JSON_TOO_LARGE');
      expect(parseJsonStrict('"\u{1f600}"', { maxBytes: 6 })).toBe('\u{1f600}');
      expect(() => parseJsonStrict('"\u{1f600}"', { maxBytes: 5 })).toThrowWithCode('JSON_TOO_LARGE');
      expect(() => parseJsonStrict('"\u20ac"', { maxBytes: 4 })).toThrowWithCode('JSON_TOO_LARGE');
    });

    it(`refuses more than ${DEFAULT_JSON_MAX_BYTES} bytes by default before parsing`, () => {
      // Not even valid JSON: the size is checked first.
      expect(() => parseJsonStrict('x'.repeat(DEFAULT_JSON_MAX_BYTES + 1))).toThrowWithCode('JSON_TOO_LARGE');
    });

    it('parses a 10 MB document to the same value as JSON.parse', () => {
      const records = Array.from({ length: 110_000 }, (_, i) => ({
        id: `maip-agent:${i}`,
        n: i / 7,
        tags: ['a', 'b\n\u20ac', '\u{1f600}'],
        ok: i % 2 === 0,
        nothing: null,
      }));
      const text = JSON.stringify(records);
      expect(text.length).toBeGreaterThan(10_000_000);
      expect(canonicalize(parseJsonStrict(text))).toBe(canonicalize(JSON.parse(text)));
    });
  });

  describe('when arguments are wrong', () => {
    it.each([{ maxDepth: -1 }, { maxDepth: 1.5 }, { maxBytes: Number.NaN }, { maxBytes: -1 }])('throws INVALID_ARGUMENT for %j', (limits) => {
      expect(() => parseJsonStrict('1', limits)).toThrowWithCode('INVALID_ARGUMENT');
    });

    it('throws INVALID_ARGUMENT for a non-string', () => {
      expect(() => parseJsonStrict(1 as unknown as string)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });

  describe('differential and mutation tests against JSON.parse', () => {
    /** Strict parsing must agree with JSON.parse, or refuse with a coded error. */
    function checkAgainstNative(text: string): void {
      let native: unknown;
      let nativeOk = true;
      try {
        native = JSON.parse(text);
      } catch {
        nativeOk = false;
      }
      const error = errorOf(() => parseJsonStrict(text));
      if (error === undefined) {
        // Anything strict accepts, JSON.parse accepts with the same meaning.
        expect(nativeOk).toBe(true);
        expect(canonicalize(parseJsonStrict(text))).toBe(canonicalize(native));
        return;
      }
      expect(error).toBeInstanceOf(ProtocolError);
      // Beyond the RFC 8259 grammar, strict parsing only refuses what I-JSON and our limits refuse.
      if (nativeOk) expect(STRICTNESS_CODES).toContain((error as ProtocolError).code);
      // A strictness error may come first when a syntax error follows it.
      else expect(['JSON_MALFORMED', ...STRICTNESS_CODES]).toContain((error as ProtocolError).code);
    }

    it('agrees with JSON.parse on random JSON texts', () => {
      fc.assert(
        fc.property(fc.json({ stringUnit: 'binary', maxDepth: 6 }), (text) => {
          expect(canonicalize(parseJsonStrict(text))).toBe(canonicalize(JSON.parse(text)));
        }),
        { numRuns: 300 },
      );
    });

    it('never throws a foreign exception on mutated texts', () => {
      const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', 'u', 'd800', 'e', '-', '0', '.', ' ', 'null', '\ud800', '\u0000', '/'];
      const mutation = fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 3 }),
        insert: fc.constantFrom(...pieces),
      });
      fc.assert(
        fc.property(fc.json({ maxDepth: 4 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
          let mutated = text;
          for (const { at, remove, insert } of mutations) {
            const position = at % (mutated.length + 1);
            mutated = mutated.slice(0, position) + insert + mutated.slice(position + remove);
          }
          checkAgainstNative(mutated);
        }),
        { numRuns: 2000 },
      );
    });
  });
});

describe('parseJsonBytesStrict', () => {
  it('decodes UTF-8 and parses', () => {
    expect(parseJsonBytesStrict(utf8ToBytes('{"€":["\u{1f600}"]}'))).toEqual({ '€': ['\u{1f600}'] });
  });

  it.each([
    ['a 0xFF byte', [0x22, 0xff, 0x22]],
    ['a lone continuation byte', [0x22, 0x80, 0x22]],
    ['an overlong "/"', [0x22, 0xc0, 0xaf, 0x22]],
    ['an overlong NUL', [0x22, 0xe0, 0x80, 0x80, 0x22]],
    ['a UTF-8-encoded surrogate (CESU)', [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ['a code point above U+10FFFF', [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]],
    ['a truncated sequence', [0x22, 0xe2, 0x82, 0x22]],
    ['a truncated sequence at the end', [0x22, 0x22, 0xe2]],
  ])('throws ENCODING_INVALID_UTF8 for %s', (_name, bytes) => {
    expect(() => parseJsonBytesStrict(Uint8Array.from(bytes))).toThrowWithCode('ENCODING_INVALID_UTF8');
  });

  it('throws JSON_MALFORMED for a UTF-8 byte order mark', () => {
    expect(() => parseJsonBytesStrict(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toThrowWithCode('JSON_MALFORMED');
  });

  it('applies maxBytes to the byte length before decoding', () => {
    expect(parseJsonBytesStrict(utf8ToBytes('"é"'), { maxBytes: 4 })).toBe('é');
    expect(() => parseJsonBytesStrict(utf8ToBytes('"é"'), { maxBytes: 3 })).toThrowWithCode('JSON_TOO_LARGE');
    // Invalid UTF-8 beyond the limit is reported as too large: no decoding happens.
    expect(() => parseJsonBytesStrict(new Uint8Array(10).fill(0xff), { maxBytes: 9 })).toThrowWithCode('JSON_TOO_LARGE');
  });

  it('applies maxDepth', () => {
    expect(() => parseJsonBytesStrict(utf8ToBytes('[[1]]'), { maxDepth: 1 })).toThrowWithCode('JSON_TOO_DEEP');
  });

  it('throws INVALID_ARGUMENT for something other than a Uint8Array', () => {
    expect(() => parseJsonBytesStrict('{}' as unknown as Uint8Array)).toThrowWithCode('INVALID_ARGUMENT');
  });
});
