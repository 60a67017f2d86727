import { z } from 'zod';
import type { ApiMethod } from './methods.ts';
import {
  agentDetailResult,
  agentRefArgs,
  agentsExportArgs,
  agentsExportResult,
  agentsFacetsResult,
  agentsQueryArgs,
  agentsQueryResult,
  trustHistoryResult,
} from './schemas/agents.ts';
import { originIdSchema } from './schemas/common.ts';
import { jobRefArgs, jobSchema, jobStartedResult, jobsListResult } from './schemas/jobs.ts';
import { logEntryArgs, logEntryResult, logListArgs, logListResult, logTypesResult } from './schemas/log.ts';
import { overviewResult, replicasListResult } from './schemas/replicas.ts';
import { settingsSchema, settingsUpdateArgs } from './schemas/settings.ts';
import {
  bundleImportArgs,
  bundleInspectResult,
  chosenFileSchema,
  connectStartedResult,
  demoStartResult,
  fileBeginArgs,
  fileChunkArgs,
  fileChunkResult,
  fileDialogResult,
  fileRefArgs,
  keyFingerprintArgs,
  keyFingerprintResult,
  registryConnectArgs,
  registryProbeArgs,
  registryProbeResult,
  syncStartArgs,
} from './schemas/sources.ts';
import { verifyExportResult, verifyLatestArgs, verifyLatestResult, verifyStartArgs } from './schemas/verification.ts';
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

/** What the native menu asks the window to do (File: Open evidence bundle…, Connect to registry…, Export…; View). */
export const APP_COMMANDS = ['open-bundle', 'connect-registry', 'export', 'verify', 'go-overview', 'go-agents', 'go-log', 'go-verification', 'go-settings'] as const;
export const appCommandSchema = z.object({ seq: z.number().int().min(1), command: z.enum(APP_COMMANDS) });
export type AppCommand = z.output<typeof appCommandSchema>;
const originArgs = z.strictObject({ originId: originIdSchema });
const nothing = z.object({});

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
  'app.commands': {
    summary: 'Commands from the native menu (Electron) after `after`: waits up to 20 s for one, then answers with none.',
    args: z.strictObject({ after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
    result: z.object({ commands: z.array(appCommandSchema).max(100) }),
  },
  'replicas.list': { summary: 'Every replica (pinned registry log) with its sync state and keys.', args: noArguments, result: replicasListResult },
  'overview.get': { summary: 'The Overview screen of one replica.', args: originArgs, result: overviewResult },
  'agents.query': { summary: 'One page of agents matching a filter, sorted, with the total.', args: agentsQueryArgs, result: agentsQueryResult },
  'agents.facets': { summary: 'Tenants and common owners, for the Agents filters.', args: originArgs, result: agentsFacetsResult },
  'agents.exportCsv': { summary: 'The current Agents view (filter, sort, columns) as CSV.', args: agentsExportArgs, result: agentsExportResult },
  'agents.get': { summary: 'Everything about one agent (Agent detail screen).', args: agentRefArgs, result: agentDetailResult },
  'agents.trustHistory': { summary: "One agent's trust-score history as columns, with anomalies.", args: agentRefArgs, result: trustHistoryResult },
  'log.list': { summary: 'One page of log entries by index, time, type, tenant or subject.', args: logListArgs, result: logListResult },
  'log.types': { summary: 'Statement types in the log, with counts.', args: originArgs, result: logTypesResult },
  'log.entry': { summary: 'One entry: canonical JSON, signatures re-checked, inclusion proof.', args: logEntryArgs, result: logEntryResult },
  'jobs.get': { summary: 'A job\'s progress or outcome.', args: jobRefArgs, result: jobSchema },
  'jobs.list': { summary: 'Running and recent jobs.', args: noArguments, result: jobsListResult },
  'jobs.cancel': { summary: 'Cancels a running job (committed work is kept).', args: jobRefArgs, result: jobSchema },
  'registry.probe': { summary: 'Reads a registry\'s newest checkpoint and claimed key, without pinning anything.', args: registryProbeArgs, result: registryProbeResult },
  'registry.connect': { summary: 'Pins the confirmed log key and starts syncing from the registry.', args: registryConnectArgs, result: connectStartedResult },
  'sync.start': { summary: 'Syncs a registry replica from its source.', args: syncStartArgs, result: jobStartedResult },
  'demo.start': { summary: 'Starts the built-in demo registry on 127.0.0.1 (nothing pinned yet).', args: noArguments, result: demoStartResult },
  'files.begin': { summary: 'Starts handing over a file the person chose.', args: fileBeginArgs, result: chosenFileSchema },
  'files.chunk': { summary: 'One chunk of a chosen file, in order.', args: fileChunkArgs, result: fileChunkResult },
  'files.finish': { summary: 'Completes a handed-over file.', args: fileRefArgs, result: chosenFileSchema },
  'files.discard': { summary: 'Forgets a handed-over file.', args: fileRefArgs, result: nothing },
  'files.openDialog': { summary: 'Shows the native open dialog for an evidence bundle (Electron only).', args: noArguments, result: fileDialogResult },
  'bundle.inspect': { summary: 'Reads a bundle\'s manifest and newest checkpoint, without trusting or importing it.', args: fileRefArgs, result: bundleInspectResult },
  'bundle.import': { summary: 'Imports a bundle into the replica under the confirmed log key.', args: bundleImportArgs, result: jobStartedResult },
  'keys.fingerprint': { summary: 'The name and fingerprint of a C2SP vkey, for confirmation.', args: keyFingerprintArgs, result: keyFingerprintResult },
  'verify.start': { summary: 'Runs the independent verifier on a replica.', args: verifyStartArgs, result: jobStartedResult },
  'verify.latest': { summary: 'The latest verification report of a replica.', args: verifyLatestArgs, result: verifyLatestResult },
  'verify.exportRecord': { summary: 'The latest verification record (canonical JSON).', args: verifyLatestArgs, result: verifyExportResult },
  'settings.get': { summary: 'Theme, policy limits and the active replica.', args: noArguments, result: settingsSchema },
  'settings.update': { summary: 'Changes settings; returns them all.', args: settingsUpdateArgs, result: settingsSchema },
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
