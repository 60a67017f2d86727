#!/usr/bin/env node
// The `warden` command. It runs the TypeScript sources directly, which needs Node.js type
// stripping: on by default from Node.js 22.18 (and 23.6). Older versions get a clear message.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const versionOk = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
if (!versionOk || !process.features.typescript) {
  process.stderr.write(
    `warden: NODE_TOO_OLD: warden needs Node.js 22.18 or newer with TypeScript type stripping ` +
      `(this is Node.js ${process.versions.node}${versionOk ? ' with type stripping disabled' : ''}).\n`,
  );
  process.exit(2);
}
// A command that folds a whole log into the replica runs under a memory policy (V8 heap growth,
// malloc arenas), so that its memory stays flat however long the log is; on Linux this re-executes
// the process once, keeping its pid (src/node/sync/heap-policy.ts).
const { enterReplicaProcess, foldsIntoReplica } = await import('../src/node/sync/heap-policy.ts');
const args = process.argv.slice(2);
if (foldsIntoReplica(args)) enterReplicaProcess(process.argv[1], args);
await import('../src/cli/main.ts');
