/**
 * One sequencer per log: two servers appending to one database would each fold their own view, so
 * the server holds `<db>.lock` (its pid) while it runs. A lock left by a killed process (kill -9) is
 * stale when its pid is gone and is taken over; a live pid refuses the start (DB_LOCKED). pid reuse
 * can make a stale lock look live: the operator then removes the file, as the message says.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { StoreError } from './store-error.ts';

// Locks this process holds: a second server on the same database in one process is refused too.
const held = new Set<string>();

export interface LockHandle {
  readonly path: string;
  release(): void;
}

/** Takes the lock at `path` (see the module comment). Throws StoreError DB_LOCKED. */
export function acquireLockFile(path: string): LockHandle {
  if (held.has(path)) throw new StoreError('DB_LOCKED', `this process already serves the database locked by ${path}`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(path);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          held.delete(path);
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
        throw new StoreError('DB_LOCKED', `another registry server (pid ${holder}) is using this database; if it is not running, delete ${path}`);
      }
      try {
        unlinkSync(path);
      } catch {
        // raced with another starter; the next attempt decides
      }
    }
  }
  throw new StoreError('DB_LOCKED', `could not take the lock ${path}`);
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
