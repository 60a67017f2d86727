import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localInputToIso, parseIndexInput, prettyJson } from '../../../src/renderer/log/log-format.ts';

describe('prettyJson', () => {
  it('indents JSON that parses to the same value, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const compact = JSON.stringify(value);
        const pretty = prettyJson(compact);
        expect(pretty).not.toBeNull();
        expect(JSON.parse(pretty!)).toEqual(JSON.parse(compact));
        // Only whitespace outside strings changed: removing it gives the exact bytes back.
        expect(prettyJson(pretty!)).toBe(pretty);
      }),
    );
  });

  it('copies number tokens exactly (no rounding of large integers)', () => {
    const text = '{"size":12345678901234567890,"x":1e400,"s":"a,b:{c}"}';
    expect(prettyJson(text)).toBe('{\n  "size": 12345678901234567890,\n  "x": 1e400,\n  "s": "a,b:{c}"\n}');
  });

  it('keeps escaped quotes inside strings', () => {
    expect(prettyJson('["a\\"]",{}]')).toBe('[\n  "a\\"]",\n  {}\n]');
  });

  describe('when the text is not balanced JSON', () => {
    it('returns null', () => {
      for (const bad of ['{', '{"a":1]', '"open', '}', '1,2']) expect(prettyJson(bad)).toBeNull();
    });
  });
});

describe('localInputToIso', () => {
  it('turns a local input value into RFC 3339 UTC', () => {
    const iso = localInputToIso('2026-11-26T10:05');
    expect(iso).toBe(new Date(2026, 10, 26, 10, 5).toISOString().replace('.000Z', 'Z'));
  });

  it('returns null for empty or malformed values', () => {
    for (const bad of ['', '2026-11-26', 'yesterday', '2026-13-45T99:99']) expect(localInputToIso(bad)).toBeNull();
  });
});

describe('parseIndexInput', () => {
  it('accepts whole numbers with group separators', () => {
    expect(parseIndexInput(' 42,118 ')).toBe(42118);
    expect(parseIndexInput('0')).toBe(0);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '-1', '1.5', '01', 'abc', '99999999999999999']) expect(parseIndexInput(bad)).toBeNull();
  });
});
