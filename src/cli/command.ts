/** The shape of one `warden <group> <command>`: its arguments, its help and its body. */
import type { ArgsSpec, ParsedArgs } from './args.ts';
import type { CliIo } from './io.ts';

export interface CliCommand {
  /** First word, e.g. "checkpoint". */
  readonly group: string;
  /** Second word, e.g. "verify". */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Extra help paragraphs (exit codes, examples). */
  readonly details?: string;
  readonly args: ArgsSpec;
  /**
   * Runs with validated arguments and returns the exit code. May throw CliError or ProtocolError;
   * the router prints them as `warden: <CODE>: <message>` and picks the exit code.
   */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
