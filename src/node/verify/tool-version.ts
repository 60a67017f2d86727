/**
 * The tool version written into verification records: the `version` of the package.json of this
 * checkout or app (read once): three folders up from src/node/verify, or two up from the Electron
 * main bundle in out/main. "unknown" when neither can be read.
 */
import { join } from 'node:path';
import { readPackageVersion } from '../bridge/package-info.ts';
import { packageRootOf } from '../worker-url.ts';

let cached: Promise<string> | undefined;

/** The package version, or "unknown" if package.json cannot be read. Never throws. */
export function toolVersion(): Promise<string> {
  cached ??= readPackageVersion(join(packageRootOf(import.meta.url, 3), 'package.json')).catch(() => 'unknown');
  return cached;
}
