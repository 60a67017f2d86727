import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// bin/warden.js, copied into a package of its own whose command and memory policy, in both layouts,
// only say which layout ran: the choice between the built command and the sources is the
// launcher's alone, made from the real files' modification times.
const LAUNCHER = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
const roots: string[] = [];
afterAll(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const HOUR_AGO = new Date(Date.now() - 3_600_000);
const NOW = new Date();

function write(root: string, path: string, text: string, time: Date): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, time, time);
}

const POLICY = 'export const foldsIntoReplica = () => false;\nexport const enterReplicaProcess = () => undefined;\n';

/** A package with the launcher and the sources (an hour old); with `built`, the built command too (now). */
function fakePackage(built: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'warden-launcher-'));
  roots.push(root);
  mkdirSync(join(root, 'bin'));
  copyFileSync(LAUNCHER, join(root, 'bin', 'warden.js'));
  write(root, 'package.json', '{ "type": "module" }\n', HOUR_AGO);
  write(root, 'src/node/sync/heap-policy.ts', POLICY, HOUR_AGO);
  write(root, 'src/cli/main.ts', "const layout: string = 'sources';\nprocess.stdout.write(`${layout} command`);\n", HOUR_AGO);
  if (built) {
    write(root, 'out/main/heap-policy.js', POLICY, NOW);
    write(root, 'out/main/cli.js', "process.stdout.write('built command');\n", NOW);
  }
  return root;
}

function run(root: string, env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'warden.js'), '--version'], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('bin/warden.js', () => {
  it('runs the sources when nothing is built', () => {
    expect(run(fakePackage(false))).toBe('sources command');
  });

  it('runs the built command when it is newer than every source file', () => {
    expect(run(fakePackage(true))).toBe('built command');
  });

  it('runs the sources when any source file is newer than the build, however deep', () => {
    const root = fakePackage(true);
    const later = new Date(Date.now() + 60_000);
    write(root, 'src/core/deep/er/changed.ts', 'export {};\n', later);
    expect(run(root)).toBe('sources command');
  });

  it('runs the sources when the build is incomplete, or when WARDEN_RUN_SOURCES=1', () => {
    const root = fakePackage(true);
    expect(run(root, { WARDEN_RUN_SOURCES: '1' })).toBe('sources command');
    rmSync(join(root, 'out', 'main', 'heap-policy.js'));
    expect(run(root)).toBe('sources command');
  });
});
