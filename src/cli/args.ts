/**
 * A strict command-line parser (no dependency). Policy: options are long (`--name value` or
 * `--name=value`; `-h` is the only short one); an unknown option, a missing value, a value given
 * to a boolean option, a repeated single-valued option, a missing required option and a wrong
 * number of positionals are all usage errors (CliError USAGE, exit 2). `--` ends the options.
 * A value may not start with "--" unless written `--name=--value`.
 */
import { CliError } from './cli-error.ts';

export interface OptionSpec {
  /** Long name without the dashes. */
  readonly name: string;
  readonly kind: 'string' | 'boolean';
  /** May be given several times (string options only). */
  readonly multiple?: boolean;
  readonly required?: boolean;
  /** Placeholder in help, e.g. "<vkey>". */
  readonly valueName?: string;
  readonly description: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  /** Default true. */
  readonly required?: boolean;
}

export interface ArgsSpec {
  readonly options: readonly OptionSpec[];
  readonly positionals: readonly PositionalSpec[];
}

export interface ParsedArgs {
  /** True when --help / -h was given (nothing else is validated then). */
  readonly help: boolean;
  readonly positionals: readonly string[];
  /** All values of a string option, in order. */
  strings(name: string): readonly string[];
  /** The value of a single-valued string option, if given. */
  string(name: string): string | undefined;
  /** Whether a boolean option was given. */
  flag(name: string): boolean;
}

/** Parses `argv` (the words after the command name) against `spec`. Throws CliError USAGE. */
export function parseArgs(argv: readonly string[], spec: ArgsSpec): ParsedArgs {
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  let help = false;
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (optionsEnded || word === '-' || !word.startsWith('-')) {
      positionals.push(word);
      continue;
    }
    if (word === '--') {
      optionsEnded = true;
      continue;
    }
    if (word === '--help' || word === '-h') {
      help = true;
      continue;
    }
    if (!word.startsWith('--')) throw usage(`unknown option ${word}`);
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const option = byName.get(name);
    if (option === undefined) throw usage(`unknown option --${name}`);
    if (option.kind === 'boolean') {
      if (eq >= 0) throw usage(`--${name} takes no value`);
      if (flags.has(name)) throw usage(`--${name} given twice`);
      flags.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) value = word.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw usage(`--${name} needs a value`);
      value = next;
      i++;
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !option.multiple) throw usage(`--${name} given twice`);
    list.push(value);
    values.set(name, list);
  }
  const parsed: ParsedArgs = {
    help,
    positionals,
    strings: (name) => values.get(name) ?? [],
    string: (name) => values.get(name)?.[0],
    flag: (name) => flags.has(name),
  };
  if (help) return parsed;
  for (const option of spec.options) {
    if (option.required && !values.has(option.name)) throw usage(`--${option.name} is required`);
  }
  const min = spec.positionals.filter((p) => p.required ?? true).length;
  if (positionals.length < min) throw usage(`missing ${spec.positionals[positionals.length]?.name ?? 'argument'}`);
  if (positionals.length > spec.positionals.length) throw usage(`unexpected argument ${JSON.stringify(positionals[spec.positionals.length])}`);
  return parsed;
}

function usage(message: string): CliError {
  return new CliError('USAGE', message);
}
