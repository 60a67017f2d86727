/**
 * The desktop app's services (issue 6), behind the app API's handlers: one replica database for
 * every pinned log, settings, jobs, handed-over files, verification reports, the demo registry and
 * the native menu's commands. Shared by Electron main and `warden ui` (the bridge).
 *
 * Data directory layout (created as needed):
 *   replica.db                     the replica (ReplicaStore), every pinned origin
 *   settings.json                  theme, policy limits, active replica (settings-store.ts)
 *   reports/<originId>.json        the latest VerificationReport per replica
 *   reports/<originId>.record.json its verification record (canonical JSON bytes)
 *   uploads/                       files handed over by the window (deleted on discard and close)
 *   demo/                          the demo registry's database
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { AppCommand } from '../../core/api/contract.ts';
import { AppError } from '../../core/api/errors.ts';
import type { Job } from '../../core/api/schemas/jobs.ts';
import type { PolicySettings } from '../../core/api/schemas/settings.ts';
import type { VerificationReport } from '../../core/api/schemas/verification.ts';
import { ReplicaStore, type OriginRecord } from '../replica/replica-store.ts';
import { warmReadSide } from './read-handlers.ts';
import type { AppReadContext, BundleFileChooser, DemoRegistryStarter, ReplicaKind } from './app-context.ts';
import type { AppState } from './app-state.ts';
import { createPathScrubber, type MessageScrubber } from './coded-error.ts';
import { CommandQueue, COMMAND_WAIT_MS } from './command-queue.ts';
import { DemoRegistry } from './demo-registry.ts';
import { createOperationHandlers, type OperationHandlers } from './handlers/operation-handlers.ts';
import { JobRunner } from './job-runner.ts';
import { ReportStore } from './report-store.ts';
import { SettingsStore } from './settings-store.ts';
import { UploadStore } from './upload-store.ts';

export interface AppServicesOptions {
  /** The app's data directory (created if missing). */
  readonly dataDir: string;
  /** Starts the demo registry (main and `warden ui` pass it; without it demo.start is APP_DEMO_UNAVAILABLE). */
  readonly startDemoRegistry?: DemoRegistryStarter;
  /** The native open dialog (Electron; without it files.openDialog is APP_UNSUPPORTED). */
  readonly chooseBundleFile?: BundleFileChooser;
  /** The wall clock in ms (tests). */
  readonly now?: () => number;
  /** How long `app.commands` waits for a command (default 20 s; tests use less). */
  readonly commandWaitMs?: number;
  /** Called with uncoded failures of jobs, for the log. Must not throw. */
  readonly onInternalError?: (error: unknown) => void;
}

export interface AppServices extends AppReadContext {
  readonly dataDir: string;
  /** Hides local paths in a message bound for the window (the read handlers use it too). */
  readonly scrub: MessageScrubber;
  /** True once `close` was called: every handler then answers APP_CLOSED. */
  readonly closed: boolean;
  /** The handlers of the operations (every method but app.info, app.ping and the read side). */
  readonly operations: OperationHandlers;
  /** A command from the native menu, for the window's `app.commands` long poll. */
  pushCommand(command: AppCommand['command']): void;
  /** Resolves when job `jobId` has ended (tests, the CLI). Throws APP_JOB_UNKNOWN. */
  waitForJob(jobId: string): Promise<Job>;
  /** Cancels running jobs, stops the demo, answers pending long polls, deletes uploads, closes the replica. Idempotent. */
  close(): Promise<void>;
}

export type { OperationHandlers } from './handlers/operation-handlers.ts';

export const REPLICA_FILE = 'replica.db';

/**
 * Opens the services on `options.dataDir`. Throws ReplicaError REPLICA_UNREADABLE or
 * REPLICA_NEWER_THAN_CODE when replica.db cannot be used, or the fs error when the directory
 * or its folders cannot be created (the replica is then closed again). A corrupt settings file never throws (settings-store.ts).
 */
export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const now = options.now ?? Date.now;
  const store = ReplicaStore.open(path.join(dataDir, REPLICA_FILE), { now });
  let closed = false;
  let closing: Promise<void> | undefined;
  // Messages cross to the window: the data directory and the home directory are not its business.
  const scrub = createPathScrubber([
    [dataDir, '<app data>'],
    [homedir(), '~'],
  ]);
  let state: AppState;
  // Set once `services` exists (the read side needs the whole read context).
  let warm: (originId: number) => void = () => {};
  try {
    state = {
      store,
      settings: new SettingsStore(dataDir, now),
      jobs: new JobRunner(now, options.onInternalError, scrub),
      uploads: new UploadStore(path.join(dataDir, 'uploads')),
      reports: new ReportStore(path.join(dataDir, 'reports')),
      commands: new CommandQueue(options.commandWaitMs ?? COMMAND_WAIT_MS),
      demo: new DemoRegistry(path.join(dataDir, 'demo'), options.startDemoRegistry),
      chooseBundleFile: options.chooseBundleFile,
      now,
      scrub,
      checkOpen: () => {
        if (closed) throw new AppError('APP_CLOSED', 'the app is shutting down');
      },
      entriesAdded: (originId) => warm(originId),
    };
  } catch (error) {
    // An unusable data directory (permissions, a file where a folder should be): nothing stays open.
    store.close();
    throw error;
  }
  const operations = createOperationHandlers(state);

  const services: AppServices = {
    dataDir,
    scrub,
    get closed() {
      return closed;
    },
    store,
    operations,
    policy: (): PolicySettings => state.settings.get().policy,
    latestReport: (originId: number): VerificationReport | null => state.reports.latest(originId),
    isBusy: (originId: number): boolean => state.jobs.isRunningFor(originId),
    originKind: (origin: OriginRecord): ReplicaKind => {
      if (origin.source?.startsWith('bundle:') === true) return 'bundle';
      if (state.demo.origin !== undefined && origin.origin === state.demo.origin) return 'demo';
      return 'registry';
    },
    now,
    pushCommand: (command) => state.commands.push(command),
    waitForJob: (jobId) => state.jobs.settled(jobId),
    close: () => {
      closing ??= (async () => {
        closed = true;
        state.commands.close();
        await state.jobs.cancelAll();
        await state.demo.close();
        state.uploads.clear();
        store.close();
      })();
      return closing;
    },
  };
  warm = (originId) => {
    // Inside the job that added the entries, so the first screen after it opens at once (about a
    // second at 100,000 agents otherwise). A failure here is the read side's to report later.
    try {
      warmReadSide(services, originId);
    } catch (error) {
      options.onInternalError?.(error);
    }
  };
  return services;
}
