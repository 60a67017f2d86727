/**
 * The tool version written into verification records: the `version` of the package.json of this
 * checkout (read once). A bundled build that has no package.json beside its sources reports
 * "unknown" unless the caller passes the version (the app knows it from Electron).
 */
import { fileURLToPath } from 'node:url';
import { readPackageVersion } from '../bridge/package-info.ts';

let cached: Promise<string> | undefined;

/** The package version, or "unknown" if package.json cannot be read. Never throws. */
export function toolVersion(): Promise<string> {
  cached ??= readPackageVersion(fileURLToPath(new URL('../../../package.json', import.meta.url))).catch(() => 'unknown');
  return cached;
}
