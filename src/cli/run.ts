/**
 * The command router: `warden <group> <command> [options]`. Resolves the command from the table,
 * parses its arguments strictly, runs it, and turns every error into one stderr line
 * `warden: <CODE>: <message>` and an exit code (see cli-error.ts).
 */
import { parseArgs } from './args.ts';
import { CliError, describeError, EXIT_OK, EXIT_USAGE, formatErrorLine } from './cli-error.ts';
import type { CliCommand } from './command.ts';
import { COMMANDS, GROUP_SUMMARIES } from './commands.ts';
import { formatCommandHelp, formatGroupHelp, formatTopHelp } from './help.ts';
import type { CliIo } from './io.ts';

const isHelp = (word: string | undefined): boolean => word === '--help' || word === '-h';

/** Runs the CLI on `argv` (without the node and script paths) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [group, name, ...rest] = argv;
  if (isHelp(group)) {
    io.stdout(formatTopHelp(commands, GROUP_SUMMARIES));
    return EXIT_OK;
  }
  if (group === undefined) {
    io.stderr(formatTopHelp(commands, GROUP_SUMMARIES));
    return EXIT_USAGE;
  }
  const inGroup = commands.filter((c) => c.group === group);
  if (inGroup.length === 0) return fail(io, new CliError('USAGE', `unknown command "${group}" (run "warden --help")`));
  // A one-word command (e.g. `warden sync`) is registered with an empty name.
  const single = inGroup.find((c) => c.name === '');
  if (single !== undefined) return runCommand(single, argv.slice(1), io, group);
  if (isHelp(name)) {
    io.stdout(formatGroupHelp(group, inGroup));
    return EXIT_OK;
  }
  if (name === undefined) {
    io.stderr(formatGroupHelp(group, inGroup));
    return EXIT_USAGE;
  }
  const command = inGroup.find((c) => c.name === name);
  if (command === undefined) return fail(io, new CliError('USAGE', `unknown command "${group} ${name}" (run "warden ${group} --help")`));
  return runCommand(command, rest, io, `${group} ${name}`);
}

async function runCommand(command: CliCommand, rest: readonly string[], io: CliIo, words: string): Promise<number> {
  try {
    const args = parseArgs(rest, command.args);
    if (args.help) {
      io.stdout(formatCommandHelp(command));
      return EXIT_OK;
    }
    return await command.run(args, io);
  } catch (error) {
    const code = fail(io, error);
    if (error instanceof CliError && error.code === 'USAGE') io.stderr(`Run "warden ${words} --help" for usage.\n`);
    return code;
  }
}

function fail(io: CliIo, error: unknown): number {
  const { code, message, exitCode } = describeError(error);
  io.stderr(formatErrorLine(code, message));
  return exitCode;
}
