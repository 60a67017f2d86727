/**
 * `warden fork show <file> [--log-key <vkey>] [--json]`
 *
 * Re-checks a fork or rollback evidence file written by `warden sync` with the log's public key
 * alone (src/node/sync/fork-evidence.ts) and explains what it proves. Without --log-key the key in
 * the file is used, and the output says so: pin the key you trust.
 * Exit 0 the evidence holds (a fork is proven, or a signed rollback is shown); 1 it proves nothing
 * (a signature fails, the proof does not check out); 2 unreadable or malformed file, bad key.
 */
import { checkForkEvidence, MAX_EVIDENCE_BYTES, parseForkEvidence, type EvidenceReport } from '../../node/sync/fork-evidence.ts';
import { EXIT_EVIDENCE_FAILED, EXIT_OK } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import { reportFailure } from '../replica-support.ts';

export const forkShowCommand: CliCommand = {
  group: 'fork',
  name: 'show',
  summary: 'Re-check and explain a fork or rollback evidence file.',
  details: 'Exit codes: 0 the evidence holds; 1 it proves nothing; 2 unreadable or malformed file, bad key.',
  args: {
    options: [
      { name: 'log-key', kind: 'string', valueName: '<vkey>', description: 'The log verifier key you trust (default: the one in the file).' },
      { name: 'json', kind: 'boolean', description: 'Print one JSON object on stdout.' },
    ],
    positionals: [{ name: 'file', description: 'The evidence file ("-" reads stdin).' }],
  },
  async run(args, io) {
    const json = args.flag('json');
    try {
      const bytes = await io.readInput(args.positionals[0] as string, MAX_EVIDENCE_BYTES);
      const report = checkForkEvidence(parseForkEvidence(bytes), args.string('log-key'));
      io.stdout(json ? `${JSON.stringify({ ok: report.verdict !== 'not-proven', ...report })}\n` : formatReport(report));
      return report.verdict === 'not-proven' ? EXIT_EVIDENCE_FAILED : EXIT_OK;
    } catch (error) {
      return reportFailure(io, error, json);
    }
  },
};

const TITLES: Readonly<Record<EvidenceReport['verdict'], string>> = {
  'fork-proven': 'FORK PROVEN',
  rollback: 'ROLLBACK SHOWN',
  'not-proven': 'NOT PROVEN',
};

function formatReport(r: EvidenceReport): string {
  const lines = [
    `${TITLES[r.verdict]}: ${r.kind} evidence for ${r.origin}`,
    `  log key   ${r.logKey}${r.keySource === 'document' ? ' (taken from the file)' : ''}`,
    ...r.checkpoints.map(
      (c) => `  ${c.role.padEnd(11)} size ${c.size}, root ${c.rootHex || '?'}, ${c.signed ? 'signed' : `NOT signed (${c.problem ?? ''})`}`,
    ),
    ...(r.impliedRootHex === undefined ? [] : [`  implied root of the smaller tree per the proof: ${r.impliedRootHex}`]),
    '',
    ...r.explanation.map((line) => `  ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}
