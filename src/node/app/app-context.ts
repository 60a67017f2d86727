import type { VerificationReport } from '../../core/api/schemas/verification.ts';
import type { PolicySettings } from '../../core/api/schemas/settings.ts';
import type { REPLICA_KINDS } from '../../core/api/schemas/replicas.ts';
import type { OriginRecord, ReplicaStore } from '../replica/replica-store.ts';

/**
 * What the app's services share (src/node/app): the read side (queries behind the Overview,
 * Agents, Agent detail and Log screens, in ./queries) only needs an `AppReadContext`; the
 * operations (jobs, sources, verification, settings; AppServices) provide it.
 */

export type ReplicaKind = (typeof REPLICA_KINDS)[number];

export interface AppReadContext {
  /** The app's replica database (one file in the data directory, every pinned origin in it). */
  readonly store: ReplicaStore;
  /** The policy limits from Settings (dormancy, staleness, …). */
  policy(): PolicySettings;
  /** The latest verification report of the origin made by this app, or null. */
  latestReport(originId: number): VerificationReport | null;
  /** Whether a sync, import or verification job is running for the origin (AppServices: one at a time). */
  isBusy(originId: number): boolean;
  /** How the origin was filled (from its source: a bundle, the demo registry's URL, or a registry). */
  originKind(origin: OriginRecord): ReplicaKind;
  /** The wall clock in ms. */
  now(): number;
}

/** The built-in demo registry, started on demand (by main or `warden ui`, which may import src/server). */
export interface DemoRegistryHandle {
  readonly url: string;
  readonly origin: string;
  /** The log's C2SP vkey. */
  readonly logKey: string;
  readonly agents: number;
  readonly entries: number;
  close(): Promise<void>;
}

/** Starts the demo registry with its database under `dir` (reused when it already exists). */
export type DemoRegistryStarter = (dir: string) => Promise<DemoRegistryHandle>;

/** A file the person chose in a native dialog (Electron): the path stays in main. */
export interface DialogFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
}
export type BundleFileChooser = () => Promise<DialogFile | null>;
