import { describe, expect, it } from 'vitest';
import { CliError, EXIT_EVIDENCE_FAILED, EXIT_USAGE } from '../../src/cli/cli-error.ts';
import type { CliCommand } from '../../src/cli/command.ts';
import { COMMANDS } from '../../src/cli/commands.ts';
import { runCli } from '../../src/cli/run.ts';
import { ProtocolError } from '../../src/core/errors.ts';
import { captureIo } from './helpers.ts';


const probe = (behaviour: () => number): CliCommand => ({
  group: 'test',
  name: 'probe',
  summary: 'A probe.',
  args: { options: [{ name: 'flag', kind: 'boolean', description: 'f' }], positionals: [] },
  run: () => Promise.resolve(behaviour()),
});

describe('runCli', () => {
  it('registers checkpoint verify in the command table', () => {
    expect(COMMANDS.map((c) => `${c.group} ${c.name}`)).toContain('checkpoint verify');
  });

  it('returns the command exit code', async () => {
    const io = captureIo({ noInput: true });
    expect(await runCli(['test', 'probe', '--flag'], io, [probe(() => 0)])).toBe(0);
  });

  describe('when the command throws', () => {
    it.each([
      ['an evidence failure', new ProtocolError('NOTE_BAD_SIGNATURE', 'bad'), EXIT_EVIDENCE_FAILED, 'warden: NOTE_BAD_SIGNATURE: bad\n'],
      ['a malformed input', new ProtocolError('NOTE_MALFORMED', 'junk'), EXIT_USAGE, 'warden: NOTE_MALFORMED: junk\n'],
      ['a CLI error', new CliError('INPUT_UNREADABLE', 'gone'), EXIT_USAGE, 'warden: INPUT_UNREADABLE: gone\n'],
      ['a bug', new TypeError('oops\nsecond line'), EXIT_USAGE, 'warden: INTERNAL_ERROR: oops second line\n'],
    ])('prints one line and exits with the right code for %s', async (_, error, code, line) => {
      const io = captureIo({ noInput: true });
      const command = probe(() => {
        throw error;
      });
      expect(await runCli(['test', 'probe'], io, [command])).toBe(code);
      expect(io.err).toBe(line);
      expect(io.out).toBe('');
    });
  });

  it('prints help on stdout for --help at every level', async () => {
    for (const argv of [['--help'], ['test', '--help'], ['test', 'probe', '--help'], ['test', 'probe', '-h']]) {
      const io = captureIo({ noInput: true });
      expect(await runCli(argv, io, [probe(() => 0)])).toBe(0);
      expect(io.out).toMatch(/^Usage: warden/);
    }
  });

  it('prints usage on stderr with exit 2 for no command, a bare group, unknown names and bad options', async () => {
    for (const argv of [[], ['test'], ['nope'], ['test', 'nope'], ['test', 'probe', '--nope']]) {
      const io = captureIo({ noInput: true });
      expect(await runCli(argv, io, [probe(() => 0)])).toBe(EXIT_USAGE);
      expect(io.err).not.toBe('');
      expect(io.out).toBe('');
    }
  });
});
