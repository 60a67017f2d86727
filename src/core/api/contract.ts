import { z } from 'zod';
import type { ApiMethod } from './methods.ts';
import type { ApiEnvelope } from './envelope.ts';

/**
 * The app API, defined once (DESIGN §2): every method's argument and result schema. Electron main
 * (src/main/ipc.ts) and the test bridge (src/node/bridge) validate every argument with these schemas
 * before a handler runs and every result before it leaves; the renderer checks results again; the
 * type of `window.warden` is derived from here.
 *
 * Policy:
 * - Arguments are always one JSON-compatible object (`{}` when a method takes none) parsed with a
 *   STRICT schema: an unknown key is refused (API_BAD_ARGUMENTS), never ignored, so a typo or a
 *   forged field cannot silently pass.
 * - Results are parsed with STRIPPING schemas: a key a handler returns but the contract does not
 *   name never reaches the renderer (this is how "private keys never reach the renderer" is enforced
 *   at the boundary, not just by care in each handler).
 * - Strings are bounded; sizes that can exceed 2^53 travel as decimal strings.
 *
 * Adding a method: add its name to `API_METHOD_NAMES` (methods.ts), its schemas here, and its
 * handler in src/node/bridge/handlers.ts; the type checker then demands all three.
 */
export interface MethodSpec {
  /** What the method does, for people reading the contract. */
  readonly summary: string;
  readonly args: z.ZodType;
  readonly result: z.ZodType;
}

/** Where the app runs: the Electron desktop app, or a local browser through the test bridge (DESIGN §7). */
export const APP_RUNTIMES = ['electron', 'browser'] as const;
export type AppRuntime = (typeof APP_RUNTIMES)[number];

/** The longest message `app.ping` echoes. */
export const PING_MAX_LENGTH = 1024;

const noArguments = z.strictObject({});

export const appInfoSchema = z.object({
  name: z.string().min(1).max(100),
  version: z.string().max(64).regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/),
  runtime: z.enum(APP_RUNTIMES),
});
export type AppInfo = z.output<typeof appInfoSchema>;

export const API_CONTRACT = {
  'app.info': {
    summary: 'The product name, its version, and whether it runs in Electron or in a browser through the bridge.',
    args: noArguments,
    result: appInfoSchema,
  },
  'app.ping': {
    summary: 'Echoes a message: proves the transport (IPC or bridge) end to end.',
    args: z.strictObject({ message: z.string().max(PING_MAX_LENGTH) }),
    result: z.object({ message: z.string().max(PING_MAX_LENGTH) }),
  },
} as const satisfies Record<ApiMethod, MethodSpec>;

type Contract = typeof API_CONTRACT;

/** What a caller passes to `method` (before parsing). */
export type ApiArgsInput<M extends ApiMethod> = z.input<Contract[M]['args']>;
/** What a handler of `method` receives (after parsing). */
export type ApiArgs<M extends ApiMethod> = z.output<Contract[M]['args']>;
/** What `method` resolves to. */
export type ApiResult<M extends ApiMethod> = z.output<Contract[M]['result']>;

/** The handler map that main and the bridge serve: one function per method, nothing else. */
export type ApiHandlers = {
  readonly [M in ApiMethod]: (args: ApiArgs<M>) => ApiResult<M> | Promise<ApiResult<M>>;
};

type DomainOf<M extends string> = M extends `${infer D}.${string}` ? D : never;
// A method whose arguments may all be omitted can be called without any: `warden.app.info()`.
type ArgsParameters<M extends ApiMethod> =
  Record<string, never> extends ApiArgsInput<M> ? [args?: ApiArgsInput<M>] : [args: ApiArgsInput<M>];

/**
 * The type of `window.warden`, as the preload (src/preload) and the test bridge's script expose it:
 * `warden.<domain>.<verb>(args)` resolving to the result envelope. It never rejects for a failure
 * the other side reported; the renderer's api.ts unwraps it (and still treats it as untrusted).
 */
export type WardenApi = {
  readonly [D in DomainOf<ApiMethod>]: {
    readonly [M in ApiMethod as M extends `${D}.${infer V}` ? V : never]: (
      ...args: ArgsParameters<M>
    ) => Promise<ApiEnvelope<ApiResult<M>>>;
  };
};
