/**
 * The Verification screen's report, built from the verifier's result (src/node/verify): findings
 * grouped by check (1–7, CHECK_NAMES), at most MAX_FINDINGS_PER_CHECK listed per check with the rest
 * counted in `omitted`, and the SHA-256 of the verification record so that the exported record can
 * be matched with what the screen showed. Every string is bounded to the contract's limits.
 */
import { createHash } from 'node:crypto';
import type { FindingView, VerificationReport } from '../../core/api/schemas/verification.ts';
import { bytesToHex } from '../../core/encoding/hex.ts';
import { CHECK_NAMES, type CheckNumber, type Finding } from '../verify/findings.ts';
import type { VerificationResult } from '../verify/verify-evidence.ts';

export const MAX_FINDINGS_PER_CHECK = 5000;
const CHECKS: readonly CheckNumber[] = [1, 2, 3, 4, 5, 6, 7];

export interface ReportContext {
  readonly originId: number;
  readonly jobId: string | null;
  readonly atMs: number;
}

export function buildVerificationReport(result: VerificationResult, context: ReportContext): VerificationReport {
  const checks = CHECKS.map((check) => {
    const all = result.findings.filter((f) => f.check === check);
    const counted = result.counts.by_check[`${check}`];
    const total = Math.max(all.length, counted.error + counted.warning + counted.info);
    const listed = all.slice(0, MAX_FINDINGS_PER_CHECK).map(findingView);
    return { check, name: CHECK_NAMES[check], findings: listed, omitted: total - listed.length };
  });
  const bad = result.firstBadEntry;
  return {
    originId: context.originId,
    jobId: context.jobId,
    verdict: result.verdict,
    atMs: context.atMs,
    treeSize: result.treeSize === null ? null : result.treeSize.toString(),
    rootHex: result.rootHash === null ? null : bytesToHex(result.rootHash),
    entries: result.stats.entries,
    checkpoints: result.stats.checkpoints,
    elapsedMs: Math.max(0, Math.round(result.stats.elapsedMs)),
    counts: { ...result.counts.by_severity },
    firstBadEntry: bad === null ? null : { index: bad.index, code: bound(bad.code, 500), type: optional(bad.type, 500), subject: optional(bad.subject, 500) },
    checks,
    recordSha256Hex: createHash('sha256').update(result.record).digest('hex'),
  };
}

function findingView(f: Finding): FindingView {
  return {
    code: f.code,
    severity: f.severity,
    message: bound(f.message, 4000),
    index: f.index ?? null,
    agentId: optional(f.agent, 200),
    checkpointSize: f.size !== undefined && /^(0|[1-9][0-9]{0,19})$/.test(f.size) ? f.size : null,
  };
}

function optional(text: string | undefined, max: number): string | null {
  return text === undefined || text === '' ? null : bound(text, max);
}

function bound(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
