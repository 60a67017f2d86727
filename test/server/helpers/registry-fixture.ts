/** A registry server on 127.0.0.1 with a temporary database, for integration tests. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../src/server/http/http-server.ts';
import { startRegistryServer, type RegistryServer, type RegistryServerOptions } from '../../../src/server/registry-server.ts';
import { BOOTSTRAP_ADMIN_FILE } from '../../../src/server/bootstrap.ts';
import { call, type CallOptions, type CallResult } from './http.ts';
import { keyFromHex, type TestKey } from './keys.ts';

export interface TestRegistry {
  readonly server: RegistryServer;
  readonly dir: string;
  readonly dbPath: string;
  /** Error lines the server logged (a test asserts none where it matters). */
  readonly errors: string[];
  readonly tenant: string;
  readonly admin: TestKey;
  call(method: string, path: string, body?: unknown, options?: CallOptions): Promise<CallResult>;
  /** Same, with the operator token. */
  operator(method: string, path: string, body?: unknown): Promise<CallResult>;
  close(): Promise<void>;
}

export function quietLogger(errors: string[]): Logger {
  return { info: () => {}, warn: () => {}, error: (message) => void errors.push(message) };
}

/** Starts a fresh registry (default tenant + bootstrap admin) in a temporary directory. */
export async function startTestRegistry(options: Partial<RegistryServerOptions> = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-registry-'));
  const dbPath = join(dir, 'registry.db');
  const errors: string[] = [];
  const server = await startRegistryServer({ dbPath, verifyWorkers: 0, logger: quietLogger(errors), ...options });
  const bootstrap = JSON.parse(readFileSync(join(server.keysDir, BOOTSTRAP_ADMIN_FILE), 'utf8')) as { tenant: string; signer_seed_hex: string };
  return {
    server,
    dir,
    dbPath,
    errors,
    tenant: bootstrap.tenant,
    admin: keyFromHex(bootstrap.signer_seed_hex),
    call: (method, path, body, callOptions) => call(server.url, method, path, body, callOptions),
    operator: (method, path, body) => call(server.url, method, path, body, { token: server.operatorToken }),
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
