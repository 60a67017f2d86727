import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../src/core/api/contract.ts';
import { invokeMethod } from '../../../src/core/api/invoke.ts';
import { API_METHOD_NAMES } from '../../../src/core/api/methods.ts';
import { createAppServices, type AppServices } from '../../../src/node/app/app-services.ts';
import { createApiHandlers } from '../../../src/node/bridge/handlers.ts';
import { readPackageVersion } from '../../../src/node/bridge/package-info.ts';
import { repoRoot } from '../../helpers/vectors.ts';

describe('createApiHandlers', () => {
  const handlers = createApiHandlers({ name: 'Agent Warden', version: '0.1.0', runtime: 'electron' });

  it('answers app.info with the context, within the contract', async () => {
    await expect(invokeMethod('app.info', {}, handlers)).resolves.toEqual({
      ok: true,
      value: { name: 'Agent Warden', version: '0.1.0', runtime: 'electron' },
    });
  });

  it('echoes app.ping', async () => {
    await expect(invokeMethod('app.ping', { message: 'é ✓' }, handlers)).resolves.toEqual({ ok: true, value: { message: 'é ✓' } });
  });

  describe('when started without services', () => {
    it.each(API_METHOD_NAMES.filter((m) => m !== 'app.info' && m !== 'app.ping'))('answers %s with APP_NO_SERVICES', async (method) => {
      expect(typeof handlers[method]).toBe('function');
      await expect(Promise.resolve().then(() => (handlers[method] as (args: unknown) => unknown)({}))).rejects.toMatchObject({ code: 'APP_NO_SERVICES' });
    });
  });

  describe('when started with services', () => {
    let dir: string;
    let services: AppServices;
    let served: ApiHandlers;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'warden-handlers-'));
      services = await createAppServices({ dataDir: dir });
      served = createApiHandlers({ name: 'Agent Warden', version: '0.1.0', runtime: 'browser' }, services);
    });
    afterAll(async () => {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('serves every method of the contract', () => {
      for (const method of API_METHOD_NAMES) expect(typeof served[method], method).toBe('function');
    });

    it('serves the operations through invokeMethod', async () => {
      await expect(invokeMethod('settings.get', {}, served)).resolves.toMatchObject({ ok: true, value: { theme: 'system', activeOriginId: null } });
      await expect(invokeMethod('jobs.list', {}, served)).resolves.toEqual({ ok: true, value: { jobs: [] } });
      await expect(invokeMethod('app.info', {}, served)).resolves.toMatchObject({ ok: true, value: { runtime: 'browser' } });
    });
  });
});

describe('readPackageVersion', () => {
  it('reads the version of this repository', async () => {
    await expect(readPackageVersion(path.join(repoRoot, 'package.json'))).resolves.toMatch(/^\d+\.\d+\.\d+/);
  });

  describe('when the file is not a usable package.json', () => {
    const withFile = async (text: string, body: (file: string) => Promise<void>) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'warden-pkg-'));
      try {
        const file = path.join(dir, 'package.json');
        writeFileSync(file, text);
        await body(file);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    it('throws JSON_MALFORMED for broken JSON', () =>
      withFile('{"version":', (file) => expect(readPackageVersion(file)).toRejectWithCode('JSON_MALFORMED')));

    it('throws INVALID_ARGUMENT without a version', () =>
      withFile('{"name":"x"}', (file) => expect(readPackageVersion(file)).toRejectWithCode('INVALID_ARGUMENT')));
  });
});
