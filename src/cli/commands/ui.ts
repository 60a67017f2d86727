/**
 * `warden ui [--demo] [--port <p>] [--data <dir>] [--renderer <dir>]`
 *
 * Serves the desktop app's UI to a local browser through the bridge (DESIGN §7), for machines
 * without a desktop or without the Electron binary: the same built renderer, the same app API
 * handlers and services as Electron main, only the transport differs. Prints the one-time URL to
 * open (its launch code works once), then runs until SIGINT or SIGTERM and closes the services.
 *
 * Policy: the bridge listens on 127.0.0.1 only (request-guard.ts refuses anything else); the data
 * directory holds the replica and settings, like the app's; with --demo the bundled demo registry
 * is started first (on 127.0.0.1) and its log key's fingerprint printed, but nothing is pinned:
 * the person still confirms the fingerprint in the UI. Exit 0 after a clean stop; 2 when the
 * renderer is not built, the port is taken, or the data directory cannot be used.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { PRODUCT_NAME } from '../../core/api/product.ts';
import { packageRootOf } from '../../node/worker-url.ts';
import { CliError, EXIT_OK, EXIT_USAGE, formatErrorLine } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';

/** The package root (this file is src/cli/commands/ui.ts, or a chunk of the built CLI in out/main). */
const PACKAGE_ROOT = packageRootOf(import.meta.url, 3);
export const DEFAULT_RENDERER_DIR = join(PACKAGE_ROOT, 'out', 'renderer');

/**
 * The default data directory: `$XDG_DATA_HOME/agent-warden` when XDG_DATA_HOME is an absolute
 * path (the XDG base-directory rule: a relative one is ignored), `~/.local/share/agent-warden`
 * otherwise.
 */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const xdg = env['XDG_DATA_HOME'];
  return xdg !== undefined && isAbsolute(xdg) ? join(xdg, 'agent-warden') : join(home, '.local', 'share', 'agent-warden');
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new CliError('USAGE', '--port must be an integer from 0 to 65535');
  return Number(text);
}

