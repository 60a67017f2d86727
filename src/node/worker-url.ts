/**
 * The URL of a worker module shipped beside the caller.
 *
 * Two layouts exist: the sources run unbundled through Node's type stripping (the CLI, the server,
 * the tests), where the worker is `<name>.ts` beside the caller; and the Electron main build
 * (electron.vite.config.ts), which emits every worker as its own entry `<name>.js` in out/main with
 * all shared chunks in the same folder, so that `./<name>.js` resolves from any bundled module.
 * Precondition: `name` is a plain file name without extension.
 */
export function workerModuleUrl(name: string, callerUrl: string): URL {
  const extension = new URL(callerUrl).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, callerUrl);
}
