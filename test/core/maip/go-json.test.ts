import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/core/jcs.ts';
import { compareGoStrings, encodeGoCanonicalJson, encodeGoString } from '../../../src/core/maip/go-json.ts';
import { formatGoFloat64 } from '../../../src/core/maip/go-float.ts';

// Expected strings below are what Go's encoding/json (json.Marshal of a float64 / string, Go 1.22+)
// writes, per maip-formats §6.3 and the floatEncoder / appendString rules of the Go source.

describe('formatGoFloat64', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-1.5, '-1.5'],
    [0.1, '0.1'],
    [3, '3'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [-1e21, '-1e+21'],
    [1.5e300, '1.5e+300'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1e-6, '0.000001'],
    [1e-7, '1e-7'],
    [1.5e-7, '1.5e-7'],
    [-2.5e-9, '-2.5e-9'],
    [1e-10, '1e-10'],
    [5e-324, '5e-324'],
    [Number('12345678901234567890'), '12345678901234567000'], // beyond 2^53: Go signs the float64
    [Number('9007199254740993'), '9007199254740992'],
    [123456789012345680000, '123456789012345680000'],
    [0.000123, '0.000123'],
  ])('writes %s as %s', (value, expected) => {
    expect(formatGoFloat64(value)).toBe(expected);
  });

  it('throws GO_JSON_UNSUPPORTED_VALUE for NaN and infinities', () => {
    expect(() => formatGoFloat64(Number.NaN)).toThrowWithCode('GO_JSON_UNSUPPORTED_VALUE');
    expect(() => formatGoFloat64(Number.POSITIVE_INFINITY)).toThrowWithCode('GO_JSON_UNSUPPORTED_VALUE');
    expect(() => formatGoFloat64(Number.NEGATIVE_INFINITY)).toThrowWithCode('GO_JSON_UNSUPPORTED_VALUE');
  });

  // Naive reference: ECMAScript Number::toString uses the same shortest digits and, as it happens,
  // the same thresholds (fixed for 1e-6 <= |x| < 1e21) and exponent style as Go's encoder; the one
  // difference is -0, which Go writes as "-0".
  it('agrees with the ECMAScript number printer except for -0', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(formatGoFloat64(x)).toBe(Object.is(x, -0) ? '-0' : String(x));
        expect(Number(formatGoFloat64(x))).toBe(x);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('encodeGoString', () => {
  it('escapes <, > and & as Go does by default (HTML-safe)', () => {
    expect(encodeGoString('a<b>c&d')).toBe('"a\\u003cb\\u003ec\\u0026d"');
  });

  it('escapes U+2028 and U+2029', () => {
    expect(encodeGoString('x\u2028y\u2029z')).toBe('"x\\u2028y\\u2029z"');
  });

  it('writes \\n \\r \\t \\" \\\\ short and other controls as lowercase \\u00xx', () => {
    expect(encodeGoString('\n\r\t"\\')).toBe('"\\n\\r\\t\\"\\\\"');
    expect(encodeGoString('\u0000\u0001\u000b\u001f')).toBe('"\\u0000\\u0001\\u000b\\u001f"');
  });

  it('leaves DEL, "/" and non-ASCII characters raw', () => {
    expect(encodeGoString('\u007f/Zürich😀')).toBe('"\u007f/Zürich😀"');
  });

  describe('when the text has \\b or \\f', () => {
    it('uses \\b and \\f for Go 1.22 and later (the default)', () => {
      expect(encodeGoString('\b\f')).toBe('"\\b\\f"');
      expect(encodeGoString('\b\f', { escapes: 'go1.22' })).toBe('"\\b\\f"');
    });

    it('uses \\u0008 and \\u000c for Go 1.21 and earlier', () => {
      expect(encodeGoString('\b\f', { escapes: 'go1.21' })).toBe('"\\u0008\\u000c"');
    });
  });

  it('writes a lone surrogate as a raw U+FFFD (what Go decoded it to)', () => {
    expect(encodeGoString('a\ud800b\udc00')).toBe('"a\ufffdb\ufffd"');
    expect(encodeGoString('\ud83d\ude00')).toBe('"😀"');
  });
});

describe('compareGoStrings', () => {
  it('orders by code point (UTF-8 bytes), not UTF-16 units', () => {
    // U+FB33 is one UTF-16 unit above the surrogate D83D of U+1F600, but below it as a code point.
    expect(compareGoStrings('\ufb33', '😀')).toBeLessThan(0);
    expect(compareGoStrings('😀', '\ufb33')).toBeGreaterThan(0);
    expect(compareGoStrings('a', 'ab')).toBeLessThan(0);
    expect(compareGoStrings('b', 'b')).toBe(0);
  });

  it('matches a byte-wise comparison of the UTF-8 encodings', () => {
    const encoder = new TextEncoder();
    const byteOrder = (a: string, b: string): number => {
      const x = encoder.encode(a);
      const y = encoder.encode(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareGoStrings(a, b))).toBe(Math.sign(byteOrder(a, b)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('encodeGoCanonicalJson', () => {
  it('sorts keys by UTF-8 bytes: U+FB33 before 😀, the other way from RFC 8785', () => {
    const value = { '😀': 1, '\ufb33': 2 };
    expect(encodeGoCanonicalJson(value)).toBe('{"\ufb33":2,"😀":1}');
    expect(canonicalize(value)).toBe('{"😀":1,"\ufb33":2}');
  });

  it('keeps array order, recurses into members, and writes null, booleans and numbers like Go', () => {
    const value = { b: [3, 1, 2], a: { z: null, y: true, x: false }, c: -0, d: 1e21, e: 1e-7 };
    expect(encodeGoCanonicalJson(value)).toBe('{"a":{"x":false,"y":true,"z":null},"b":[3,1,2],"c":-0,"d":1e+21,"e":1e-7}');
  });

  it('escapes keys like values', () => {
    expect(encodeGoCanonicalJson({ '<k>': '&' })).toBe('{"\\u003ck\\u003e":"\\u0026"}');
  });

  it('accepts objects with a null prototype (what the strict parser returns)', () => {
    const value = Object.create(null) as Record<string, unknown>;
    value['__proto__'] = 1;
    expect(encodeGoCanonicalJson(value)).toBe('{"__proto__":1}');
  });

  it('differs from RFC 8785 only where §6.3 says (ASCII without <>& is identical)', () => {
    const value = { receipt_id: 'rcpt_1', n: 42, list: ['a', 'b'], nested: { k: 'v', a: 0.5 } };
    expect(encodeGoCanonicalJson(value)).toBe(canonicalize(value));
  });

  describe('when the value has no Go JSON form', () => {
    it.each([
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['a bigint', 1n],
      ['undefined', undefined],
      ['a Date', new Date(0)],
      ['a Map', new Map()],
    ])('throws GO_JSON_UNSUPPORTED_VALUE for %s', (_name, value) => {
      expect(() => encodeGoCanonicalJson({ v: value })).toThrowWithCode('GO_JSON_UNSUPPORTED_VALUE');
    });

    it('throws GO_JSON_UNSUPPORTED_VALUE when two keys collide once lone surrogates become U+FFFD', () => {
      expect(() => encodeGoCanonicalJson({ '\ud800': 1, '\ud801': 2 })).toThrowWithCode('GO_JSON_UNSUPPORTED_VALUE');
    });

    it('throws JSON_TOO_DEEP beyond the nesting limit', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 300; i++) deep = [deep];
      expect(() => encodeGoCanonicalJson(deep)).toThrowWithCode('JSON_TOO_DEEP');
    });
  });
});
