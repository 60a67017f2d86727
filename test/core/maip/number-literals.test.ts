import { describe, expect, it } from 'vitest';
import { collectNumberLiterals, toPointer } from '../../../src/core/maip/number-literals.ts';

describe('collectNumberLiterals', () => {
  it('returns the literal text of the selected numbers by JSON Pointer', () => {
    const text = '{"a": 1.0, "b": [2, {"c": -3e0}], "d\\u0022": 4, "e": "5", "f": true, "g": null}';
    const all = collectNumberLiterals(text, () => true);
    expect([...all]).toEqual([
      ['/a', '1.0'],
      ['/b/0', '2'],
      ['/b/1/c', '-3e0'],
      ['/d"', '4'],
    ]);
  });

  it('only keeps the paths the selector accepts, with array indices as numbers', () => {
    const text = '{"chain": [{"depth": 1}, {"depth": 2E+0, "x": 9}]}';
    const found = collectNumberLiterals(text, (path) => path[0] === 'chain' && typeof path[1] === 'number' && path[2] === 'depth');
    expect([...found]).toEqual([
      ['/chain/0/depth', '1'],
      ['/chain/1/depth', '2E+0'],
    ]);
  });

  it('is not confused by brackets, colons and escaped quotes inside strings', () => {
    const text = '{"s": "x\\"]}:,{[", "n": 7}';
    expect([...collectNumberLiterals(text, () => true)]).toEqual([['/n', '7']]);
  });
});

describe('toPointer', () => {
  it('escapes ~ and / (RFC 6901 §3)', () => {
    expect(toPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
    expect(toPointer([])).toBe('');
  });
});
