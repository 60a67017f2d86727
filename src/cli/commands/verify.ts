/**
 * `warden verify <evidence> --log-key <vkey> [--witness <vkey>]… [--witness-policy M] [--json]
 *  [--sample N --seed S] [--at <time>] [--out <record.json>]`
 * `warden verify --maip <bundle.json> [--at <time>] [--json]`
 *
 * The independent verifier (issue 5, src/node/verify): re-verifies an evidence directory (or a file
 * an installed opener recognises: evidence bundle, replica) end to end against the keys given on
 * the command line, never keys from the evidence, prints the verdict and findings, and writes the
 * verification record. Exit 0 verified with no error finding; 1 the evidence fails; 2 usage errors
 * or evidence that cannot be read.
 *
 * With --maip, verifies a MAIP reference proof bundle (src/core/maip) and exits like MAIP's
 * `maip-verifier`: 0 valid, 1 expired, 2 revoked, 3 scope violation, 4 chain broken, 5 bad
 * signature, 6 key mismatch, 10 malformed or unknown (an unreadable file or a bad --at included).
 */
import { writeFile } from 'node:fs/promises';
import { bytesToBase64 } from '../../core/encoding/base64.ts';
import { bytesToUtf8 } from '../../core/encoding/utf8.ts';
import { maipExitCode, type MaipVerification } from '../../core/maip/verdict.ts';
import { verifyMaipBundle } from '../../core/maip/verify.ts';
import { CHECK_NAMES, type CheckNumber, type Finding } from '../../node/verify/findings.ts';
import { parseVerifierKey } from '../../core/note/vkey.ts';
import { openEvidence } from '../../node/verify/open-evidence.ts';
import { parseRfc3339, type VerifyOptions } from '../../node/verify/options.ts';
import { verifyEvidence, type VerificationResult, type VerifyProgress } from '../../node/verify/verify-evidence.ts';
import { CliError, describeError, EXIT_EVIDENCE_FAILED, EXIT_OK } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';

/** A MAIP bundle is at most 256 KiB (maip-formats); a little more is read so that the verifier can say so. */
const MAX_MAIP_FILE_BYTES = 1 << 20;
const MAX_PRINTED_FINDINGS = 60;