/** Resolves on the first SIGINT or SIGTERM; `cancel` removes the listeners. */
function listenForStop(io: CliIo): { stopped: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const stopped = new Promise<void>((done) => {
    const stop = (signal: NodeJS.Signals) => {
      cancel();
      io.stderr(`${signal}: shutting down\n`);
      done();
    };
    cancel = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return { stopped, cancel };
}

export interface UiOptions {
  readonly dataDir: string;
  readonly rendererDir: string;
  readonly port: number;
  readonly demo: boolean;
}

/**
 * Starts what `warden ui` serves and prints where (see the module comment); returns the function
 * that stops it all (bridge, services, demo registry, in that order). Throws CliError USAGE when
 * the renderer is not built or the port is taken; a coded error from the services or the demo
 * registry (DB_LOCKED, …) otherwise. Nothing is left running when it throws.
 */
export async function startUi(options: UiOptions, io: CliIo): Promise<() => Promise<void>> {
  const indexFile = join(options.rendererDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new CliError('USAGE', `the UI is not built (${indexFile} is missing): run npm run build, then warden ui again`);
  }
  const [{ createAppServices }, { createApiHandlers }, { startBridgeServer }, { startDemoRegistry }, { readPackageVersion }] =
    await Promise.all([
      import('../../node/app/app-services.ts'),
      import('../../node/bridge/handlers.ts'),
      import('../../node/bridge/server.ts'),
      import('../../server/demo/start-demo-registry.ts'),
      import('../../node/bridge/package-info.ts'),
    ]);
  const cleanup: (() => Promise<void>)[] = [];
  const unwind = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const services = await createAppServices({
      dataDir: options.dataDir,
      startDemoRegistry,
      onInternalError: (error) => io.stderr(`warden ui: a job failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
    });
    cleanup.push(() => services.close());
    if (options.demo) {
      // Through the services, exactly as "Try the demo" starts it: the UI's demo.start then finds
      // it running, and closing the services stops it.
      io.stderr('Starting the demo registry (its first start builds the demo data: allow about 15 s)…\n');
      const demo = await services.operations['demo.start']({});
      io.stdout(`demo registry: ${demo.url} (${demo.agents.toLocaleString('en')} agents, ${demo.entries.toLocaleString('en')} entries)\n`);
      io.stdout(`demo log key: ${demo.claimedKey.fingerprint} (compare it with the one the UI shows before you pin it)\n`);
    }
    const version = await readPackageVersion(join(PACKAGE_ROOT, 'package.json'));
    const handlers = createApiHandlers({ name: PRODUCT_NAME, version, runtime: 'browser' }, services);
    const bridge = await startBridgeServer({ rendererDir: options.rendererDir, handlers, host: '127.0.0.1', port: options.port }).catch(
      (error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES') {
          throw new CliError('USAGE', `cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}`);
        }
        throw error;
      },
    );
    cleanup.push(() => bridge.close());
    io.stdout(`data: ${options.dataDir}\n`);
    io.stdout(`open: ${bridge.url}\n`);
    io.stderr('Open the URL above in a browser on this machine; its launch code works once.\n');
    return unwind;
  } catch (error) {
    await unwind();
    throw error;
  }
}

export const uiCommand: CliCommand = {
  group: 'ui',
  name: '',
  summary: 'Serve the app in a local browser (127.0.0.1, one-time URL).',
  details: [
    'Serves the built UI (npm run build) and the app\'s services on 127.0.0.1 and prints a URL',
    'carrying a one-time launch code: open it in a browser on this machine. For machines without a',
    'desktop or without Electron. Stops on SIGINT or SIGTERM (Ctrl+C).',
    '',
    'The data directory (replica, settings, reports) defaults to $XDG_DATA_HOME/agent-warden, or',
    '~/.local/share/agent-warden when XDG_DATA_HOME is not set. It is not shared with a running',
    'desktop app. With --demo, the bundled demo registry is started first (in <data>/demo, on',
    '127.0.0.1) and its log key fingerprint printed; pinning it still needs your confirmation in the',
    'UI ("Try the demo").',
    '',
    'Example:',
    '  warden ui --demo',
  ].join('\n'),
  args: {
    options: [
      { name: 'demo', kind: 'boolean', description: 'Start the bundled demo registry first and print its fingerprint.' },
      { name: 'port', kind: 'string', valueName: '<port>', description: 'Port on 127.0.0.1 (default: a free port).' },
      { name: 'data', kind: 'string', valueName: '<dir>', description: 'Data directory (default: see below).' },
      { name: 'renderer', kind: 'string', valueName: '<dir>', description: 'The built renderer (default: out/renderer of this install).' },
    ],
    positionals: [],
  },
  async run(args, io) {
    const options: UiOptions = {
      port: parsePort(args.string('port')),
      dataDir: resolve(args.string('data') ?? defaultDataDir(process.env, homedir())),
      rendererDir: resolve(args.string('renderer') ?? DEFAULT_RENDERER_DIR),
      demo: args.flag('demo'),
    };
    // Listening before anything starts: a Ctrl+C during the start stops cleanly once it is done.
    const { stopped, cancel } = listenForStop(io);
    let stop: () => Promise<void>;
    try {
      stop = await startUi(options, io);
    } catch (error) {
      cancel();
      const code = (error as { code?: unknown }).code;
      // Coded failures of the services and the demo registry (DB_LOCKED, …): one line, exit 2.
      if (error instanceof CliError || typeof code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(code)) throw error;
      io.stderr(formatErrorLine(code, (error as Error).message));
      return EXIT_USAGE;
    }
    io.stderr('Press Ctrl+C to stop.\n');
    await stopped;
    await stop();
    return EXIT_OK;
  },
};
