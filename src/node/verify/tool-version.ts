/**
 * The tool version written into verification records: the `version` of the package.json of this
 * checkout or app (read once): three folders up from src/node/verify, or two up from the Electron
 * main bundle in out/main. "unknown" when neither can be read.
 */
import { fileURLToPath } from 'node:url';
import { readPackageVersion } from '../bridge/package-info.ts';

let cached: Promise<string> | undefined;

/** The package version, or "unknown" if package.json cannot be read. Never throws. */
export function toolVersion(): Promise<string> {
  const bundled = !new URL(import.meta.url).pathname.endsWith('.ts');
  const file = fileURLToPath(new URL(bundled ? '../../package.json' : '../../../package.json', import.meta.url));
  cached ??= readPackageVersion(file).catch(() => 'unknown');
  return cached;
}
