/** buildVerificationReport: findings grouped by check, capped per check with `omitted`, bounded to the contract. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verificationReportSchema } from '../../../src/core/api/schemas/verification.ts';
import { buildVerificationReport, MAX_FINDINGS_PER_CHECK } from '../../../src/node/app/verification-report.ts';
import { countFindings } from '../../../src/node/verify/record.ts';
import { makeFinding, type Finding } from '../../../src/node/verify/findings.ts';
import type { VerificationResult } from '../../../src/node/verify/verify-evidence.ts';

function resultWith(findings: Finding[], extra: Partial<VerificationResult> = {}): VerificationResult {
  return {
    verdict: findings.some((f) => f.severity === 'error') ? 'failed' : 'verified',
    origin: 'example.com/log',
    treeSize: 12n,
    rootHash: new Uint8Array(32).fill(0xab),
    counts: countFindings(findings),
    findings,
    omitted: {},
    firstBadEntry: null,
    sample: null,
    record: new TextEncoder().encode('{"format":"warden.verification-record/v1"}'),
    stats: { entries: 12, checkpoints: 2, secondPass: false, elapsedMs: 12.6 },
    ...extra,
  };
}

describe('buildVerificationReport', () => {
  it('groups findings by check, in check order, with the record hash', () => {
    const findings = [
      makeFinding('CHECKPOINT_STALE', { message: 'old', size: 12n }),
      makeFinding('ENTRY_BAD_SIGNATURE', { message: 'bad', index: 3, agent: 'maip-agent:01HZZZ' }),
      makeFinding('CLAIM_MISSING', { message: 'none' }),
    ];
    const result = resultWith(findings, { firstBadEntry: { index: 3, code: 'ENTRY_BAD_SIGNATURE', type: 'agent.registered' } });
    const report = buildVerificationReport(result, { originId: 1, jobId: 'job-0000001', atMs: 5 });
    expect(verificationReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ verdict: 'failed', treeSize: '12', rootHex: 'ab'.repeat(32), elapsedMs: 13, counts: { error: 1, warning: 1, info: 1 } });
    expect(report.firstBadEntry).toEqual({ index: 3, code: 'ENTRY_BAD_SIGNATURE', type: 'agent.registered', subject: null });
    expect(report.checks.map((c) => [c.check, c.findings.map((f) => f.code)])).toEqual([
      [1, []],
      [2, []],
      [3, []],
      [4, ['ENTRY_BAD_SIGNATURE']],
      [5, ['CLAIM_MISSING']],
      [6, []],
      [7, ['CHECKPOINT_STALE']],
    ]);
    expect(report.checks[3]?.findings[0]).toEqual({ code: 'ENTRY_BAD_SIGNATURE', severity: 'error', message: 'bad', index: 3, agentId: 'maip-agent:01HZZZ', checkpointSize: null });
    expect(report.checks[6]?.findings[0]?.checkpointSize).toBe('12');
    expect(report.recordSha256Hex).toBe(createHash('sha256').update(result.record).digest('hex'));
  });

  it(`lists at most ${MAX_FINDINGS_PER_CHECK} findings per check and counts the rest in omitted`, () => {
    const findings = Array.from({ length: MAX_FINDINGS_PER_CHECK + 7 }, (_, i) => makeFinding('ENTRY_MALFORMED', { message: 'x'.repeat(i === 0 ? 9000 : 3), index: i }));
    const report = buildVerificationReport(resultWith(findings), { originId: 2, jobId: null, atMs: 0 });
    expect(verificationReportSchema.safeParse(report).success).toBe(true);
    expect(report.checks[3]?.findings).toHaveLength(MAX_FINDINGS_PER_CHECK);
    expect(report.checks[3]?.omitted).toBe(7);
    expect(report.checks[3]?.findings[0]?.message.length).toBeLessThanOrEqual(4000);
  });

  it('counts findings the verifier itself left out as omitted', () => {
    const findings = [makeFinding('POLICY_NO_OWNER', { message: 'no owner' })];
    const counts = countFindings([...findings, ...findings, ...findings]);
    const report = buildVerificationReport(resultWith(findings, { counts, omitted: { POLICY_NO_OWNER: 2 } }), { originId: 2, jobId: null, atMs: 0 });
    expect(report.checks[5]).toMatchObject({ findings: [expect.objectContaining({ code: 'POLICY_NO_OWNER' })], omitted: 2 });
  });

  it('reports no tree when no checkpoint was valid', () => {
    const report = buildVerificationReport(resultWith([makeFinding('NO_VALID_CHECKPOINT', { message: 'none' })], { treeSize: null, rootHash: null }), { originId: 3, jobId: null, atMs: 0 });
    expect(report).toMatchObject({ verdict: 'failed', treeSize: null, rootHex: null });
  });
});
