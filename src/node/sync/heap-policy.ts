/**
 * The memory policy of a process that folds a whole log into the replica (`warden sync`,
 * `warden bundle import`, `warden db check`; issue 4: peak memory < 300 MB and flat as the log
 * grows). Measured figures: BENCHMARKS.md "Issue 4".
 *
 * Why: a sync allocates about 24 KB of short-lived JavaScript objects per entry (strict parse,
 * canonical check, signing bytes, fold) while its live heap stays at 45–50 MB (modules, fold state,
 * one batch). Two defaults then let RSS grow with the length of the log although nothing is retained:
 * - V8 sizes the old generation as the live size after a full GC times a growing factor it derives
 *   from its GC and mutator speeds (up to 4×); on a busy machine the heap reached 180 MB of mostly
 *   garbage, with the off-heap buffers of that garbage. A fixed factor (HEAP_GROWING_PERCENT) keeps
 *   the heap near 1.5× the live size; the extra full GCs are cheap because the live set is small.
 * - V8's young generation grows to three semi-spaces of up to 16 MB each under a high allocation
 *   rate, which a sync has throughout. Almost nothing of it survives (parsed entries live for one
 *   chunk), so MAX_SEMI_SPACE_MB keeps it at 4 MB per semi-space: a 215k-entry sync peaked at
 *   302 MB instead of 325 MB, its time within run-to-run noise.
 * - glibc malloc: every thread that allocates gets its own arena (the verify workers, V8's and
 *   libuv's threads), and its mmap threshold rises to the largest block freed, so the entry bundles
 *   (100–200 KB each, held for a batch) end up in the main heap between short-lived buffers and
 *   fragment it. REPLICA_MALLOC_ENV caps the arenas at two and fixes the threshold at 128 KiB, so a
 *   bundle is its own mapping and goes back to the system when freed.
 * glibc reads its settings at process start, so the launcher (bin/warden.js) re-executes itself
 * with them (same pid; `process.execve`, Linux); where it cannot, only the V8 flag is applied.
 */
import { setFlagsFromString } from 'node:v8';

/** Heap growth above the live size after a full GC, in percent. */
export const HEAP_GROWING_PERCENT = 50;

/** Largest semi-space of V8's young generation, in MB. */
export const MAX_SEMI_SPACE_MB = 4;

/** The V8 flags of a replica process. */
export const REPLICA_NODE_FLAGS: readonly string[] = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, `--max-semi-space-size=${MAX_SEMI_SPACE_MB}`];

/** glibc malloc settings of a replica process (ignored by other C libraries). */
export const REPLICA_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=131072',
};

/** Set in the environment of a process that runs under the policy (so that it is entered once). */
export const REPLICA_POLICY_MARK = 'WARDEN_REPLICA_MEMORY_POLICY';

type Env = Readonly<Record<string, string | undefined>>;
type Execve = (file: string, args: readonly string[], env: Env) => never;

/** Whether CLI arguments (without node and the script) name a command that folds a log into a replica. */
export function foldsIntoReplica(argv: readonly string[]): boolean {
  const [group, name] = argv;
  return group === 'sync' || (group === 'bundle' && name === 'import') || (group === 'db' && name === 'check');
}

/** `env` with the malloc settings (a setting the caller already has is kept) and the mark. */
export function replicaProcessEnv(env: Env): Record<string, string | undefined> {
  return { ...REPLICA_MALLOC_ENV, ...env, [REPLICA_POLICY_MARK]: '1' };
}

/**
 * Applies the V8 flags to this process: the growing factor takes effect at the next full GC, the
 * semi-space bound only where V8 still resizes the young generation. Never throws.
 */
export function applyReplicaHeapPolicy(): void {
  for (const flag of REPLICA_NODE_FLAGS) setFlagsFromString(flag);
}

/**
 * Puts this process under the policy: on Linux, re-executes `node <flags> <execArgv> script
 * …args` with the policy's environment (does not return); elsewhere, or when already under the
 * policy, applies the V8 flag and returns. For an entry point only (bin/warden.js), before it has
 * started anything.
 */
export function enterReplicaProcess(script: string, args: readonly string[]): void {
  const execve = (process as { execve?: Execve }).execve;
  if (process.env[REPLICA_POLICY_MARK] === undefined && process.platform === 'linux' && typeof execve === 'function') {
    execve(process.execPath, [process.execPath, ...REPLICA_NODE_FLAGS, ...process.execArgv, script, ...args], replicaProcessEnv(process.env));
  }
  applyReplicaHeapPolicy();
}
