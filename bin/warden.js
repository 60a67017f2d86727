#!/usr/bin/env node
// The `warden` command. It runs the built command (out/main/cli.js, made by `npm run build`) when
// that is newer than every source file, and otherwise the TypeScript sources directly, which needs
// Node.js type stripping: on by default from Node.js 22.18 (and 23.6). Older versions get a clear
// message. The built command starts faster and takes less memory: Node's type stripping costs about
// 20 MB in the process and 9 MB in each worker thread (BENCHMARKS.md, issue 4).
import { readdirSync, statSync } from 'node:fs';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const versionOk = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
if (!versionOk || !process.features.typescript) {
  process.stderr.write(
    `warden: NODE_TOO_OLD: warden needs Node.js 22.18 or newer with TypeScript type stripping ` +
      `(this is Node.js ${process.versions.node}${versionOk ? ' with type stripping disabled' : ''}).\n`,
  );
  process.exit(2);
}

/** Whether out/main/cli.js exists and is newer than every file under src/ (a stale build is never run). */
function builtIsCurrent() {
  let builtAt;
  try {
    builtAt = Math.min(statSync(new URL('../out/main/cli.js', import.meta.url)).mtimeMs, statSync(new URL('../out/main/heap-policy.js', import.meta.url)).mtimeMs);
  } catch {
    return false;
  }
  const sources = new URL('../src/', import.meta.url);
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > builtAt) return false;
  }
  return true;
}

const built = process.env.WARDEN_RUN_SOURCES !== '1' && builtIsCurrent();
// A command that folds a whole log into the replica runs under a memory policy (V8 heap growth,
// malloc arenas), so that its memory stays flat however long the log is; on Linux this re-executes
// the process once, keeping its pid (src/node/sync/heap-policy.ts).
const { enterReplicaProcess, foldsIntoReplica } = await import(built ? '../out/main/heap-policy.js' : '../src/node/sync/heap-policy.ts');
const args = process.argv.slice(2);
if (foldsIntoReplica(args)) enterReplicaProcess(process.argv[1], args);
await import(built ? '../out/main/cli.js' : '../src/cli/main.ts');
