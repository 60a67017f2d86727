/**
 * Secret files beside the database: `<db>.keys/` (mode 0700) holding one file per secret (mode
 * 0600), written atomically (temporary file, fsync, rename) so a crash never leaves half a key.
 * Their contents are never logged; errors name the file, not what is in it.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../store/store-error.ts';

/** The keys directory of the database at `dbPath`. */
export function keysDirFor(dbPath: string): string {
  return `${dbPath}.keys`;
}

/** Writes `text` to `dir/name` with mode 0600 (creating `dir` with mode 0700). */
export function writeSecretFile(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  return path;
}

/**
 * Reads `dir/name`. Throws StoreError KEY_FILE_MISSING when absent. `onLoosePermissions` is told
 * when group or others can read it (the operator should fix that; the server still starts).
 */
export function readSecretFile(dir: string, name: string, onLoosePermissions?: (path: string) => void): string {
  const path = join(dir, name);
  try {
    const mode = statSync(path).mode;
    if ((mode & 0o077) !== 0) onLoosePermissions?.(path);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StoreError('KEY_FILE_MISSING', `the key file ${path} is missing`, { cause: error });
    }
    throw new StoreError('KEY_FILE_INVALID', `the key file ${path} cannot be read`, { cause: error });
  }
}
