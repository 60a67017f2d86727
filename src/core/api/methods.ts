/**
 * The names of the app API's methods, and nothing else: this file stays free of zod so that the
 * preload script and the test bridge's browser script, which only forward calls, carry no schema
 * code. `contract.ts` maps each name to its argument and result schemas, and a test checks that the
 * two lists are the same.
 *
 * Naming: `domain.verb` (STYLE.md), lowerCamelCase on both sides of the dot. The preload exposes
 * `window.warden.<domain>.<verb>(args)`; IPC carries it on the channel `warden:<domain>.<verb>`; the
 * test bridge on `POST /__warden/api/<domain>.<verb>`.
 */
export const API_METHOD_NAMES = [
  'app.info',
  'app.ping',
  'app.commands',
  'replicas.list',
  'overview.get',
  'agents.query',
  'agents.facets',
  'agents.exportCsv',
  'agents.get',
  'agents.trustHistory',
  'log.list',
  'log.types',
  'log.entry',
  'jobs.get',
  'jobs.list',
  'jobs.cancel',
  'registry.probe',
  'registry.connect',
  'sync.start',
  'demo.start',
  'files.begin',
  'files.chunk',
  'files.finish',
  'files.discard',
  'files.openDialog',
  'bundle.inspect',
  'bundle.import',
  'keys.fingerprint',
  'verify.start',
  'verify.latest',
  'verify.exportRecord',
  'settings.get',
  'settings.update',
] as const;

export type ApiMethod = (typeof API_METHOD_NAMES)[number];

/** The IPC channel prefix: every app API channel is `warden:` + method name, and no other channel exists. */
export const API_CHANNEL_PREFIX = 'warden:';

const METHOD_SET: ReadonlySet<string> = new Set(API_METHOD_NAMES);

/** Whether `value` names an app API method. Safe on attacker-controlled input (`__proto__`, non-strings). */
export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && METHOD_SET.has(value);
}

/** The IPC channel that carries `method`. */
export function channelForMethod(method: ApiMethod): string {
  return API_CHANNEL_PREFIX + method;
}

/** `'app.info'` → `['app', 'info']`. Precondition: `method` is a well-formed `domain.verb` name. */
export function splitMethod(method: ApiMethod): readonly [domain: string, verb: string] {
  const dot = method.indexOf('.');
  return [method.slice(0, dot), method.slice(dot + 1)];
}
