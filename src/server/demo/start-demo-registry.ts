import { join } from 'node:path';
import type { DemoRegistryHandle, DemoRegistryStarter } from '../../node/app/app-context.ts';
import type { DemoOptions } from '../bootstrap.ts';
import type { Logger } from '../http/http-server.ts';
import { startRegistryServer } from '../registry-server.ts';

/**
 * "Try the demo" (issue 6, first run): the bundled reference registry with the demo organisation,
 * started on demand by Electron main or `warden ui`, never by the renderer.
 *
 * Policy: it listens on 127.0.0.1 only, on a free port; its database lives in `<dir>/registry.db`
 * (keys in `<dir>/registry.db.keys/`, the demo admins' keys in `<dir>/demo-admin-keys/`), created
 * with the demo data on first start and reused afterwards, so the demo's log key (which the person
 * pins after confirming its fingerprint) stays the same across runs. Nothing is pinned here.
 */
export const DEMO_REGISTRY_DB = 'registry.db';

export interface DemoRegistryStarterOptions {
  /** The demo's seed and size (default: the full demo, about 2,000 agents; tests use small scales). */
  readonly demo?: DemoOptions;
  /** Where the server logs (default: warnings and errors to stderr, routine lines dropped). */
  readonly logger?: Logger;
  /** Verify-pool workers (default: the machine's parallelism; 0 verifies on the main thread). */
  readonly verifyWorkers?: number;
}

const warningsOnly: Logger = {
  info: () => {},
  warn: (message) => void process.stderr.write(`demo registry: warning: ${message}\n`),
  error: (message) => void process.stderr.write(`demo registry: error: ${message}\n`),
};

/**
 * A DemoRegistryStarter with `options`. The starter creates `dir` if needed; it rejects with the
 * server's StoreError (DB_LOCKED when another process serves that database, KEY_FILE_INVALID, …)
 * or the listen error, and leaves nothing running when it does.
 */
export function createDemoRegistryStarter(options: DemoRegistryStarterOptions = {}): DemoRegistryStarter {
  return async (dir: string): Promise<DemoRegistryHandle> => {
    const server = await startRegistryServer({
      dbPath: join(dir, DEMO_REGISTRY_DB),
      host: '127.0.0.1',
      port: 0,
      demo: options.demo ?? true,
      logger: options.logger ?? warningsOnly,
      ...(options.verifyWorkers === undefined ? {} : { verifyWorkers: options.verifyWorkers }),
    });
    return {
      url: server.url,
      origin: server.origin,
      logKey: server.logVerifierKey,
      agents: server.sequencer.state.agents.size,
      entries: server.sequencer.size,
      close: () => server.close(),
    };
  };
}

/** Starts the full demo registry with its database under `dir` (see the module policy). */
export const startDemoRegistry: DemoRegistryStarter = createDemoRegistryStarter();
