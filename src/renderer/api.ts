import type { ApiArgsInput, ApiResult, WardenApi } from '../core/api/contract.ts';
import { unwrapEnvelope } from '../core/api/envelope.ts';
import { AppError } from '../core/api/errors.ts';
import { splitMethod, type ApiMethod } from '../core/api/methods.ts';

/**
 * The renderer's only door to the app: `window.warden` (preload or test bridge). Each call's
 * envelope is checked (it crossed a process boundary) and unwrapped; every failure surfaces as an
 * AppError with a code that describeAppError turns into words.
 */
async function request<M extends ApiMethod>(method: M, send: (warden: WardenApi) => Promise<unknown>): Promise<ApiResult<M>> {
  const warden = window.warden;
  if (warden === undefined) {
    throw new AppError('API_UNAVAILABLE', 'window.warden is missing: the page was not opened by the app or the bridge');
  }
  let raw: unknown;
  try {
    raw = await send(warden);
  } catch (error) {
    throw new AppError('API_TRANSPORT', `${method}: the call could not be delivered`, { cause: error });
  }
  return unwrapEnvelope(method, raw);
}

/**
 * Calls any app API method by name: `call('agents.query', { originId, … })`. Rejects with an
 * AppError (the envelope's code, or API_UNAVAILABLE / API_TRANSPORT / API_BAD_RESPONSE).
 */
export function call<M extends ApiMethod>(method: M, args: ApiArgsInput<M>): Promise<ApiResult<M>> {
  return request(method, (warden) => {
    const [domain, verb] = splitMethod(method);
    const fn = (warden as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>)[domain]?.[verb];
    if (fn === undefined) throw new AppError('API_UNAVAILABLE', `${method} is not exposed by window.warden`);
    return fn(args);
  });
}

/** The app domain of the API. */
export const appApi = {
  /** Product name, version and runtime. Rejects with an AppError. */
  info: () => request('app.info', (warden) => warden.app.info()),
  /** Echoes `message` through the transport. Rejects with an AppError. */
  ping: (message: string) => request('app.ping', (warden) => warden.app.ping({ message })),
};

/** A failure as the screens keep it for ErrorPanel: its code and message, never the thrown object. */
export interface ShownError {
  readonly code: string;
  readonly message: string;
}

/** Any thrown value as {code, message}; uncoded failures become API_INTERNAL (toAppError). */
export function toShownError(error: unknown): ShownError {
  const { code, message } = toAppError(error);
  return { code, message };
}

/** The shape of `call`: stores take one so that tests can pass a fake. */
export type ApiCall = <M extends ApiMethod>(method: M, args: ApiArgsInput<M>) => Promise<ApiResult<M>>;

/** `error` as an AppError: itself when it is one, API_INTERNAL otherwise. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('API_INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}