export const verifyCommand: CliCommand = {
  group: 'verify',
  name: '',
  summary: 'Re-verify evidence (a log in tiles layout, a bundle or a replica) end to end, or a MAIP bundle.',
  details: [
    'Every checkpoint is checked under the pinned log key (and pinned witnesses), every tile and root',
    'recomputed, every entry parsed, its signatures verified and its state transition replayed, the',
    "registry's claimed state compared with the replay, and policy and freshness findings reported.",
    'Without --at, dormancy is judged at the log\'s end and freshness at the current time; pass --at',
    'for a record that is byte-identical whenever the verification is re-performed.',
    '',
    'Exit codes: 0 verified (no error finding); 1 the evidence fails; 2 bad arguments or unreadable',
    'evidence. With --maip: 0 valid, 1 expired, 2 revoked, 3 scope violation, 4 chain broken,',
    '5 bad signature, 6 key mismatch, 10 malformed or unknown (as MAIP\'s maip-verifier).',
    '',
    'Examples:',
    '  warden verify ./evidence --log-key "registry.example/warden+1a2b3c4d+AX…" --out record.json',
    '  warden verify --maip bundle.json --at 2026-11-26T12:00:00Z',
  ].join('\n'),
  args: {
    options: [
      { name: 'log-key', kind: 'string', valueName: '<vkey>', description: "The registry's log key <origin>+<id>+<base64> (pinned)." },
      { name: 'witness', kind: 'string', multiple: true, valueName: '<vkey>', description: 'A pinned witness key; repeat for several.' },
      { name: 'witness-policy', kind: 'string', valueName: '<M>', description: 'Witnesses that must cosign the newest checkpoint (default: all given).' },
      { name: 'at', kind: 'string', valueName: '<time>', description: 'Verification time, RFC 3339 (default: now; recorded when given).' },
      { name: 'sample', kind: 'string', valueName: '<N>', description: 'Draw N entries with their inclusion proofs (needs --seed).' },
      { name: 'seed', kind: 'string', valueName: '<S>', description: 'Seed of the sample: the same seed draws the same entries.' },
      { name: 'out', kind: 'string', valueName: '<record.json>', description: 'Write the verification record to this file.' },
      { name: 'maip', kind: 'string', valueName: '<bundle.json>', description: 'Verify a MAIP reference proof bundle instead.' },
      { name: 'json', kind: 'boolean', description: 'Print the verification record (or MAIP verdict) as JSON on stdout; no progress.' },
    ],
    positionals: [{ name: 'evidence', description: 'An evidence directory (tiles layout) or file.', required: false }],
  },
  async run(args, io) {
    const maip = args.string('maip');
    if (maip !== undefined) {
      if (args.positionals.length > 0 || args.string('log-key') !== undefined) throw new CliError('USAGE', '--maip takes no evidence path and no --log-key');
      return runMaip(maip, args.string('at'), args.flag('json'), io);
    }
    const path = args.positionals[0];
    const logKey = args.string('log-key');
    if (path === undefined) throw new CliError('USAGE', 'missing evidence (a directory, bundle or replica)');
    if (logKey === undefined) throw new CliError('USAGE', '--log-key is required: the registry key is never taken from the evidence');
    const options = buildOptions(logKey, args.strings('witness'), args.string('witness-policy'), args.string('at'), args.string('sample'), args.string('seed'));
    const json = args.flag('json');
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const showProgress = !json && process.stderr.isTTY === true;
    try {
      // A replica holds several logs: the pinned key names the one to verify.
      const source = await openEvidence(path, { origin: parseVerifierKey(logKey).name });
      let result: VerificationResult;
      try {
        result = await verifyEvidence(source, options, {
          signal: controller.signal,
          ...(showProgress ? { onProgress: (p: VerifyProgress) => io.stderr(`\r\u001b[K${formatProgress(p)}`) } : {}),
        });
      } finally {
        if (showProgress) io.stderr('\r\u001b[K');
        await source.close?.();
      }
      const out = args.string('out');
      if (out !== undefined) {
        try {
          await writeFile(out, result.record);
        } catch (error) {
          throw new CliError('INPUT_UNREADABLE', `cannot write the record to ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
        }
      }
      io.stdout(json ? `${bytesToUtf8(result.record)}\n` : formatResult(result, source.describe().name, out));
      return result.verdict === 'verified' ? EXIT_OK : EXIT_EVIDENCE_FAILED;
    } catch (error) {
      if (json) {
        const { code, message } = describeError(error);
        io.stdout(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
      }
      throw error;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < min || Number(text) > max) throw new CliError('USAGE', `--${name} must be an integer from ${min} to ${max}`);
  return Number(text);
}

function buildOptions(
  logKey: string,
  witnesses: readonly string[],
  policy: string | undefined,
  at: string | undefined,
  sample: string | undefined,
  seed: string | undefined,
): VerifyOptions {
  if ((sample === undefined) !== (seed === undefined)) throw new CliError('USAGE', '--sample and --seed go together');
  if (at !== undefined) {
    try {
      parseRfc3339(at);
    } catch (error) {
      throw new CliError('USAGE', `--at: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    logKey,
    witnesses,
    ...(policy === undefined ? {} : { witnessPolicy: integer('witness-policy', policy, 0, witnesses.length) }),
    ...(at === undefined ? {} : { at }),
    ...(sample === undefined || seed === undefined ? {} : { sample: { count: integer('sample', sample, 1, 10_000), seed } }),
  };
}

async function verifyMaipFile(path: string, at: string | undefined, io: CliIo): Promise<MaipVerification> {
  let now: Date;
  try {
    now = at === undefined ? new Date() : new Date(parseRfc3339(at));
  } catch (error) {
    return { verdict: 'MALFORMED', reasons: [`ARGUMENT: --at: ${error instanceof Error ? error.message : String(error)}`] };
  }
  let bytes: Uint8Array;
  try {
    bytes = await io.readInput(path, MAX_MAIP_FILE_BYTES);
  } catch (error) {
    return { verdict: 'MALFORMED', reasons: [`UNREADABLE: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return verifyMaipBundle(bytes, now);
}

async function runMaip(path: string, at: string | undefined, json: boolean, io: CliIo): Promise<number> {
  const result = await verifyMaipFile(path, at, io);
  const exitCode = maipExitCode(result.verdict);
  if (json) io.stdout(`${JSON.stringify({ verdict: result.verdict, reasons: result.reasons, exit_code: exitCode })}\n`);
  else io.stdout(`${result.verdict}\n${result.reasons.map((r) => `  ${r}\n`).join('')}`);
  return exitCode;
}

function formatProgress(p: VerifyProgress): string {
  if (p.phase === 'checkpoints') return 'verifying checkpoints…';
  if (p.phase === 'finishing') return 'comparing the claimed state and writing the record…';
  const rate = Math.round(p.ratePerSecond).toLocaleString('en-US');
  const eta = p.etaSeconds === null ? '' : `, ETA ${formatSeconds(p.etaSeconds)}`;
  const label = p.phase === 'second-pass' ? 'second pass (late key compromise)' : 'verifying entries';
  return `${label} ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} (${rate}/s${eta})`;
}

function formatSeconds(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function formatResult(result: VerificationResult, name: string, out: string | undefined): string {
  const { counts } = result;
  const rows: [string, string][] = [
    ['evidence', name],
    ['origin', result.origin],
    ['tree size', result.treeSize === null ? '(no valid checkpoint)' : result.treeSize.toString()],
    ['root', result.rootHash === null ? '(not recomputed)' : `${bytesToBase64(result.rootHash)} (recomputed from the entries)`],
    ['findings', `${counts.by_severity.error} error(s), ${counts.by_severity.warning} warning(s), ${counts.by_severity.info} info`],
  ];
  if (result.firstBadEntry !== null) {
    const f = result.firstBadEntry;
    rows.push(['first bad', `entry ${f.index}${f.type === undefined ? '' : ` (${f.type}${f.subject === undefined ? '' : ` ${f.subject}`})`}: ${f.code}`]);
  }
  const width = Math.max(...rows.map(([l]) => l.length));
  const lines = [result.verdict === 'verified' ? 'VERIFIED' : 'FAILED', ...rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v}`), '', 'checks:'];
  for (const check of [1, 2, 3, 4, 5, 6, 7] as CheckNumber[]) {
    const c = counts.by_check[`${check}`];
    const status = c.error > 0 ? `${c.error} error(s)` : 'ok';
    const extra = [c.warning > 0 ? `${c.warning} warning(s)` : '', c.info > 0 ? `${c.info} info` : ''].filter((x) => x !== '').join(', ');
    lines.push(`  ${check}. ${CHECK_NAMES[check].padEnd(28)} ${status}${extra === '' ? '' : `; ${extra}`}`);
  }
  const ordered = [...result.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  if (ordered.length > 0) {
    lines.push('', 'findings:');
    for (const f of ordered.slice(0, MAX_PRINTED_FINDINGS)) lines.push(`  ${formatFinding(f)}`);
    const total = counts.by_severity.error + counts.by_severity.warning + counts.by_severity.info;
    if (total > MAX_PRINTED_FINDINGS) lines.push(`  … ${total - MAX_PRINTED_FINDINGS} more in the verification record`);
  }
  if (result.sample !== null) {
    lines.push('', `sample (seed "${result.sample.seed}", ${result.sample.items.length} entries, proofs against size ${result.sample.tree_size}):`);
    for (const item of result.sample.items) lines.push(`  entry ${item.index}  ${item.type ?? ''} ${item.subject ?? ''}`.trimEnd());
  }
  if (out !== undefined) lines.push('', `record written to ${out}`);
  return `${lines.join('\n')}\n`;
}

function formatFinding(f: Finding): string {
  const where = [f.index === undefined ? '' : `entry ${f.index}`, f.source ?? ''].filter((x) => x !== '').join(', ');
  return `${f.severity.toUpperCase().padEnd(7)} ${f.code}${where === '' ? '' : ` (${where})`}: ${f.message}`;
}
