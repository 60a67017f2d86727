import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invokeMethod } from '../../../src/core/api/invoke.ts';
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
