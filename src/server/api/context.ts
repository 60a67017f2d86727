/** What every API route module is given: the sequencer, the stores, the registry's keys, a clock. */
import type { Logger } from '../http/http-server.ts';
import type { Sequencer } from '../log/sequencer.ts';
import type { RegistryKeys } from '../keys/registry-keys.ts';
import type { ActivityStore } from '../store/activity-store.ts';
import type { LogStore } from '../store/log-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import type { Route } from '../http/router.ts';

export interface ApiLimits {
  /** Most statements in one `POST /v1/statements` (default 10,000). */
  readonly maxStatementsPerRequest: number;
  /** How far a client statement's `time` may be from the registry's clock (default 5 minutes). */
  readonly statementSkewMs: number;
  /** How long a session challenge may be answered (default 60 s). */
  readonly challengeTtlMs: number;
  /** Outstanding challenges per agent (default 16). */
  readonly maxChallengesPerAgent: number;
  /** Longest `?wait=checkpoint` (default 10 s). */
  readonly checkpointWaitMs: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = Object.freeze({
  maxStatementsPerRequest: 10_000,
  statementSkewMs: 5 * 60_000,
  challengeTtlMs: 60_000,
  maxChallengesPerAgent: 16,
  checkpointWaitMs: 10_000,
});

export interface RegistryContext {
  readonly sequencer: Sequencer;
  readonly store: LogStore;
  readonly activity: ActivityStore;
  readonly sessions: SessionStore;
  readonly keys: RegistryKeys;
  readonly limits: ApiLimits;
  readonly logger: Logger;
  /** Milliseconds since the epoch (the registry's clock; tests may move it). */
  readonly now: () => number;
  /** Registers cleanup to run when the server closes (before the log is closed). */
  onClose(hook: () => void | Promise<void>): void;
}

/** A module of routes (this server's API, and the admin-channel and event-stream modules). */
export type RouteModule = (context: RegistryContext) => readonly Route[];
