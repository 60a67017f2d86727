/**
 * `warden registry simulate --registry <url> (--db <file> | --token <t> --admin-key <file>)
 *   [--agents N] [--days D] [--rate R] [--seed <text>] [--max-seconds S] [--concurrency C]
 *   [--batch B] [--allow-remote] [--json]`
 *
 * Drives a running registry with realistic traffic (src/server/simulate). Progress goes to stderr
 * once a second; the summary to stdout (a table, or one JSON object with --json). Exit 0 when every
 * request was accepted (also after Ctrl-C or the time limit: the stop is clean), 1 when the registry
 * refused some requests (counted by code in the summary), 2 for bad arguments, unusable credentials
 * or an unreachable registry.
 */
import { randomBytes } from 'node:crypto';
import { isProtocolError } from '../../core/errors.ts';
import { CliError, EXIT_EVIDENCE_FAILED, EXIT_OK } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { positiveInt, withCancellation } from '../replica-support.ts';
import type { SimulationProgress, SimulationSummary } from '../../server/simulate/index.ts';

const MAX_AGENTS = 1_000_000;
const MAX_DAYS = 100_000;
const MAX_RATE = 1_000_000;
const MAX_SECONDS = 86_400;

function bounded(value: number | undefined, fallback: number, max: number, name: string): number {
  const n = value ?? fallback;
  if (n > max) throw new CliError('USAGE', `--${name} is at most ${max}`);
  return n;
}

function formatProgress(p: SimulationProgress): string {
  const phase = p.phase === 'register' ? `registering (${p.agentsRegistered} agents)` : `rounds ${p.roundsDone}/${p.roundsPlanned}`;
  return `simulate: ${p.elapsedSeconds.toFixed(0)} s, ${p.entries} entries, ${Math.round(p.recentRate)}/s, ${phase}\n`;
}

