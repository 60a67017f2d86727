import type { WardenApi } from './contract.ts';
import { API_METHOD_NAMES, splitMethod, type ApiMethod } from './methods.ts';

/**
 * Builds the `window.warden` object from the method list: `warden.<domain>.<verb>(args)` calls
 * `call(method, args)`, with `{}` for omitted arguments. Used by the preload with an IPC `call`; the
 * test bridge's browser script builds the same shape from the same list (src/node/bridge). Every
 * level is frozen. No validation happens here: the serving side validates (invoke.ts) and the
 * renderer checks what comes back (envelope.ts).
 */
export function buildWardenApi(call: (method: ApiMethod, args: unknown) => Promise<unknown>): WardenApi {
  const domains = new Map<string, Record<string, (args?: unknown) => Promise<unknown>>>();
  for (const method of API_METHOD_NAMES) {
    const [domain, verb] = splitMethod(method);
    let verbs = domains.get(domain);
    if (verbs === undefined) {
      verbs = {};
      domains.set(domain, verbs);
    }
    verbs[verb] = (args?: unknown) => call(method, args === undefined ? {} : args);
  }
  const api: Record<string, unknown> = {};
  for (const [domain, verbs] of domains) api[domain] = Object.freeze(verbs);
  // The object is built from the same method list that WardenApi is derived from.
  return Object.freeze(api) as WardenApi;
}
