import type { ApiHandlers, AppRuntime } from '../../core/api/contract.ts';

/**
 * The app API's handler map (STYLE.md example 5), shared by Electron main (over IPC) and the test
 * bridge (over HTTP): main and the bridge only adapt the transport and call `invokeMethod`, which
 * validates arguments and results against the contract. Each feature adds its handlers here as it
 * lands, backed by the services in src/node.
 */
export interface HandlerContext {
  /** The product name shown to people (PRODUCT_NAME). */
  readonly name: string;
  /** The app's version, from package.json (Electron: `app.getVersion()`). */
  readonly version: string;
  /** Which transport serves these handlers. */
  readonly runtime: AppRuntime;
}

/** The handler map for `context`. Handlers receive arguments already validated by the contract. */
export function createApiHandlers(context: HandlerContext): ApiHandlers {
  const info = Object.freeze({ name: context.name, version: context.version, runtime: context.runtime });
  return {
    'app.info': () => info,
    'app.ping': ({ message }) => ({ message }),
  };
}
