import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  foldsIntoReplica,
  HEAP_GROWING_PERCENT,
  REPLICA_MALLOC_ENV,
  MAX_SEMI_SPACE_MB,
  REPLICA_NODE_FLAGS,
  REPLICA_POLICY_MARK,
  replicaProcessEnv,
} from '../../../src/node/sync/heap-policy.ts';

const PROBE = fileURLToPath(new URL('./helpers/policy-probe.ts', import.meta.url));

describe('foldsIntoReplica', () => {
  it('names the commands that fold a whole log into a replica', () => {
    expect(foldsIntoReplica(['sync', '--registry', 'http://127.0.0.1:1'])).toBe(true);
    expect(foldsIntoReplica(['bundle', 'import', 'x.zip'])).toBe(true);
    expect(foldsIntoReplica(['db', 'check', '--db', 'r.db'])).toBe(true);
  });

  describe('when the command does not fold a log', () => {
    it('says no', () => {
      expect(foldsIntoReplica([])).toBe(false);
      expect(foldsIntoReplica(['bundle', 'export'])).toBe(false);
      expect(foldsIntoReplica(['registry', 'serve'])).toBe(false);
      expect(foldsIntoReplica(['--help'])).toBe(false);
    });
  });
});

describe('replicaProcessEnv', () => {
  it('adds the malloc settings and the mark', () => {
    expect(replicaProcessEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', ...REPLICA_MALLOC_ENV, [REPLICA_POLICY_MARK]: '1' });
  });

  describe('when the environment sets malloc already', () => {
    it('keeps what it sets', () => {
      expect(replicaProcessEnv({ MALLOC_ARENA_MAX: '8' })['MALLOC_ARENA_MAX']).toBe('8');
    });
  });
});

describe('REPLICA_NODE_FLAGS', () => {
  it('is the growing factor and the semi-space bound as V8 flags', () => {
    expect(REPLICA_NODE_FLAGS).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, `--max-semi-space-size=${MAX_SEMI_SPACE_MB}`]);
  });
});

describe('enterReplicaProcess', () => {
  // process.execve re-executes only on Linux; elsewhere the V8 flag is applied in place.
  it.runIf(process.platform === 'linux')('re-executes the process once, same pid and arguments, under the policy', () => {
    const env: Record<string, string | undefined> = { ...process.env };
    delete env[REPLICA_POLICY_MARK];
    delete env['MALLOC_ARENA_MAX'];
    delete env['GLIBC_TUNABLES'];
    const run = spawnSync(process.execPath, ['--no-warnings', PROBE, 'sync', '--db', 'x.db'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as { pid: number; execArgv: string[]; args: string[]; arenas: string; tunables: string; mark: string };
    expect(seen.pid).toBe(run.pid);
    expect(seen.execArgv).toEqual([...REPLICA_NODE_FLAGS, '--no-warnings']);
    expect(seen.args).toEqual(['sync', '--db', 'x.db']);
    expect({ MALLOC_ARENA_MAX: seen.arenas, GLIBC_TUNABLES: seen.tunables }).toEqual(REPLICA_MALLOC_ENV);
    expect(seen.mark).toBe('1');
  });
});
