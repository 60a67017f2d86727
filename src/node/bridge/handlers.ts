import type { ApiHandlers, AppRuntime } from '../../core/api/contract.ts';
import { AppError } from '../../core/api/errors.ts';
import { API_METHOD_NAMES } from '../../core/api/methods.ts';

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
  const notYet = (method: string) => () => {
    throw new AppError('API_UNKNOWN_METHOD', `${method} is not available in this build`);
  };
  const handlers: Record<string, unknown> = {
    'app.info': () => info,
    'app.ping': ({ message }: { message: string }) => ({ message }),
  };
  for (const method of API_METHOD_NAMES) handlers[method] ??= notYet(method);
  // TEMPORARY during issue 6: the services replace the placeholders.
  return handlers as unknown as ApiHandlers;
}
