/**
 * The reference registry server (issue 3): `startRegistryServer` opens (or creates) the database,
 * its keys and its log, and serves the /v1 API and the tlog tiles over HTTP.
 *
 * First start (no `origin` in the database): creates the log key (origin = its note name, chosen
 * once, see keys/registry-keys.ts) and the operator token in `<db>.keys/` (mode 0700, files 0600),
 * records the identity in `meta`, then logs the first entries (bootstrap.ts: a default tenant and
 * its bootstrap admin, or the demo). A start that finds `setup` unfinished repeats that step (it is
 * one transaction, so nothing half-done can exist). Every start replays the log, checks it against
 * its last checkpoint, and refuses a database another server holds (lock file).
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { nativeHasher } from '../node/merkle/native-hasher.ts';
import { createVerifyPool, type VerifyPool } from '../node/crypto/verify-pool.ts';
import { DEFAULT_API_LIMITS, type ApiLimits, type RegistryContext, type RouteModule } from './api/context.ts';
import { bootstrapRegistry, type DemoOptions } from './bootstrap.ts';
import { createHttpServer, type Logger } from './http/http-server.ts';
import { RateLimiter, type RateLimitConfig } from './http/rate-limit.ts';
import { Router, type RateLimitClass } from './http/router.ts';
import { keysDirFor } from './keys/key-files.ts';
import { createRegistryKeys, generateOrigin, loadRegistryKeys, type RegistryKeys } from './keys/registry-keys.ts';
import { Sequencer } from './log/sequencer.ts';
import { DEFAULT_ROUTE_MODULES } from './route-modules.ts';
import { ActivityStore } from './store/activity-store.ts';
import { openRegistryDatabase, type RegistryDatabase } from './store/database.ts';
import { acquireLockFile } from './store/lock-file.ts';
import { LogStore } from './store/log-store.ts';
import { readMeta, writeKeyMetadata, writeMeta } from './store/meta-store.ts';
import { SessionStore } from './store/session-store.ts';
import { StoreError } from './store/store-error.ts';
import { tileRoutes } from './tiles/tile-routes.ts';

export interface RegistryServerOptions {
  readonly dbPath: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Seed a new database with the demo organisation (ignored for an existing one). */
  readonly demo?: boolean | DemoOptions;
  /** Origin of a NEW registry (default: generated); an existing one keeps its own. */
  readonly origin?: string;
  /** Name of the default tenant of a new (non-demo) registry. */
  readonly tenantName?: string;
  readonly logger?: Logger;
  /** Default 1000: a checkpoint at least every second while there are new entries. */
  readonly checkpointIntervalMs?: number;
  readonly rateLimits?: Partial<Record<RateLimitClass, RateLimitConfig>>;
  readonly limits?: Partial<ApiLimits>;
  /** Verify-pool workers; 0 verifies on the main thread only. Default: the machine's parallelism. */
  readonly verifyWorkers?: number;
  /** Route modules added after the built-in ones (admin channel, event stream). */
  readonly routes?: readonly RouteModule[];
  readonly now?: () => number;
}

