/**
 * `warden bundle import <file> --db <file> [--log-key <vkey>] [--witness <vkey>]…
 *  [--witness-quorum <n>] [--evidence-dir <dir>] [--json] [--quiet]`
 *
 * Imports an evidence bundle into the replica (src/node/bundle/import-bundle.ts), verified exactly
 * as `warden sync` verifies a registry: the same engine reads the bundle's tiles instead of HTTP.
 * Keys are never taken from the bundle: --log-key is required the first time an origin is seen
 * (and pinned), checked against the pinned key after. A fork is refused and its evidence written
 * to a file that `warden fork show` re-checks.
 * Exit 0 imported; 1 the evidence failed (fork, rollback, a bad checkpoint signature, missing
 * witness cosignatures, tiles not matching the signed root, another log key); 2 bad arguments, a
 * hostile, damaged or incomplete bundle (BUNDLE_*), an unreadable replica, cancellation.
 */
import { dirname } from 'node:path';
import { parseVerifierKey } from '../../core/note/vkey.ts';
import { importBundle, type ImportBundleResult } from '../../node/bundle/import-bundle.ts';
import { ReplicaStore } from '../../node/replica/replica-store.ts';
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

export const bundleImportCommand: CliCommand = {
  group: 'bundle',
  name: 'import',
  summary: 'Import an evidence bundle into the replica, verified as a sync.',
  details: [
    'The container is checked first (zip structure, names, sizes, compression ratio, manifest and',
    'every SHA-256): a hostile or damaged bundle is refused and nothing is stored. Then every',
    'checkpoint of the bundle is verified with the pinned log key, and the log is verified and',
    'replayed by the sync engine, reading tiles from the bundle instead of a registry.',
    '',
    'Exit codes: 0 imported; 1 fork, rollback, bad checkpoint, missing witness cosignatures, tiles',
    'not matching the signed root, or another log key; 2 bad arguments, a hostile, damaged or',
    'incomplete bundle, an unreadable replica.',
    '',
    'Example:',
    '  warden bundle import evidence.zip --db replica.db --log-key "<origin>+<id>+<base64>"',
  ].join('\n'),
  args: {
    options: [
      { name: 'db', kind: 'string', required: true, valueName: '<file>', description: 'The replica database (created if missing).' },
      { name: 'log-key', kind: 'string', valueName: '<vkey>', description: 'The log verifier key: required the first time (pinned), checked after.' },
      { name: 'witness', kind: 'string', multiple: true, valueName: '<vkey>', description: 'A witness key that must cosign; repeat. Replaces the stored list.' },
      { name: 'witness-quorum', kind: 'string', valueName: '<n>', description: 'How many of the witnesses must cosign (default: all).' },
      { name: 'evidence-dir', kind: 'string', valueName: '<dir>', description: 'Where fork evidence files go (default: beside the replica).' },
      { name: 'json', kind: 'boolean', description: 'Print one JSON object on stdout.' },
      { name: 'quiet', kind: 'boolean', description: 'No progress lines on stderr.' },
    ],
    positionals: [{ name: 'file', description: 'The evidence bundle (zip).' }],
  },
  async run(args, io) {
    const json = args.flag('json');
    const quiet = args.flag('quiet') || json;
    const dbPath = args.string('db') as string;
    const logKey = args.string('log-key');
    let store: ReplicaStore | undefined;
    try {
      const witnessQuorum = positiveInt(args.string('witness-quorum'), 'witness-quorum');
      const witnesses = args.strings('witness');
      if (logKey !== undefined) parseVerifierKey(logKey);
      const db = ReplicaStore.open(dbPath);
      store = db;
      if (logKey !== undefined && !quiet) announcePinning(io, db, logKey, 'import');
      const result = await withCancellation((signal) =>
        importBundle({
          store: db,
          file: args.positionals[0] as string,
          ...(logKey === undefined ? {} : { logKey }),
          ...(witnesses.length === 0 ? {} : { witnesses }),
          ...(witnessQuorum === undefined ? {} : { witnessQuorum }),
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

function formatResult(r: ImportBundleResult): string {
  const rows: [string, string][] = [
    ['bundle', `${r.file} (SHA-256 ${r.sha256})`],
    ['origin', r.origin],
    ['log key', `${r.logKeyFingerprint}${r.pinned ? ' (pinned now)' : ''}`],
    ['tree size', `${r.treeSize}${r.upToDate ? ' (nothing new)' : ` (replica was at ${r.previousSize})`}`],
    ['root (hex)', r.rootHex],
    ['entries added', String(r.entriesAdded)],
    ['rejected by replay', String(r.entriesRejected)],
    ['checkpoints', `${r.checkpoints} verified, ${r.checkpointsAdded} new`],
    ['claimed state', r.claimedState ? 'in the bundle (not stored: check it with warden verify <bundle>)' : 'none'],
  ];
  return formatReplicaResult('bundle imported', rows, r.entriesRejected);
}
