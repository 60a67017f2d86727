import { describe, expect, it } from 'vitest';
import { parseArgs, type ArgsSpec } from '../../src/cli/args.ts';

const SPEC: ArgsSpec = {
  options: [
    { name: 'key', kind: 'string', multiple: true, required: true, description: 'k' },
    { name: 'out', kind: 'string', description: 'o' },
    { name: 'json', kind: 'boolean', description: 'j' },
  ],
  positionals: [
    { name: 'file', description: 'f' },
    { name: 'extra', description: 'e', required: false },
  ],
};

describe('parseArgs', () => {
  it('reads repeated, single and boolean options and positionals in any order', () => {
    const args = parseArgs(['a.txt', '--key', 'k1', '--json', '--key=k2', '--out', 'x', 'b'], SPEC);
    expect(args.strings('key')).toEqual(['k1', 'k2']);
    expect(args.string('out')).toBe('x');
    expect(args.flag('json')).toBe(true);
    expect(args.positionals).toEqual(['a.txt', 'b']);
  });

  it('treats "-" as a positional and everything after "--" as positionals', () => {
    expect(parseArgs(['--key', 'k', '-'], SPEC).positionals).toEqual(['-']);
    expect(parseArgs(['--key', 'k', '--', '--json'], SPEC).positionals).toEqual(['--json']);
  });

  it('accepts a value starting with "--" only in the --name=value form', () => {
    expect(parseArgs(['--key=--odd', 'f'], SPEC).strings('key')).toEqual(['--odd']);
  });

  it('reports --help without validating the rest', () => {
    // The required --key and the positional are missing, yet this is not a usage error.
    expect(parseArgs(['-h'], SPEC).help).toBe(true);
    expect(parseArgs(['a', 'b', 'c', '--help'], SPEC).help).toBe(true);
  });

  describe('when the arguments are wrong', () => {
    it.each([
      ['an unknown option', ['--key', 'k', '--nope', 'f']],
      ['an unknown short option', ['--key', 'k', '-x', 'f']],
      ['a missing value at the end', ['f', '--key']],
      ['a missing value before another option', ['--key', '--json', 'f']],
      ['a value given to a boolean', ['--key', 'k', '--json=yes', 'f']],
      ['a repeated boolean', ['--key', 'k', '--json', '--json', 'f']],
      ['a repeated single option', ['--key', 'k', '--out', 'a', '--out', 'b', 'f']],
      ['a missing required option', ['f']],
      ['a missing positional', ['--key', 'k']],
      ['too many positionals', ['--key', 'k', 'a', 'b', 'c']],
    ])('throws USAGE for %s', (_, argv) => {
      expect(() => parseArgs(argv, SPEC)).toThrowWithCode('USAGE');
    });
  });
});
