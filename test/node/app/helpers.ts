/**
 * Fixtures for the app's services: a real data directory in tmp, the real registry server on
 * 127.0.0.1 seeded with a small demo organisation, and calls through `invokeMethod` (so that every
 * argument and result passes the contract's schemas) on the composed handler map.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ApiArgsInput, ApiHandlers, ApiResult } from '../../../src/core/api/contract.ts';
import { invokeMethod } from '../../../src/core/api/invoke.ts';
import type { Job } from '../../../src/core/api/schemas/jobs.ts';
import type { ApiMethod } from '../../../src/core/api/methods.ts';
import { createAppServices, type AppServices, type AppServicesOptions } from '../../../src/node/app/app-services.ts';
import { createApiHandlers } from '../../../src/node/bridge/handlers.ts';
import { startRegistryServer, type RegistryServer } from '../../../src/server/registry-server.ts';
import { quietLogger } from '../../server/helpers/registry-fixture.ts';

export interface TestApp {
  readonly dir: string;
  readonly services: AppServices;
  readonly handlers: ApiHandlers;
  /** Calls `method` through invokeMethod; resolves with the value, rejects with {code, message}. */
  call<M extends ApiMethod>(method: M, args: ApiArgsInput<M>): Promise<ApiResult<M>>;
  /** Polls jobs.get until the job ends. */
  finish(jobId: string): Promise<Job>;
  close(): Promise<void>;
}

export class CallFailed extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

/** Services on a fresh tmp data directory (or `dir`), with the composed handlers. */
export async function openTestApp(options: Partial<AppServicesOptions> & { dir?: string } = {}): Promise<TestApp> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'warden-app-'));
  const services = await createAppServices({ commandWaitMs: 200, ...options, dataDir: dir });
  const handlers = createApiHandlers({ name: 'Agent Warden', version: '0.1.0', runtime: 'browser' }, services);
  const internal: unknown[] = [];
  const call = async <M extends ApiMethod>(method: M, args: ApiArgsInput<M>): Promise<ApiResult<M>> => {
    const envelope = await invokeMethod(method, args, handlers, { onInternalError: (_m, error) => internal.push(error) });
    if (!envelope.ok) throw new CallFailed(envelope.error.code, envelope.error.message);
    return envelope.value as ApiResult<M>;
  };
  const finish = async (jobId: string): Promise<Job> => {
    await services.waitForJob(jobId);
    return call('jobs.get', { jobId });
  };
  return {
    dir,
    services,
    handlers,
    call,
    finish,
    close: async () => {
      await services.close();
      expect(internal, 'no uncoded failure reached invokeMethod').toEqual([]);
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestRegistryServer {
  readonly server: RegistryServer;
  close(): Promise<void>;
}

/** The reference registry on 127.0.0.1 with a small demo organisation, in a tmp directory. */
export async function startDemoServer(seed: string): Promise<TestRegistryServer> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-app-registry-'));
  const server = await startRegistryServer({ dbPath: join(dir, 'registry.db'), demo: { seed, scale: 0.02 }, verifyWorkers: 0, logger: quietLogger([]) });
  return {
    server,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Connects `app` to `server` with the right fingerprint and waits for the job. */
export async function connect(app: TestApp, server: RegistryServer): Promise<Job> {
  const probe = await app.call('registry.probe', { url: server.url });
  const { jobId } = await app.call('registry.connect', { url: server.url, logKey: probe.claimedKey.vkey, confirmFingerprint: probe.claimedKey.fingerprint });
  return app.finish(jobId);
}

/** Base64 of `bytes`. */
export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
