/**
 * The operations side of the app API in one map (STYLE.md example 5: a handler map per feature,
 * merged): jobs, sources, files, bundles, verification, settings and the menu's commands. Every
 * handler first checks that the services are open (APP_CLOSED) and rethrows node service errors
 * with their codes and local paths hidden from the message (coded-error.ts).
 */
import type { ApiHandlers } from '../../../core/api/contract.ts';
import type { ApiMethod } from '../../../core/api/methods.ts';
import type { ReadMethod } from '../read-handlers.ts';
import { withCodes } from '../coded-error.ts';
import type { AppState } from '../app-state.ts';
import { createBundleHandlers } from './bundle-handlers.ts';
import { createFileHandlers } from './file-handlers.ts';
import { createJobHandlers } from './job-handlers.ts';
import { createSettingsHandlers } from './settings-handlers.ts';
import { createSourceHandlers } from './source-handlers.ts';
import { createVerifyHandlers } from './verify-handlers.ts';

/** Every method that is neither app.info/app.ping nor the read side (read-handlers.ts). */
export type OperationMethod = Exclude<ApiMethod, ReadMethod | 'app.info' | 'app.ping'>;
export type OperationHandlers = Pick<ApiHandlers, OperationMethod>;

export function createOperationHandlers(state: AppState): OperationHandlers {
  const handlers: OperationHandlers = {
    ...createJobHandlers(state),
    ...createSourceHandlers(state),
    ...createFileHandlers(state),
    ...createBundleHandlers(state),
    ...createVerifyHandlers(state),
    ...createSettingsHandlers(state),
  };
  const guarded: Record<string, unknown> = {};
  for (const method of Object.keys(handlers) as OperationMethod[]) {
    const handler = handlers[method] as (args: unknown) => unknown;
    guarded[method] = withCodes((args: unknown) => {
      state.checkOpen();
      return handler(args);
    }, state.scrub);
  }
  return guarded as unknown as OperationHandlers;
}
