import type { ApiMethod } from '../../core/api/methods.ts';
import type { ApiArgsInput, ApiResult } from '../../core/api/contract.ts';
import { call, toAppError } from '../api.ts';

/**
 * What the data screens' stores share: the error they keep for ErrorPanel (code and message only,
 * never the thrown object), and the API call they are given (the real `call`, or a fake in tests).
 */
export interface ShownError {
  readonly code: string;
  readonly message: string;
}

/** Any thrown value as {code, message}; uncoded failures become API_INTERNAL (api.ts toAppError). */
export function toShownError(error: unknown): ShownError {
  const { code, message } = toAppError(error);
  return { code, message };
}

/** The shape of `call` (src/renderer/api.ts): stores take one so tests can pass a fake. */
export type ApiCall = <M extends ApiMethod>(method: M, args: ApiArgsInput<M>) => Promise<ApiResult<M>>;

export const realCall: ApiCall = call;
