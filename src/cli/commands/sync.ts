/**
 * `warden sync --registry <url> --db <file> [--log-key <vkey>] [--witness <vkey>]… [--json]`
 *
 * Syncs a verified replica from a registry serving C2SP tlog-tiles (src/node/sync/sync-replica.ts):
 * the first sync of a registry pins its log key (given with --log-key; its fingerprint is printed,
 * to compare with the one the operator publishes); later syncs check it. A rollback or a fork is
 * refused and its evidence written to a file that `warden fork show` re-checks with the public key.
 * Exit 0 synced; 1 the evidence failed (fork, rollback, a bad checkpoint signature, tiles that do
 * not match the signed root, another log key); 2 bad arguments, an unreadable replica, network
 * failures after retries, cancellation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseVerifierKey } from '../../core/note/vkey.ts';
import { isReplicaError, type ReplicaErrorCode } from '../../node/replica/replica-error.ts';
import { ReplicaStore } from '../../node/replica/replica-store.ts';
import { formatForkEvidence, parseForkEvidence } from '../../node/sync/fork-evidence.ts';
import { HttpLogSource } from '../../node/sync/http-log-source.ts';
import { logKeyFingerprint } from '../../node/sync/key-fingerprint.ts';
import type { SyncProgress } from '../../node/sync/progress.ts';
import { syncReplica, type SyncResult } from '../../node/sync/sync-replica.ts';
import { CliError, describeError, EXIT_EVIDENCE_FAILED, EXIT_OK, EXIT_USAGE, formatErrorLine } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';

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
 * code; understands ReplicaError codes besides what describeError knows. Shared by the replica
 * commands.
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

export const syncCommand: CliCommand = {
  group: 'sync',
  name: '',
  summary: 'Sync a verified replica from a registry (C2SP tlog-tiles).',
  details: [
    'Every checkpoint is verified with the pinned log key (and the witnesses given), proven',
    'consistent with the last verified one from tiles, and every entry is checked against the',
    'signed root, parsed strictly, signature-checked and replayed before the checkpoint is recorded',
    'as verified. An interrupted sync resumes where it stopped.',
    '',
    'Exit codes: 0 synced; 1 fork, rollback, bad checkpoint, tiles not matching the signed root, or',
    'another log key than the pinned one; 2 bad arguments, unreadable replica, network failure.',
    '',
    'Example:',
    '  warden sync --registry http://127.0.0.1:8080 --db replica.db --log-key "<origin>+<id>+<base64>"',
  ].join('\n'),
  args: {
    options: [
      { name: 'registry', kind: 'string', required: true, valueName: '<url>', description: 'The log URL prefix (serving /checkpoint and /tile/…).' },
      { name: 'db', kind: 'string', required: true, valueName: '<file>', description: 'The replica database (created if missing).' },
      { name: 'log-key', kind: 'string', valueName: '<vkey>', description: 'The log verifier key: required the first time (pinned), checked after.' },
      { name: 'origin', kind: 'string', valueName: '<origin>', description: 'Which pinned origin to sync when --log-key is not given.' },
      { name: 'witness', kind: 'string', multiple: true, valueName: '<vkey>', description: 'A witness key that must cosign; repeat. Replaces the stored list.' },
      { name: 'witness-quorum', kind: 'string', valueName: '<n>', description: 'How many of the witnesses must cosign (default: all).' },
      { name: 'evidence-dir', kind: 'string', valueName: '<dir>', description: 'Where fork evidence files go (default: beside the replica).' },
      { name: 'timeout', kind: 'string', valueName: '<seconds>', description: 'Deadline of one request (default 30).' },
      { name: 'concurrency', kind: 'string', valueName: '<n>', description: 'Tiles fetched ahead (default 8).' },
      { name: 'batch', kind: 'string', valueName: '<n>', description: 'Entries per transaction (default 4096).' },
      { name: 'json', kind: 'boolean', description: 'Print one JSON object on stdout.' },
      { name: 'quiet', kind: 'boolean', description: 'No progress lines on stderr.' },
    ],
    positionals: [],
  },
  async run(args, io) {
    const json = args.flag('json');
    const quiet = args.flag('quiet') || json;
    const dbPath = args.string('db') as string;
    const logKey = args.string('log-key');
    const controller = new AbortController();
    const onSignal = (): void => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let store: ReplicaStore | undefined;
    try {
      const timeout = positiveInt(args.string('timeout'), 'timeout');
      const concurrency = positiveInt(args.string('concurrency'), 'concurrency');
      const batchEntries = positiveInt(args.string('batch'), 'batch');
      const witnessQuorum = positiveInt(args.string('witness-quorum'), 'witness-quorum');
      const witnesses = args.strings('witness');
      const source = new HttpLogSource(args.string('registry') as string, timeout === undefined ? {} : { timeoutMs: timeout * 1000 });
      store = ReplicaStore.open(dbPath);
      if (logKey !== undefined && !quiet) {
        const key = parseVerifierKey(logKey);
        if (store.findOrigin(key.name) === undefined) {
          io.stderr(`First sync of ${key.name}: pinning log key ${logKeyFingerprint(key)}.\nCompare this fingerprint with the one the registry's operator publishes.\n`);
        }
      }
      const result = await syncReplica({
        db: store,
        source,
        ...(logKey === undefined ? {} : { logKey }),
        ...(args.string('origin') === undefined ? {} : { origin: args.string('origin') as string }),
        ...(witnesses.length === 0 ? {} : { witnesses }),
        ...(witnessQuorum === undefined ? {} : { witnessQuorum }),
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(batchEntries === undefined ? {} : { batchEntries }),
        signal: controller.signal,
        ...(quiet ? {} : { onProgress: progressPrinter(io) }),
      });
      io.stdout(json ? `${JSON.stringify({ ok: true, ...result })}\n` : formatResult(result));
      return EXIT_OK;
    } catch (error) {
      const evidenceFile = writeEvidenceFile(error, args.string('evidence-dir') ?? dirname(dbPath), io);
      return reportFailure(io, error, json, evidenceFile === undefined ? {} : { evidenceFile });
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      store?.close();
    }
  },
};

/** For SYNC_FORK / SYNC_ROLLBACK: writes the evidence document to a file and says where. */
function writeEvidenceFile(error: unknown, dir: string, io: CliIo): string | undefined {
  if (!isReplicaError(error) || (error.code !== 'SYNC_FORK' && error.code !== 'SYNC_ROLLBACK')) return undefined;
  const document = error.details?.['document'];
  const id = error.details?.['evidenceId'];
  if (typeof document !== 'string') return undefined;
  try {
    const doc = parseForkEvidence(document);
    const safeOrigin = doc.origin.replace(/[^A-Za-z0-9._-]+/g, '_');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `fork-evidence-${safeOrigin}-${String(id)}.json`);
    writeFileSync(file, formatForkEvidence(doc));
    io.stderr(`Evidence written to ${file} (check it with: warden fork show ${file} --log-key <vkey>).\n`);
    return file;
  } catch (writeError) {
    io.stderr(`warden: could not write the evidence file: ${writeError instanceof Error ? writeError.message : String(writeError)}\n`);
    return undefined;
  }
}

function progressPrinter(io: CliIo): (p: SyncProgress) => void {
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

function formatResult(r: SyncResult): string {
  const rows: [string, string][] = [
    ['origin', r.origin],
    ['log key', `${r.logKeyFingerprint}${r.pinned ? ' (pinned now)' : ''}`],
    ['tree size', `${r.treeSize}${r.upToDate ? ' (up to date)' : ` (was ${r.previousSize})`}`],
    ['root (hex)', r.rootHex],
    ['entries added', String(r.entriesAdded)],
    ['rejected by replay', String(r.entriesRejected)],
    ['time', `${(r.elapsedMs / 1000).toFixed(2)} s, ${(r.bytes / 1e6).toFixed(2)} MB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const warning = r.entriesRejected > 0 ? `warning: ${r.entriesRejected} logged entries break the registry's rules (see entry_rejections)\n` : '';
  return `replica synced\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n${warning}`;
}
