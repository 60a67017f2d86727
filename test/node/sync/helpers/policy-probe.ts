/**
 * A child process for heap-policy.test.ts: enters the replica memory policy as bin/warden.js does,
 * then prints what the process runs with (pid, V8 flags, malloc settings, the mark).
 */
import { enterReplicaProcess, REPLICA_POLICY_MARK } from '../../../../src/node/sync/heap-policy.ts';

enterReplicaProcess(process.argv[1] as string, process.argv.slice(2));
process.stdout.write(
  JSON.stringify({
    pid: process.pid,
    execArgv: process.execArgv,
    args: process.argv.slice(2),
    arenas: process.env['MALLOC_ARENA_MAX'] ?? null,
    tunables: process.env['GLIBC_TUNABLES'] ?? null,
    mark: process.env[REPLICA_POLICY_MARK] ?? null,
  }),
);
