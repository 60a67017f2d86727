import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/encoding/hex.ts';
import { ProtocolError } from '../../src/core/errors.ts';
import { canonicalBytes, canonicalize, MAX_DEPTH, MAX_DEPTH_LIMIT } from '../../src/core/jcs.ts';
import { parseJsonStrict } from '../../src/core/json.ts';
import { describeVectors, readVectorJson, vectorPath } from '../helpers/vectors.ts';

/** The double whose IEEE-754 bits are `hex` (big-endian, left-padded to 16 digits). */
function doubleFromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex.padStart(16, '0')}`));
  return view.getFloat64(0);
}

/**
 * Naive reference: RFC 8785 is "ES6 JSON.stringify with UTF-16-sorted members", which is exactly
 * this for well-formed strings and finite numbers.
 */
function referenceCanonicalize(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => referenceCanonicalize(item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${referenceCanonicalize(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function nested(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Every line `hex,expected` whose double does not canonicalise to `expected`. */
function failingNumberLines(lines: readonly string[]): string[] {
  const failures: string[] = [];
  for (const line of lines) {
    const comma = line.indexOf(',');
    const expected = line.slice(comma + 1);
    let actual: string;
    try {
      actual = canonicalize(doubleFromHex(line.slice(0, comma)));
    } catch (error) {
      actual = `threw ${(error as ProtocolError).code}`;
    }
    if (actual !== expected) failures.push(`${line} → ${actual}`);
  }
  return failures;
}

describe('canonicalize', () => {
  it('sorts members by UTF-16 code units and drops insignificant whitespace', () => {
    expect(canonicalize({ b: 1, a: [true, false, null], '': 'x' })).toBe('{"":"x","a":[true,false,null],"b":1}');
    // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order, after it in code-point order.
    expect(canonicalize({ '\ufb33': 1, '\u{1f600}': 2 })).toBe('{"\u{1f600}":2,"\ufb33":1}');
  });

  it('escapes exactly what RFC 8785 §3.2.2.2 escapes', () => {
    for (let c = 0; c < 0x80; c++) {
      const text = String.fromCharCode(c);
      expect(canonicalize(text)).toBe(JSON.stringify(text));
    }
    expect(canonicalize('\u000f\u001f')).toBe('"\\u000f\\u001f"');
    expect(canonicalize('/\u007f\u2028\u{1f600}')).toBe('"/\u007f\u2028\u{1f600}"');
  });

  it('serialises numbers with ECMAScript Number::toString and -0 as 0', () => {
    expect(canonicalize([-0, 0, 1e21, 1e-7, 0.1, -1.5, 2 ** 53])).toBe('[0,0,1e+21,1e-7,0.1,-1.5,9007199254740992]');
  });

  it('drops undefined members and writes undefined elements and holes as null (as JSON.stringify)', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 3];
    expect(canonicalize({ a: undefined, b: [undefined, 1], c: sparse })).toBe('{"b":[null,1],"c":[1,null,3]}');
  });

  it('accepts null-prototype objects and keeps a "__proto__" member', () => {
    const object = Object.create(null) as Record<string, unknown>;
    object['__proto__'] = { x: 1 };
    object['constructor'] = 2;
    expect(canonicalize(object)).toBe('{"__proto__":{"x":1},"constructor":2}');
  });

  it('returns the UTF-8 bytes from canonicalBytes', () => {
    expect(bytesToHex(canonicalBytes({ '€': 'é' }))).toBe('7b22e282ac223a22c3a9227d');
  });

  describe('when a value has no JSON form', () => {
    it.each([
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity in an array', [Number.NEGATIVE_INFINITY]],
    ])('throws JCS_NON_FINITE_NUMBER for %s', (_name, value) => {
      expect(() => canonicalize(value)).toThrowWithCode('JCS_NON_FINITE_NUMBER');
    });

    it.each([
      ['a lone high surrogate', '\ud800'],
      ['a lone low surrogate', 'a\udc00b'],
      ['a reversed pair', '\ude00\ud83d'],
      ['a high surrogate at the end', 'x\ud83d'],
    ])('throws JCS_LONE_SURROGATE for %s in a value or a member name', (_name, text) => {
      expect(() => canonicalize(text)).toThrowWithCode('JCS_LONE_SURROGATE');
      expect(() => canonicalize({ [text]: 1 })).toThrowWithCode('JCS_LONE_SURROGATE');
    });

    it.each([
      ['a bigint', 1n],
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
      ['a Date', new Date(0)],
      ['a Map', new Map()],
      ['a boxed number', Object(1) as unknown],
      ['a class instance', new (class Point {})()],
      ['a typed array', new Uint8Array(1)],
      ['undefined at the root', undefined],
    ])('throws JCS_UNSUPPORTED_VALUE for %s', (_name, value) => {
      expect(() => canonicalize(value)).toThrowWithCode('JCS_UNSUPPORTED_VALUE');
    });

    it('rethrows a throwing getter or proxy trap as JCS_UNSUPPORTED_VALUE', () => {
      const getter = {
        get boom(): number {
          throw new TypeError('getter');
        },
      };
      const proxy = new Proxy(
        {},
        {
          ownKeys() {
            throw new RangeError('trap');
          },
        },
      );
      expect(() => canonicalize(getter)).toThrowWithCode('JCS_UNSUPPORTED_VALUE');
      expect(() => canonicalize(proxy)).toThrowWithCode('JCS_UNSUPPORTED_VALUE');
    });
  });

  describe('when nesting is deep', () => {
    it(`accepts ${MAX_DEPTH} nested containers and refuses ${MAX_DEPTH + 1} with JSON_TOO_DEEP`, () => {
      expect(() => canonicalize(nested(MAX_DEPTH))).not.toThrow();
      expect(() => canonicalize(nested(MAX_DEPTH + 1))).toThrowWithCode('JSON_TOO_DEEP');
    });

    it('stops a cyclic value with JSON_TOO_DEEP', () => {
      const cycle: Record<string, unknown> = {};
      cycle['self'] = cycle;
      expect(() => canonicalize(cycle)).toThrowWithCode('JSON_TOO_DEEP');
    });

    it('honours maxDepth up to MAX_DEPTH_LIMIT without exhausting the stack', () => {
      expect(() => canonicalize([[1]], { maxDepth: 1 })).toThrowWithCode('JSON_TOO_DEEP');
      expect(canonicalize(1, { maxDepth: 0 })).toBe('1');
      const deepest = nested(MAX_DEPTH_LIMIT);
      expect(canonicalize(deepest, { maxDepth: MAX_DEPTH_LIMIT })).toBe(referenceCanonicalize(deepest));
      expect(() => canonicalize(nested(MAX_DEPTH_LIMIT + 1), { maxDepth: MAX_DEPTH_LIMIT })).toThrowWithCode('JSON_TOO_DEEP');
    });

    it.each([-1, 1.5, Number.NaN, MAX_DEPTH_LIMIT + 1])('throws INVALID_ARGUMENT for maxDepth %s', (maxDepth) => {
      expect(() => canonicalize(1, { maxDepth })).toThrowWithCode('INVALID_ARGUMENT');
    });
  });

  describe('properties', () => {
    const values = fc.jsonValue({ stringUnit: 'binary', maxDepth: 8 });

    it('agrees with the naive JSON.stringify reference', () => {
      fc.assert(
        fc.property(values, (value) => {
          expect(canonicalize(value)).toBe(referenceCanonicalize(value));
        }),
        { numRuns: 300 },
      );
    });

    it('is idempotent through parseJsonStrict and JSON.parse', () => {
      fc.assert(
        fc.property(values, (value) => {
          const canonical = canonicalize(value);
          expect(canonicalize(parseJsonStrict(canonical))).toBe(canonical);
          expect(canonicalize(JSON.parse(canonical))).toBe(canonical);
        }),
        { numRuns: 300 },
      );
    });

    it('gives every finite double a form that parses back to the same double', () => {
      fc.assert(
        fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
          const parsed = parseJsonStrict(canonicalize(value));
          expect(parsed).toBe(Object.is(value, -0) ? 0 : value);
        }),
        { numRuns: 1000 },
      );
    });
  });
});

describeVectors('RFC 8785 vectors (jcs-rfc8785)', () => {
  describe('cyberphone testdata', () => {
    const names = readdirSync(vectorPath('jcs-rfc8785', 'testdata', 'input')).filter((name) => name.endsWith('.json'));

    it('has the six input files', () => {
      expect(names.sort()).toEqual(['arrays.json', 'french.json', 'structures.json', 'unicode.json', 'values.json', 'weird.json']);
    });

    it.each(names)('canonicalises %s to the output bytes (via JSON.parse and parseJsonStrict)', (name) => {
      const input = readFileSync(vectorPath('jcs-rfc8785', 'testdata', 'input', name), 'utf8');
      const output = new Uint8Array(readFileSync(vectorPath('jcs-rfc8785', 'testdata', 'output', name)));
      const outhex = readFileSync(vectorPath('jcs-rfc8785', 'testdata', 'outhex', name.replace('.json', '.txt')), 'utf8');
      expect(canonicalBytes(JSON.parse(input))).toEqual(output);
      expect(canonicalBytes(parseJsonStrict(input))).toEqual(output);
      expect(bytesToHex(output)).toBe(outhex.replace(/\s+/g, '').toLowerCase());
    });
  });

  describe('rfc8785-spec-examples.json', () => {
    interface NumberRow {
      ieee754Hex: string;
      json: string | null;
      comment: string;
    }
    interface MustError {
      desc: string;
      ieee754Hex?: string;
      jsonText?: string;
    }
    interface SpecExamples {
      appendixB_numberSamples: { rows: NumberRow[] };
      section3_2_2_sample: { input: string; canonical: string; canonicalUtf8Hex: string };
      section3_2_3_sortingTest: { input: string; expectedValueOrder: string[] };
      section3_2_3_simpleOrderExample: string[];
      mustError: MustError[];
    }
    const spec = readVectorJson<SpecExamples>('jcs-rfc8785', 'rfc8785-spec-examples.json');

    it('serialises every Appendix B number (and refuses NaN and Infinity)', () => {
      const rows = spec.appendixB_numberSamples.rows;
      expect(rows).toHaveLength(26);
      const failures: string[] = [];
      for (const row of rows) {
        const value = doubleFromHex(row.ieee754Hex);
        if (row.json === null) {
          try {
            canonicalize(value);
            failures.push(`${row.ieee754Hex} did not throw`);
          } catch (error) {
            if ((error as ProtocolError).code !== 'JCS_NON_FINITE_NUMBER') failures.push(`${row.ieee754Hex} wrong code`);
          }
        } else if (canonicalize(value) !== row.json) {
          failures.push(`${row.ieee754Hex}: ${canonicalize(value)} ≠ ${row.json}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('canonicalises the §3.2.2 sample to the §3.2.3 text and §3.2.4 bytes', () => {
      const sample = spec.section3_2_2_sample;
      expect(canonicalize(parseJsonStrict(sample.input))).toBe(sample.canonical);
      expect(bytesToHex(canonicalBytes(parseJsonStrict(sample.input)))).toBe(sample.canonicalUtf8Hex.replace(/ /g, ''));
    });

    it('sorts the §3.2.3 sorting test in the expected order', () => {
      const { input, expectedValueOrder } = spec.section3_2_3_sortingTest;
      const canonical = canonicalize(parseJsonStrict(input));
      const positions = expectedValueOrder.map((value) => canonical.indexOf(`"${value}"`));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });

    it('sorts the §3.2.3 simple order example', () => {
      const order = spec.section3_2_3_simpleOrderExample;
      const shuffled = Object.fromEntries([...order].reverse().map((key) => [key, 0]));
      expect(canonicalize(shuffled)).toBe(`{${order.map((key) => `${JSON.stringify(key)}:0`).join(',')}}`);
    });

    it('has the four mustError cases', () => {
      expect(spec.mustError).toHaveLength(4);
    });

    it.each(spec.mustError.map((entry) => [entry.desc, entry] as const))('errors: %s', (_desc, entry) => {
      if (entry.ieee754Hex !== undefined) {
        expect(() => canonicalize(doubleFromHex(entry.ieee754Hex as string))).toThrowWithCode('JCS_NON_FINITE_NUMBER');
        return;
      }
      const text = entry.jsonText as string;
      // The strict pipeline refuses every case, with a code that says why.
      let caught: unknown;
      try {
        canonicalize(parseJsonStrict(text));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ProtocolError);
      expect(['JSON_DUPLICATE_KEY', 'JCS_LONE_SURROGATE']).toContain((caught as ProtocolError).code);
    });

    it('makes the parser catch duplicates, which no JavaScript object can carry to canonicalize', () => {
      const duplicate = spec.mustError.find((entry) => entry.desc.includes('duplicate'));
      expect(duplicate?.jsonText).toBeDefined();
      expect(() => parseJsonStrict(duplicate?.jsonText as string)).toThrowWithCode('JSON_DUPLICATE_KEY');
    });

    it('makes both the parser and canonicalize catch a lone surrogate', () => {
      const lone = spec.mustError.find((entry) => entry.desc.includes('surrogate'));
      expect(lone?.jsonText).toBeDefined();
      expect(() => parseJsonStrict(lone?.jsonText as string)).toThrowWithCode('JCS_LONE_SURROGATE');
      expect(() => canonicalize(JSON.parse(lone?.jsonText as string))).toThrowWithCode('JCS_LONE_SURROGATE');
    });
  });

  describe('ES6 number serialisation files', () => {
    it('serialises all 10,000 lines of es6testfile_10k.txt (published SHA-256 checked)', () => {
      const text = readFileSync(vectorPath('jcs-rfc8785', 'es6testfile_10k.txt'), 'utf8');
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(10_000);
      // testdata/README.md: SHA-256 of the first 1,000 and 10,000 lines of the generated sequence.
      expect(sha256Hex(`${lines.slice(0, 1000).join('\n')}\n`)).toBe('be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687');
      expect(sha256Hex(text)).toBe('b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892');
      expect(failingNumberLines(lines)).toEqual([]);
    });

    it('serialises all 100,000 lines of es6testfile_100k.txt.gz (published SHA-256 checked)', () => {
      const text = gunzipSync(readFileSync(vectorPath('jcs-rfc8785', 'es6testfile_100k.txt.gz'))).toString('utf8');
      expect(sha256Hex(text)).toBe('22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7');
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(100_000);
      expect(failingNumberLines(lines)).toEqual([]);
    });
  });
});

describe('canonicalize when the keys are already in order', () => {
  // serializeObject skips the sort for keys already in UTF-16 order (every canonical entry): the
  // shortcut must give the same bytes as sorting, whatever order the keys arrive in.
  it('gives the same bytes for every insertion order', () => {
    const keys = ['b', 'a', '10', '9', 'é', 'Z', '\u{1F600}', '\uFB33', ''];
    const expected = canonicalize(Object.fromEntries([...keys].sort().map((k) => [k, k])));
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: keys.length }), (order) => {
        expect(canonicalize(Object.fromEntries(order.map((k) => [k, k])))).toBe(expected);
      }),
    );
  });

  it('sorts integer-like keys as strings, not in the order Object.keys gives them', () => {
    expect(canonicalize({ 9: 0, 10: 0, a: 0 })).toBe('{"10":0,"9":0,"a":0}');
  });
});
