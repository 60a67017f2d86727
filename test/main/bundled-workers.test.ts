import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { packageRootOf, workerModuleUrl } from '../../src/node/worker-url.ts';

// The Electron main build (electron.vite.config.ts) must ship the worker threads beside its bundle:
// the verify pool and the parallel Merkle root start them from `./<name>.js` relative to the bundled
// module (src/node/worker-url.ts). Electron itself cannot run here, so this loads each built worker in
// a real Node worker thread and checks that every import it makes resolves. `npm test` builds out/
// before vitest runs.
const OUT_MAIN = path.resolve(import.meta.dirname, '../../out/main');
const WORKERS = ['verify-worker', 'leaf-hash-worker'];

describe('workerModuleUrl', () => {
  it('names the .ts worker beside a source module', () => {
    expect(workerModuleUrl('verify-worker', 'file:///repo/src/node/crypto/verify-pool.ts').href).toBe('file:///repo/src/node/crypto/verify-worker.ts');
  });

  it('names the .js worker beside a bundled module', () => {
    expect(workerModuleUrl('verify-worker', 'file:///app/out/main/index.js').href).toBe('file:///app/out/main/verify-worker.js');
  });
});

describe('packageRootOf', () => {
  it('finds the package root from a source module at its depth, and from any bundled module', () => {
    expect(packageRootOf('file:///repo/src/cli/commands/ui.ts', 3)).toBe('/repo/');
    expect(packageRootOf('file:///repo/src/node/sync/x.ts', 2)).toBe('/repo/src/');
    expect(packageRootOf('file:///app/out/main/cli.js', 3)).toBe('/app/');
  });
});

describe.runIf(existsSync(path.join(OUT_MAIN, 'index.js')))('the built Electron main [needs out/main: npm run build]', () => {
  it.each(WORKERS)('ships %s.js, which loads in a worker thread', async (name) => {
    const file = path.join(OUT_MAIN, `${name}.js`);
    expect(existsSync(file)).toBe(true);
    const worker = new Worker(file);
    const outcome = await new Promise<string>((resolve) => {
      worker.once('error', (error) => resolve(`error: ${error.message}`));
      worker.once('exit', (code) => resolve(`exit ${code}`));
      // Loaded and idle, waiting for work: every import resolved.
      worker.once('online', () => setTimeout(() => resolve('running'), 300));
    });
    await worker.terminate();
    expect(outcome).toBe('running');
  });

  it('ships the warden command, which runs from out/main', () => {
    const result = spawnSync(process.execPath, [path.join(OUT_MAIN, 'cli.js'), 'checkpoint', 'verify', '--help'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: warden checkpoint verify/m);
    expect(result.status).toBe(0);
  });
});
