import type { ApiHandlers, AppRuntime } from '../../core/api/contract.ts';
import { AppError } from '../../core/api/errors.ts';
import { API_METHOD_NAMES } from '../../core/api/methods.ts';
import type { AppServices } from '../app/app-services.ts';
import { withCodes } from '../app/coded-error.ts';
import { createReadHandlers } from '../app/read-handlers.ts';

/**
 * The app API's handler map (STYLE.md example 5), shared by Electron main (over IPC) and the test
 * bridge (over HTTP): main and the bridge only adapt the transport and call `invokeMethod`, which
 * validates arguments and results against the contract.
 *
 * Composition: app.info and app.ping answer from the context alone; with `services`, the read side
 * (replicas, overview, agents, log: src/node/app/read-handlers.ts) and the operations (jobs,
 * sources, files, bundles, verification, settings, menu commands: services.operations) serve every
 * other method. Without services (a bare bridge, tests of the transport) every other method fails
 * with APP_NO_SERVICES.
 */
export interface HandlerContext {
  /** The product name shown to people (PRODUCT_NAME). */
  readonly name: string;
  /** The app's version, from package.json (Electron: `app.getVersion()`). */
  readonly version: string;
  /** Which transport serves these handlers. */
  readonly runtime: AppRuntime;
}

/** The handler map for `context`, backed by `services` when given. Handlers receive arguments already validated by the contract. */
export function createApiHandlers(context: HandlerContext, services?: AppServices): ApiHandlers {
  const info = Object.freeze({ name: context.name, version: context.version, runtime: context.runtime });
  const handlers: Record<string, unknown> = {
    'app.info': () => info,
    'app.ping': ({ message }: { message: string }) => ({ message }),
  };
  if (services !== undefined) {
    const read = createReadHandlers(services) as Record<string, (args: unknown) => unknown>;
    for (const [method, handler] of Object.entries(read)) {
      // As the operations do: APP_CLOSED once closed, coded errors keep their codes, local paths are hidden.
      handlers[method] = withCodes((args: unknown) => {
        if (services.closed) throw new AppError('APP_CLOSED', 'the app is shutting down');
        return handler(args);
      }, services.scrub);
    }
    Object.assign(handlers, services.operations);
  }
  for (const method of API_METHOD_NAMES) {
    handlers[method] ??= () => {
      throw new AppError('APP_NO_SERVICES', `${method} needs the app's services, which this window was started without`);
    };
  }
  return handlers as unknown as ApiHandlers;
}
