import { z } from 'zod';
import { API_CONTRACT, type ApiResult } from './contract.ts';
import { API_ERROR_CODE_PATTERN, AppError, type ApiErrorCode } from './errors.ts';
import type { ApiMethod } from './methods.ts';

/**
 * The result envelope of every app API call: `{ ok: true, value }` or
 * `{ ok: false, error: { code, message } }`. Handlers' failures become envelopes on the serving side
 * (invoke.ts), so nothing is ever thrown across IPC or HTTP, where only a message would survive.
 */
export interface ApiFailure {
  readonly code: ApiErrorCode;
  readonly message: string;
}

export type ApiEnvelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiFailure };

/** The longest error message an envelope may carry; longer ones are cut on the serving side. */
export const MAX_ERROR_MESSAGE_LENGTH = 2000;

export function okEnvelope<T>(value: T): ApiEnvelope<T> {
  return { ok: true, value };
}

/** A failure envelope; `message` is cut to MAX_ERROR_MESSAGE_LENGTH. */
export function failEnvelope(code: ApiErrorCode, message: string): ApiEnvelope<never> {
  return { ok: false, error: { code, message: message.slice(0, MAX_ERROR_MESSAGE_LENGTH) } };
}

const envelopeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({
    ok: z.literal(false),
    error: z.strictObject({
      code: z.string().regex(API_ERROR_CODE_PATTERN),
      message: z.string().max(MAX_ERROR_MESSAGE_LENGTH),
    }),
  }),
]);

/**
 * The value inside `raw`, an envelope answering `method`, checked against the contract's result
 * schema. `raw` is treated as untrusted: it crossed a process boundary.
 * Throws AppError with the envelope's own code for a failure envelope, or API_BAD_RESPONSE when `raw`
 * is not an envelope or its value does not match the contract.
 */
export function unwrapEnvelope<M extends ApiMethod>(method: M, raw: unknown): ApiResult<M> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new AppError('API_BAD_RESPONSE', `${method}: the answer is not a result envelope`);
  }
  if (!envelope.data.ok) {
    // The code matched API_ERROR_CODE_PATTERN; our own serving side produced it from the ApiErrorCode union.
    throw new AppError(envelope.data.error.code as ApiErrorCode, envelope.data.error.message);
  }
  const value = API_CONTRACT[method].result.safeParse(envelope.data.value);
  if (!value.success) {
    throw new AppError('API_BAD_RESPONSE', `${method}: the result does not match the app API contract`);
  }
  return value.data as ApiResult<M>;
}
