/**
 * Where shipped modules are, in the two layouts the code runs from: the sources, unbundled through
 * Node's type stripping (the tests, and the CLI when it is not built), where a worker is `<name>.ts`
 * beside its caller; and the main build (electron.vite.config.ts: the Electron main process and the
 * built CLI), which emits every worker and the CLI as entries `<name>.js` in out/main with all shared
 * chunks in the same folder, so that `./<name>.js` resolves from any bundled module.
 */
import { fileURLToPath } from 'node:url';

/** The URL of worker `name` (a plain file name without extension), shipped beside the caller. */
export function workerModuleUrl(name: string, callerUrl: string): URL {
  const extension = new URL(callerUrl).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, callerUrl);
}

/**
 * The package's root directory, from a module at `callerUrl` that sits `depthInSources` folders
 * below it in the sources (src/cli/commands/ui.ts: 3); bundled, every module sits in out/main.
 */
export function packageRootOf(callerUrl: string, depthInSources: number): string {
  const depth = new URL(callerUrl).pathname.endsWith('.ts') ? depthInSources : 2;
  return fileURLToPath(new URL('../'.repeat(depth), callerUrl));
}
