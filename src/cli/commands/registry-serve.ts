/**
 * `warden registry serve --db <file> [--host 127.0.0.1] [--port <p>] [--demo]`
 *
 * Runs the reference registry server (src/server) until SIGINT or SIGTERM, then shuts down
 * gracefully (in-flight requests finish, queued appends are committed, a final checkpoint is
 * signed). Prints, one per line on stdout, `listening: <url>`, `origin: <origin>` and
 * `log-key: <C2SP vkey>`; logs go to stderr. Exit 0 after a clean shutdown, 2 when the database,
 * its keys or the address cannot be used.
 */
import { StoreError } from '../../server/store/store-error.ts';
import { CliError, EXIT_OK, EXIT_USAGE, formatErrorLine } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';

/** The three lines both `serve` and `info` print. */
export function formatRegistryLines(url: string, origin: string, logKey: string): string {
  return `listening: ${url}\norigin: ${origin}\nlog-key: ${logKey}\n`;
}

/** Prints a storage error as `warden: <CODE>: <message>` and returns exit code 2. */
export function reportStoreError(io: CliIo, error: unknown): number {
  if (!(error instanceof StoreError)) throw error;
  io.stderr(formatErrorLine(error.code, error.message));
  return EXIT_USAGE;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new CliError('USAGE', '--port must be an integer from 0 to 65535');
  return Number(text);
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const registryServeCommand: CliCommand = {
  group: 'registry',
  name: 'serve',
  summary: 'Run the reference registry server (API, tiled transparency log).',
  details: [
    'The first start creates the database, the log key and the operator token (in <db>.keys/,',
    'mode 0600) and a default tenant with its bootstrap admin; with --demo it seeds the demo',
    'organisation instead, and writes the demo admins\' keys to demo-admin-keys/ beside the',
    'database. Later starts reuse the database. Stops on SIGINT or SIGTERM.',
    '',
    'Example:',
    '  warden registry serve --db demo-registry/registry.db --demo',
  ].join('\n'),
  args: {
    options: [
      { name: 'db', kind: 'string', required: true, valueName: '<file>', description: 'The registry database (created if absent).' },
      { name: 'host', kind: 'string', valueName: '<address>', description: 'Address to listen on (default 127.0.0.1).' },
      { name: 'port', kind: 'string', valueName: '<port>', description: 'Port to listen on (default: a free port).' },
      { name: 'demo', kind: 'boolean', description: 'Seed a NEW database with the demo organisation.' },
    ],
    positionals: [],
  },
  async run(args, io) {
    const port = parsePort(args.string('port'));
    const stopped = waitForSignal();
    let server;
    try {
      // Loaded on use: other commands should not pay for importing the whole server.
      const { startRegistryServer } = await import('../../server/registry-server.ts');
      server = await startRegistryServer({
        dbPath: args.string('db') as string,
        host: args.string('host') ?? '127.0.0.1',
        port,
        demo: args.flag('demo'),
        logger: { info: (m) => io.stderr(`${m}\n`), warn: (m) => io.stderr(`warning: ${m}\n`), error: (m) => io.stderr(`error: ${m}\n`) },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || (error as NodeJS.ErrnoException).code === 'EACCES') {
        throw new CliError('USAGE', `cannot listen on ${args.string('host') ?? '127.0.0.1'}:${port}: ${(error as Error).message}`);
      }
      return reportStoreError(io, error);
    }
    io.stdout(formatRegistryLines(server.url, server.origin, server.logVerifierKey));
    const signal = await stopped;
    io.stderr(`${signal}: shutting down\n`);
    await server.close();
    return EXIT_OK;
  },
};
