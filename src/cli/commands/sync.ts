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
import { dirname } from 'node:path';
import { ReplicaStore } from '../../node/replica/replica-store.ts';
import { HttpLogSource } from '../../node/sync/http-log-source.ts';
import { syncReplica, type SyncResult } from '../../node/sync/sync-replica.ts';
import { EXIT_OK } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import {
  announcePinning,
  formatReplicaResult,
  positiveInt,
  progressPrinter,
  reportFailure,
  withCancellation,
  writeForkEvidenceFile,
} from '../replica-support.ts';

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
      { name: 'batch', kind: 'string', valueName: '<n>', description: 'Entries per transaction (default 16384).' },
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
    let store: ReplicaStore | undefined;
    try {
      const timeout = positiveInt(args.string('timeout'), 'timeout');
      const concurrency = positiveInt(args.string('concurrency'), 'concurrency');
      const batchEntries = positiveInt(args.string('batch'), 'batch');
      const witnessQuorum = positiveInt(args.string('witness-quorum'), 'witness-quorum');
      const witnesses = args.strings('witness');
      const source = new HttpLogSource(args.string('registry') as string, timeout === undefined ? {} : { timeoutMs: timeout * 1000 });
      const db = ReplicaStore.open(dbPath);
      store = db;
      if (logKey !== undefined && !quiet) announcePinning(io, db, logKey, 'sync');
      const result = await withCancellation((signal) =>
        syncReplica({
          db,
          source,
          ...(logKey === undefined ? {} : { logKey }),
          ...(args.string('origin') === undefined ? {} : { origin: args.string('origin') as string }),
          ...(witnesses.length === 0 ? {} : { witnesses }),
          ...(witnessQuorum === undefined ? {} : { witnessQuorum }),
          ...(concurrency === undefined ? {} : { concurrency }),
          ...(batchEntries === undefined ? {} : { batchEntries }),
          signal,
          ...(quiet ? {} : { onProgress: progressPrinter(io) }),
        }),
      );
      io.stdout(json ? `${JSON.stringify({ ok: true, ...result })}\n` : formatResult(result));
      return EXIT_OK;
    } catch (error) {
      const evidenceFile = writeForkEvidenceFile(error, args.string('evidence-dir') ?? dirname(dbPath), io);
      return reportFailure(io, error, json, evidenceFile === undefined ? {} : { evidenceFile });
    } finally {
      store?.close();
    }
  },
};

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
  return formatReplicaResult('replica synced', rows, r.entriesRejected);
}
