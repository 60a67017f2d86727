/**
 * What the operation handlers (./handlers) share inside the app's services: the stores, the job
 * runner, the uploads, the settings, and a few helpers that state a policy once.
 */
import { AppError } from '../../core/api/errors.ts';
import type { PinnedKey } from '../../core/api/schemas/replicas.ts';
import type { OriginRecord, ReplicaStore } from '../replica/replica-store.ts';
import { logKeyFingerprint } from '../sync/key-fingerprint.ts';
import { parseVerifierKey } from '../../core/note/vkey.ts';
import { equalBytes } from '../../core/encoding/bytes.ts';
import type { BundleFileChooser } from './app-context.ts';
import type { MessageScrubber } from './coded-error.ts';
import type { CommandQueue } from './command-queue.ts';
import type { DemoRegistry } from './demo-registry.ts';
import type { JobRunner } from './job-runner.ts';
import type { ReportStore } from './report-store.ts';
import type { SettingsStore } from './settings-store.ts';
import type { UploadStore } from './upload-store.ts';

export interface AppState {
  readonly store: ReplicaStore;
  readonly settings: SettingsStore;
  readonly jobs: JobRunner;
  readonly uploads: UploadStore;
  readonly reports: ReportStore;
  readonly commands: CommandQueue;
  readonly demo: DemoRegistry;
  readonly chooseBundleFile: BundleFileChooser | undefined;
  readonly now: () => number;
  /** Hides local paths in messages that reach the window. */
  readonly scrub: MessageScrubber;
  /** Throws APP_CLOSED once the services are closed. */
  checkOpen(): void;
  /** A job added entries to the origin: prepares the read side's copies (never throws). */
  entriesAdded(originId: number): void;
}

/** The lock of one log: sync, import and verification of an origin never run at once. */
export function originLock(origin: string): string {
  return `origin:${origin}`;
}

/** The pinned origin `originId`. Throws APP_NOT_FOUND. */
export function requireOrigin(state: AppState, originId: number): OriginRecord {
  const origin = state.store.listOrigins().find((o) => o.id === originId);
  if (origin === undefined) throw new AppError('APP_NOT_FOUND', `no replica with id ${originId}`);
  return origin;
}

/** A vkey as people see it: name, verbatim key, fingerprint. Throws VKEY_MALFORMED. */
export function pinnedKeyOf(vkey: string): PinnedKey {
  const key = parseVerifierKey(vkey);
  return { name: key.name, vkey, fingerprint: logKeyFingerprint(key) };
}

/** Whether two vkeys are the same key (name, id, type, public key), whatever their spelling. */
export function sameKey(a: string, b: string): boolean {
  const x = parseVerifierKey(a);
  const y = parseVerifierKey(b);
  return x.name === y.name && x.keyId === y.keyId && x.type === y.type && equalBytes(x.publicKey, y.publicKey);
}

/**
 * The person's confirmation: `confirmFingerprint` must be the fingerprint of `logKey` (spaces
 * around it ignored). Throws APP_FINGERPRINT_MISMATCH, VKEY_MALFORMED.
 */
export function checkConfirmation(logKey: string, confirmFingerprint: string | undefined): void {
  const fingerprint = logKeyFingerprint(logKey);
  if (confirmFingerprint === undefined || confirmFingerprint.trim() !== fingerprint) {
    throw new AppError('APP_FINGERPRINT_MISMATCH', 'the confirmed fingerprint is not the fingerprint of this log key; nothing was pinned');
  }
}

/** Makes `originId` the active replica if none is. */
export function activateIfNone(state: AppState, originId: number): void {
  if (state.settings.get().activeOriginId === null) state.settings.update({ activeOriginId: originId });
}
