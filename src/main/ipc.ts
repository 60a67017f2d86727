import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ApiHandlers } from '../core/api/contract.ts';
import { failEnvelope, type ApiEnvelope } from '../core/api/envelope.ts';
import { invokeMethod } from '../core/api/invoke.ts';
import { API_METHOD_NAMES, channelForMethod, isApiMethod, type ApiMethod } from '../core/api/methods.ts';
import { isAllowedIpcSender } from './security.ts';

/**
 * The app API over Electron IPC (STYLE.md example 5; VS Code's ipcMain checks). main only adapts
 * the transport: `invokeMethod` validates arguments and results against the contract and turns every
 * failure into an envelope, exactly as for the test bridge.
 *
 * Policy: a channel exists only for a method of the contract (`warden:<method>`); a call is answered
 * only for the main frame of a page on the renderer's origin (API_FORBIDDEN otherwise); the handler
 * never throws across IPC, where only a message would survive.
 */
export interface IpcOptions {
  /** The URL the window loads (APP_ENTRY_URL or the dev server): its origin is the only accepted sender. */
  rendererUrl: string;
  /** Where uncoded handler failures are logged. */
  onInternalError?: (method: ApiMethod, error: unknown) => void;
}

/** Registers one IPC handler per contract method. */
export function registerApiHandlers(ipcMain: IpcMain, handlers: ApiHandlers, options: IpcOptions): void {
  for (const method of API_METHOD_NAMES) handle(ipcMain, method, handlers, options);
}

/** Registers the handler of `method`. Throws when `method` is not in the contract (a programming error). */
export function handle(ipcMain: IpcMain, method: ApiMethod, handlers: ApiHandlers, options: IpcOptions): void {
  if (!isApiMethod(method)) throw new Error(`${String(method)} is not an app API method`);
  ipcMain.handle(channelForMethod(method), async (event: IpcMainInvokeEvent, args: unknown): Promise<ApiEnvelope<unknown>> => {
    const frame = event.senderFrame;
    const sender = { frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null };
    if (!isAllowedIpcSender(sender, options.rendererUrl)) {
      return failEnvelope('API_FORBIDDEN', `${method}: refused a call from outside the app's window`);
    }
    return invokeMethod(method, args, handlers, { onInternalError: options.onInternalError });
  });
}
