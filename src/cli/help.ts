/** Help and usage texts, derived from the command table so that they never drift. */
import type { CliCommand } from './command.ts';

export function formatTopHelp(commands: readonly CliCommand[], groups: Readonly<Record<string, string>>): string {
  const lines = ['Usage: warden <group> <command> [options]', '', 'Commands:'];
  const words = (c: CliCommand): string => `${c.group} ${c.name}`.trimEnd();
  const width = Math.max(...commands.map((c) => words(c).length));
  for (const c of commands) lines.push(`  ${words(c).padEnd(width)}  ${c.summary}`);
  const groupNames = [...new Set(commands.map((c) => c.group))];
  if (groupNames.some((g) => groups[g] !== undefined)) {
    lines.push('', 'Groups:');
    for (const g of groupNames) if (groups[g] !== undefined) lines.push(`  ${g.padEnd(width)}  ${groups[g]}`);
  }
  lines.push(
    '',
    'Run "warden <group> <command> --help" for the options of a command.',
    'Exit codes: 0 ok, 1 evidence failed, 2 usage error or unreadable input.',
  );
  return `${lines.join('\n')}\n`;
}

export function formatGroupHelp(group: string, commands: readonly CliCommand[]): string {
  const lines = [`Usage: warden ${group} <command> [options]`, '', 'Commands:'];
  const width = Math.max(...commands.map((c) => c.name.length));
  for (const c of commands) lines.push(`  ${c.name.padEnd(width)}  ${c.summary}`);
  return `${lines.join('\n')}\n`;
}

export function formatCommandHelp(command: CliCommand): string {
  const { options, positionals } = command.args;
  const synopsis = [
    `warden ${command.group} ${command.name}`.trimEnd(),
    ...options.map((o) => {
      const word = o.kind === 'boolean' ? `--${o.name}` : `--${o.name} ${o.valueName ?? '<value>'}`;
      const repeated = o.multiple ? ` [${word}…]` : '';
      return o.required ? `${word}${repeated}` : `[${word}]`;
    }),
    ...positionals.map((p) => ((p.required ?? true) ? `<${p.name}>` : `[<${p.name}>]`)),
  ].join(' ');
  const rows: [string, string][] = [
    ...positionals.map((p): [string, string] => [`<${p.name}>`, p.description]),
    ...options.map((o): [string, string] => [o.kind === 'boolean' ? `--${o.name}` : `--${o.name} ${o.valueName ?? '<value>'}`, o.description]),
    ['-h, --help', 'Show this help.'],
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = [`Usage: ${synopsis}`, '', command.summary, '', 'Arguments and options:'];
  for (const [left, right] of rows) lines.push(`  ${left.padEnd(width)}  ${right}`);
  if (command.details !== undefined) lines.push('', command.details.trimEnd());
  return `${lines.join('\n')}\n`;
}
