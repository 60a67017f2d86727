import type { z } from 'zod';
import { isProtocolError } from '../errors.ts';
import { API_CONTRACT, type ApiHandlers } from './contract.ts';
import { failEnvelope, okEnvelope, type ApiEnvelope } from './envelope.ts';
import { AppError } from './errors.ts';
import { isApiMethod, type ApiMethod } from './methods.ts';

/**
 * The one transport-neutral entry into the app API, used by Electron main's IPC handlers and by the
 * test bridge alike, so that only the transport differs between them (DESIGN §7).
 *
 * Policy: the method must be in the contract; the arguments (attacker-controlled: whatever the
 * renderer or an HTTP client sent) must pass the method's strict schema before the handler sees
 * them; the handler's result must pass the result schema (which strips unnamed keys) before it leaves.
 * Every failure becomes a failure envelope: this function never throws and never rejects. A coded
 * error (ProtocolError, AppError) keeps its code and message; any other exception becomes
 * API_INTERNAL with a generic message (its text may hold paths or internals) and is reported to
 * `onInternalError` for the log.
 */
export interface InvokeOptions {
  /** Called with uncoded handler failures and contract violations, for logging. Must not throw. */
  onInternalError?: (method: ApiMethod, error: unknown) => void;
}

const MAX_ISSUES_IN_MESSAGE = 3;

/**
 * Runs `handlers[method]` on `args` and returns the result envelope.
 * Failure codes in the envelope: API_UNKNOWN_METHOD, API_BAD_ARGUMENTS, API_INTERNAL, or the code of
 * a coded error the handler threw.
 */
export async function invokeMethod(
  method: unknown,
  args: unknown,
  handlers: ApiHandlers,
  options: InvokeOptions = {},
): Promise<ApiEnvelope<unknown>> {
  if (!isApiMethod(method)) {
    return failEnvelope('API_UNKNOWN_METHOD', `unknown app API method ${describeName(method)}`);
  }
  const spec = API_CONTRACT[method];
  try {
    const parsed = spec.args.safeParse(args);
    if (!parsed.success) {
      return failEnvelope('API_BAD_ARGUMENTS', `${method}: ${summariseIssues(parsed.error.issues)}`);
    }
    const handler: unknown = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (typeof handler !== 'function') {
      report(options, method, new Error(`no handler registered for ${method}`));
      return failEnvelope('API_INTERNAL', `${method}: the operation is not available`);
    }
    const result: unknown = await (handler as (value: unknown) => unknown)(parsed.data);
    const checked = spec.result.safeParse(result);
    if (!checked.success) {
      report(options, method, new Error(`${method} returned a result outside the contract: ${summariseIssues(checked.error.issues)}`));
      return failEnvelope('API_INTERNAL', `${method}: the operation returned an unexpected result`);
    }
    return okEnvelope(checked.data);
  } catch (error) {
    if (isProtocolError(error) || error instanceof AppError) return failEnvelope(error.code, error.message);
    report(options, method, error);
    return failEnvelope('API_INTERNAL', `${method}: the operation failed unexpectedly`);
  }
}

function report(options: InvokeOptions, method: ApiMethod, error: unknown): void {
  try {
    options.onInternalError?.(method, error);
  } catch {
    // Logging must never turn a failure envelope into a rejection.
  }
}

// Names which field failed and why, never the value (it may be a secret or be huge).
function summariseIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => {
    const path = issue.path.length === 0 ? 'arguments' : issue.path.map(String).join('.');
    return `${path}: ${issue.message}`;
  });
  const more = issues.length > MAX_ISSUES_IN_MESSAGE ? ` (and ${issues.length - MAX_ISSUES_IN_MESSAGE} more)` : '';
  return parts.join('; ') + more;
}

function describeName(method: unknown): string {
  if (typeof method !== 'string') return `(a ${typeof method})`;
  return JSON.stringify(method.slice(0, 80));
}