export interface RegistryServer {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly origin: string;
  /** The C2SP verifier key clients pin. */
  readonly logVerifierKey: string;
  /** did:key of the log key (signer of registry statements). */
  readonly registryKey: string;
  readonly operatorToken: string;
  readonly keysDir: string;
  readonly sequencer: Sequencer;
  readonly context: RegistryContext;
  /** Stops accepting requests, finishes the queued appends, signs a final checkpoint, closes. */
  close(): Promise<void>;
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitClass, RateLimitConfig>> = Object.freeze({
  session: { ratePerSecond: 50, burst: 100 },
  admin: { ratePerSecond: 20, burst: 40 },
});

const stderrLogger: Logger = {
  info: (message) => void process.stderr.write(`${message}\n`),
  warn: (message) => void process.stderr.write(`warning: ${message}\n`),
  error: (message) => void process.stderr.write(`error: ${message}\n`),
};

/** Opens or creates the registry identity (see the module comment). */
function openIdentity(db: RegistryDatabase, keysDir: string, options: RegistryServerOptions, logger: Logger, now: number): RegistryKeys {
  const origin = readMeta(db, 'origin');
  const warnLoose = (path: string): void => logger.warn(`${path} is readable by other users; chmod 600 it`);
  if (origin !== undefined) {
    if (options.origin !== undefined && options.origin !== origin) {
      throw new StoreError('DB_INCONSISTENT', `this database is registry ${origin}, not ${options.origin}`);
    }
    const keys = loadRegistryKeys(keysDir, origin, warnLoose);
    if (keys.logVerifierKey !== readMeta(db, 'log_key')) throw new StoreError('KEY_FILE_INVALID', `the log key in ${keysDir} is not this registry's`);
    return keys;
  }
  const keys = createRegistryKeys(keysDir, options.origin ?? generateOrigin());
  db.transaction(() => {
    writeMeta(db, 'origin', keys.origin);
    writeMeta(db, 'log_key', keys.logVerifierKey);
    writeMeta(db, 'registry_key', keys.registryKey);
    writeMeta(db, 'created_at', new Date(now).toISOString());
    writeMeta(db, 'setup', 'pending');
    writeKeyMetadata(db, { name: 'log', kind: 'c2sp-note-signer', public: keys.logVerifierKey, file: 'log.key', createdMs: now });
    writeKeyMetadata(db, { name: 'operator', kind: 'bearer-token', public: '(secret)', file: 'operator.token', createdMs: now });
  })();
  return keys;
}

/** Starts the registry server (see the module comment). Throws StoreError for a database or key problem. */
export async function startRegistryServer(options: RegistryServerOptions): Promise<RegistryServer> {
  const logger = options.logger ?? stderrLogger;
  const now = options.now ?? Date.now;
  mkdirSync(dirname(options.dbPath), { recursive: true });
  const lock = acquireLockFile(`${options.dbPath}.lock`);
  const cleanup: (() => void | Promise<void>)[] = [() => lock.release()];
  const unwind = async (): Promise<void> => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    const db = openRegistryDatabase(options.dbPath);
    cleanup.push(() => {
      db.close();
    });
    const keysDir = keysDirFor(options.dbPath);
    const keys = openIdentity(db, keysDir, options, logger, now());
    const workers = options.verifyWorkers;
    const pool: VerifyPool | undefined = workers === 0 ? undefined : createVerifyPool(workers === undefined ? {} : { size: workers });
    if (pool !== undefined) cleanup.push(() => pool.close());
    const store = new LogStore(db);
    const activity = new ActivityStore(db);
    const sequencer = Sequencer.open({
      config: { origin: keys.origin, registryKey: keys.registryKey },
      store,
      activity,
      logKey: keys.logKey,
      hasher: nativeHasher,
      logger,
      ...(pool === undefined ? {} : { pool }),
      ...(options.checkpointIntervalMs === undefined ? {} : { checkpointIntervalMs: options.checkpointIntervalMs }),
      now,
    });
    cleanup.push(() => sequencer.close());
    if (readMeta(db, 'setup') !== 'done') {
      const demo = options.demo === undefined || options.demo === false ? undefined : options.demo === true ? {} : options.demo;
      await bootstrapRegistry({
        db,
        dbPath: options.dbPath,
        keysDir,
        keys,
        sequencer,
        now,
        ...(demo === undefined ? {} : { demo }),
        ...(options.tenantName === undefined ? {} : { tenantName: options.tenantName }),
      });
      sequencer.checkpointNow();
    }
    const closeHooks: (() => void | Promise<void>)[] = [];
    const context: RegistryContext = {
      sequencer,
      store,
      activity,
      sessions: new SessionStore(db),
      keys,
      limits: { ...DEFAULT_API_LIMITS, ...options.limits },
      logger,
      now,
      onClose: (hook) => void closeHooks.push(hook),
    };
    const router = new Router();
    for (const module of [...DEFAULT_ROUTE_MODULES, ...(options.routes ?? [])]) router.add(...module(context));
    router.add(...tileRoutes({ sequencer, store }));
    const rates = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
    const server = createHttpServer({
      router,
      logger,
      rateLimiters: { session: new RateLimiter(rates.session), admin: new RateLimiter(rates.admin) },
      now,
    });
    await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    writeMeta(db, 'last_url', url);
    const sweeper = setInterval(() => context.sessions.expire(now()), 60_000);
    sweeper.unref();
    cleanup.push(async () => {
      clearInterval(sweeper);
      for (const hook of closeHooks) await hook();
      await stopServer(server);
    });
    let closing: Promise<void> | undefined;
    return {
      url,
      origin: keys.origin,
      logVerifierKey: keys.logVerifierKey,
      registryKey: keys.registryKey,
      operatorToken: keys.operatorToken,
      keysDir,
      sequencer,
      context,
      close: () => (closing ??= unwind()),
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// Stops accepting, lets in-flight requests finish (at most 5 s), then drops what is left.
function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), 5_000);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
