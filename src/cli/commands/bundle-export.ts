/**
 * `warden bundle export --db <file> --origin <o> [--checkpoint <size>] [--claimed-state <file>]
 *  --out <file> [--json]`
 *
 * Writes an evidence bundle (docs/protocol.md §12, src/node/bundle/export-bundle.ts) from the
 * replica: the log of one origin in tiles layout up to a checkpoint the replica verified, every
 * verified checkpoint up to it, the registry's claimed state when given, and the manifest.
 * Exit 0 written; 2 bad arguments, an unknown origin or checkpoint, an unreadable or damaged
 * replica, a file that cannot be written.
 */
import { exportBundle, type ExportBundleResult } from '../../node/bundle/export-bundle.ts';
import { ReplicaStore } from '../../node/replica/replica-store.ts';
import { MAX_CLAIMED_STATE_BYTES } from '../../node/verify/layout-source.ts';
import { CliError, EXIT_OK } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import { reportFailure } from '../replica-support.ts';

export const bundleExportCommand: CliCommand = {
  group: 'bundle',
  name: 'export',
  summary: 'Write an evidence bundle (zip) of a verified checkpoint from the replica.',
  details: [
    'The bundle holds the log in C2SP tlog-tiles layout up to the checkpoint, every checkpoint the',
    'replica verified up to it (with cosignatures), the claimed state if given, and manifest.json',
    '(the SHA-256 of every member). Anyone can open it with unzip and re-verify it with',
    '`warden verify <bundle> --log-key <vkey>` or import it with `warden bundle import`.',
    '',
    'Exit codes: 0 written; 2 bad arguments, unknown origin or checkpoint, unreadable or damaged',
    'replica, or a file that cannot be written.',
    '',
    'Example:',
    '  warden bundle export --db replica.db --origin registry.example/warden --out evidence.zip',
  ].join('\n'),
  args: {
    options: [
      { name: 'db', kind: 'string', required: true, valueName: '<file>', description: 'The replica database.' },
      { name: 'origin', kind: 'string', required: true, valueName: '<origin>', description: 'The log (origin) to export.' },
      { name: 'checkpoint', kind: 'string', valueName: '<size>', description: 'Size of a verified checkpoint to export (default: the last verified).' },
      {
        name: 'claimed-state',
        kind: 'string',
        valueName: '<file>',
        description: "The registry's claimed state at that checkpoint (its state API's answer), included as a claim.",
      },
      { name: 'out', kind: 'string', required: true, valueName: '<file>', description: 'The bundle file to write (replaced if it exists).' },
      { name: 'json', kind: 'boolean', description: 'Print one JSON object on stdout.' },
    ],
    positionals: [],
  },
  async run(args, io) {
    const json = args.flag('json');
    let store: ReplicaStore | undefined;
    try {
      const size = checkpointSize(args.string('checkpoint'));
      const claimPath = args.string('claimed-state');
      const claimedState = claimPath === undefined ? undefined : await io.readInput(claimPath, MAX_CLAIMED_STATE_BYTES);
      store = ReplicaStore.open(args.string('db') as string, { mustExist: true });
      const result = await exportBundle({
        store,
        origin: args.string('origin') as string,
        out: args.string('out') as string,
        ...(size === undefined ? {} : { checkpointSize: size }),
        ...(claimedState === undefined ? {} : { claimedState }),
      });
      io.stdout(json ? `${JSON.stringify({ ok: true, ...result })}\n` : formatResult(result));
      return EXIT_OK;
    } catch (error) {
      return reportFailure(io, error, json);
    } finally {
      store?.close();
    }
  },
};

function checkpointSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text) || !Number.isSafeInteger(Number(text))) throw new CliError('USAGE', '--checkpoint must be a tree size (a decimal integer)');
  return Number(text);
}

function formatResult(r: ExportBundleResult): string {
  const rows: [string, string][] = [
    ['file', r.file],
    ['origin', r.origin],
    ['tree size', String(r.treeSize)],
    ['root (hex)', r.rootHex],
    ['checkpoints', String(r.checkpoints)],
    ['claimed state', r.claimedState ? 'included' : 'absent (the replica keeps none; pass --claimed-state)'],
    ['members', String(r.members)],
    ['size', `${r.bytes.toLocaleString('en-US')} bytes`],
    ['SHA-256', r.sha256],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `bundle written\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}
