import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/**
 * The public test vectors live in `../shared/vectors` beside the clone (CI has them there). They are
 * read in place, never copied into the repository. In a clone without `../shared` the vector suites
 * are skipped with a reason that says so; everything else still runs. `WARDEN_VECTORS_DIR` overrides.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vectorsDir = process.env.WARDEN_VECTORS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'vectors');
export const vectorsAvailable = existsSync(vectorsDir);

export const VECTORS_MISSING_REASON = `public test vectors not found at ${vectorsDir} (a clone without ../shared beside it); set WARDEN_VECTORS_DIR to run them`;

/** Absolute path of a file under the vectors folder. */
export function vectorPath(...parts: string[]): string {
  return path.join(vectorsDir, ...parts);
}

export function readVectorJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(vectorPath(...parts), 'utf8')) as T;
}

export function readVectorBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(vectorPath(...parts)));
}

/**
 * `describe` for a suite that needs the shared vectors. Where they are absent the suite is skipped
 * and its title carries the reason (the written reason that a skipped test needs).
 */
export function describeVectors(name: string, body: () => void): void {
  if (vectorsAvailable) describe(name, body);
  // Skipped only where ../shared/vectors is absent (a user's own clone): the title says why and how to run it.
  else describe.skip(`${name} [skipped: ${VECTORS_MISSING_REASON}]`, body); // reason: the shared vectors are not beside this clone
}