function formatSummary(s: SimulationSummary): string {
  const rows: [string, string][] = [
    ['stopped', s.stopped],
    ['registry', `${s.registry} (${s.origin})`],
    ['tenant', s.tenant],
    ['seed', s.seed],
    ['agents', `${s.agents.registered} of ${s.agents.planned} registered (${s.agents.delegated} delegated)`],
    ['rounds', `${s.rounds.done} of ${s.rounds.planned}`],
    ['entries', `${s.entries} in ${s.elapsed_seconds} s (${s.entries_per_second}/s)`],
    ...Object.entries(s.entries_by_type).map(([type, n]): [string, string] => [`  ${type}`, String(n)]),
    ['automatic suspensions', String(s.automatic_suspensions)],
    ['tree size', `${s.tree_size_before} -> ${s.tree_size_after}`],
    ['requests', `${s.requests} (${s.throttled} throttled and retried)`],
    ['refused statements', String(s.refused_statements)],
    ...Object.entries(s.errors).map(([code, n]): [string, string] => [`  error ${code}`, String(n)]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

async function simulate(args: Parameters<CliCommand['run']>[0], io: CliIo): Promise<number> {
  const agents = bounded(positiveInt(args.string('agents'), 'agents'), 100, MAX_AGENTS, 'agents');
  const days = bounded(positiveInt(args.string('days'), 'days'), 7, MAX_DAYS, 'days');
  const rate = bounded(positiveInt(args.string('rate'), 'rate'), 1000, MAX_RATE, 'rate');
  const maxSeconds = bounded(positiveInt(args.string('max-seconds'), 'max-seconds'), 600, MAX_SECONDS, 'max-seconds');
  const concurrency = bounded(positiveInt(args.string('concurrency'), 'concurrency'), 6, 64, 'concurrency');
  const batch = args.string('batch') === undefined ? undefined : bounded(positiveInt(args.string('batch'), 'batch'), 1, 10_000, 'batch');
  const seed = args.string('seed') ?? randomBytes(8).toString('hex');
  const json = args.flag('json');
  // Loaded on use: other commands should not pay for importing the server's modules.
  const { checkRegistryUrl, loadCredentials, runSimulation } = await import('../../server/simulate/index.ts');
  let registry: URL;
  let credentials;
  try {
    registry = checkRegistryUrl(args.string('registry') as string, args.flag('allow-remote'));
    const db = args.string('db');
    const token = args.string('token');
    const adminKeyFile = args.string('admin-key');
    credentials = loadCredentials({ ...(db === undefined ? {} : { db }), ...(token === undefined ? {} : { token }), ...(adminKeyFile === undefined ? {} : { adminKeyFile }) });
  } catch (error) {
    if (isProtocolError(error)) throw new CliError('USAGE', error.message);
    throw error;
  }
  let summary: SimulationSummary;
  try {
    summary = await withCancellation((signal) =>
      runSimulation({
        registry,
        credentials,
        agents,
        days,
        rate,
        seed,
        maxSeconds,
        concurrency,
        ...(batch === undefined ? {} : { batchSize: batch }),
        signal,
        onProgress: (p) => io.stderr(formatProgress(p)),
      }),
    );
  } catch (error) {
    if (error instanceof Error && !(error instanceof CliError)) throw new CliError('INPUT_UNREADABLE', error.message, { cause: error });
    throw error;
  }
  io.stdout(json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
  return summary.ok ? EXIT_OK : EXIT_EVIDENCE_FAILED;
}

export const registrySimulateCommand: CliCommand = {
  group: 'registry',
  name: 'simulate',
  summary: 'Drive a running registry with realistic traffic (load, large logs).',
  details: [
    'Registers --agents agents in the tenant of the admin key (about a third as delegates), then',
    'runs --days activity rounds per agent at about --rate statements per second: sessions',
    '(challenge-response), trust signals (with sudden drops that suspend automatically), key',
    'rotations, scope changes and metadata updates. Bulk statements go through POST /v1/statements.',
    '',
    'A "day" is one round of activity per agent, NOT a backdated day: the registry refuses',
    'statements more than 5 minutes from its clock, so all entries carry the current time and the',
    'simulated days are compressed into the run.',
    '',
    'Credentials: --db <file> reads <file>.keys/operator.token and <file>.keys/bootstrap-admin.json',
    '(the registry\'s own keys folder); or give --token and --admin-key. Only loopback registries are',
    'accepted unless --allow-remote. Keys derive from --seed (printed in the summary), so a run can be',
    'repeated against a fresh registry. The run stops by itself after --max-seconds; Ctrl-C stops it',
    'cleanly (in-flight requests finish, the summary is printed).',
    '',
    'Exit codes: 0 every request accepted, 1 some requests refused (see errors), 2 usage or unreachable.',
    '',
    'Example:',
    '  warden registry simulate --registry http://127.0.0.1:8080 --db registry.db --agents 10000 --days 100 --rate 15000',
  ].join('\n'),
  args: {
    options: [
      { name: 'registry', kind: 'string', required: true, valueName: '<url>', description: 'The running registry (loopback unless --allow-remote).' },
      { name: 'db', kind: 'string', valueName: '<file>', description: "The registry's database: its keys folder holds the token and admin key." },
      { name: 'token', kind: 'string', valueName: '<token>', description: 'The operator token (instead of --db).' },
      { name: 'admin-key', kind: 'string', valueName: '<file>', description: 'An enrolled admin key file, warden.admin-key/v1 (instead of --db).' },
      { name: 'agents', kind: 'string', valueName: '<N>', description: 'Agents to register (default 100).' },
      { name: 'days', kind: 'string', valueName: '<D>', description: 'Activity rounds per agent (default 7).' },
      { name: 'rate', kind: 'string', valueName: '<R>', description: 'Target statements per second (default 1000).' },
      { name: 'seed', kind: 'string', valueName: '<text>', description: 'Seed of keys, ids and choices (default random).' },
      { name: 'max-seconds', kind: 'string', valueName: '<S>', description: 'Stop after this long (default 600).' },
      { name: 'concurrency', kind: 'string', valueName: '<C>', description: 'Concurrent batch requests (default 6).' },
      { name: 'batch', kind: 'string', valueName: '<B>', description: 'Statements per batch request (default from --rate).' },
      { name: 'allow-remote', kind: 'boolean', description: 'Allow a registry that is not on a loopback address.' },
      { name: 'json', kind: 'boolean', description: 'Print the summary as one JSON object.' },
    ],
    positionals: [],
  },
  run: simulate,
};
