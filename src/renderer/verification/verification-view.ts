import type { FindingView, VerificationReport } from '../../core/api/schemas/verification.ts';
import type { Severity } from '../../core/api/schemas/common.ts';
import type { Route } from '../router.ts';

/** Pure helpers of the Verification screen (tested alone). */

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

/** Where a finding leads: its entry first (the evidence), else its agent, else nowhere. */
export function findingRoute(finding: Pick<FindingView, 'index' | 'agentId'>): Route | null {
  if (finding.index !== null) return { screen: 'log', index: finding.index };
  if (finding.agentId !== null) return { screen: 'agent', agentId: finding.agentId };
  return null;
}

/** A check's findings counted by severity (the listed ones; `omitted` are counted in the report's totals). */
export function countBySeverity(findings: readonly Pick<FindingView, 'severity'>[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The worst severity among `findings`, or null when there are none. */
export function worstSeverity(findings: readonly Pick<FindingView, 'severity'>[]): Severity | null {
  for (const severity of SEVERITY_ORDER) if (findings.some((f) => f.severity === severity)) return severity;
  return null;
}

/** One line for the verdict banner, in words. */
export function verdictHeadline(report: Pick<VerificationReport, 'verdict' | 'counts'>): string {
  if (report.verdict === 'verified') {
    const warnings = report.counts.warning ?? 0;
    return warnings === 0 ? 'Verified: every entry and checkpoint checked out' : `Verified, with ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
  }
  const errors = report.counts.error ?? 0;
  return `Verification failed: ${errors} ${errors === 1 ? 'error' : 'errors'}`;
}

/** Whether a check's group starts open: it has errors or warnings. */
export function startsOpen(findings: readonly Pick<FindingView, 'severity'>[], omitted: number): boolean {
  const worst = worstSeverity(findings);
  return worst === 'error' || worst === 'warning' || (omitted > 0 && findings.length === 0);
}
