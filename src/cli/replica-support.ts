/**
 * What the replica commands (sync, bundle import/export, db check, fork show) share: failure
 * reporting that knows ReplicaError codes, option parsing, Ctrl-C cancellation, the first-pin
 * fingerprint notice, fork-evidence files, progress lines and result tables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVerifierKey } from '../core/note/vkey.ts';
import { isReplicaError, type ReplicaErrorCode } from '../node/replica/replica-error.ts';
import type { ReplicaStore } from '../node/replica/replica-store.ts';
import { formatForkEvidence, parseForkEvidence } from '../node/sync/fork-evidence.ts';
import { logKeyFingerprint } from '../node/sync/key-fingerprint.ts';
import type { SyncProgress } from '../node/sync/progress.ts';
import { CliError, describeError, EXIT_EVIDENCE_FAILED, EXIT_USAGE, formatErrorLine } from './cli-error.ts';
import type { CliIo } from './io.ts';

/** Replica and sync codes meaning "the evidence is wrong" (exit 1); every other code exits 2. */
const EVIDENCE_CODES: ReadonlySet<ReplicaErrorCode> = new Set<ReplicaErrorCode>([
  'SYNC_FORK',
  'SYNC_ROLLBACK',
  'SYNC_CHECKPOINT_INVALID',
  'SYNC_WITNESS_MISSING',
  'SYNC_TILES_INCONSISTENT',
  'SYNC_LOG_KEY_MISMATCH',
]);

/**
 * Prints a failure as `warden: <CODE>: <message>` (and as JSON with --json) and returns its exit
 * code; understands ReplicaError codes besides what describeError knows.
 */
export function reportFailure(io: CliIo, error: unknown, json: boolean, extra: Record<string, unknown> = {}): number {
  const described = isReplicaError(error)
    ? { code: error.code, message: error.message, exitCode: EVIDENCE_CODES.has(error.code) ? EXIT_EVIDENCE_FAILED : EXIT_USAGE }
    : describeError(error);
  if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: described.code, message: described.message }, ...extra })}\n`);
  io.stderr(formatErrorLine(described.code, described.message));
  return described.exitCode;
}

/** A positive integer option, or undefined. Throws CliError USAGE. */
export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new CliError('USAGE', `--${name} must be a positive integer`);
  return Number(value);
}

/** Runs `body` with an AbortSignal that SIGINT and SIGTERM abort, removing the handlers after. */
export async function withCancellation<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await body(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** On the first sight of an origin, prints the fingerprint of the log key about to be pinned. */
export function announcePinning(io: CliIo, store: ReplicaStore, logKey: string, what: string): void {
  const key = parseVerifierKey(logKey);
  if (store.findOrigin(key.name) !== undefined) return;
  io.stderr(`First ${what} of ${key.name}: pinning log key ${logKeyFingerprint(key)}.\nCompare this fingerprint with the one the registry's operator publishes.\n`);
}

/** For SYNC_FORK / SYNC_ROLLBACK: writes the evidence document to a file in `dir` and says where. */
export function writeForkEvidenceFile(error: unknown, dir: string, io: CliIo): string | undefined {
  if (!isReplicaError(error) || (error.code !== 'SYNC_FORK' && error.code !== 'SYNC_ROLLBACK')) return undefined;
  const document = error.details?.['document'];
  if (typeof document !== 'string') return undefined;
  try {
    const doc = parseForkEvidence(document);
    const file = join(dir, `fork-evidence-${doc.origin.replace(/[^A-Za-z0-9._-]+/g, '_')}-${String(error.details?.['evidenceId'])}.json`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, formatForkEvidence(doc));
    io.stderr(`Evidence written to ${file} (check it with: warden fork show ${file} --log-key <vkey>).\n`);
    return file;
  } catch (writeError) {
    io.stderr(`warden: could not write the evidence file: ${writeError instanceof Error ? writeError.message : String(writeError)}\n`);
    return undefined;
  }
}

/** One progress line per second of the entries phase, on stderr. */
export function progressPrinter(io: CliIo): (p: SyncProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (p.phase !== 'entries' || now - last < 1000) return;
    last = now;
    const pct = p.entriesTotal === 0 ? 100 : Math.floor((100 * p.entriesDone) / p.entriesTotal);
    const eta = p.etaSeconds === null ? '?' : `${Math.ceil(p.etaSeconds)} s`;
    io.stderr(
      `  ${p.entriesDone.toLocaleString('en-US')}/${p.entriesTotal.toLocaleString('en-US')} entries (${pct}%), ` +
        `${Math.round(p.entriesPerSecond).toLocaleString('en-US')} entries/s, ${(p.bytesPerSecond / 1e6).toFixed(1)} MB/s, ETA ${eta}\n`,
    );
  };
}

/** `title`, then aligned label/value rows, then a warning when the replay refused logged entries. */
export function formatReplicaResult(title: string, rows: readonly [string, string][], entriesRejected: number): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  const warning = entriesRejected > 0 ? `warning: ${entriesRejected} logged entries break the registry's rules (see entry_rejections)\n` : '';
  return `${title}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n${warning}`;
}
