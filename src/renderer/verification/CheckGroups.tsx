import { useState } from 'react';
import type { VerificationReport } from '../../core/api/schemas/verification.ts';
import { formatCount } from '../format.ts';
import { routeToHash } from '../router.ts';
import { countBySeverity, findingRoute, startsOpen } from './verification-view.ts';

/** Findings listed at first in each check, and added per "Show more": a report may list 5,000 per check. */
export const FINDINGS_PAGE = 50;

/** Findings grouped by the verifier's seven checks: collapsible, counted, each linking to its entry or agent. */
export function CheckGroups({ checks }: { checks: VerificationReport['checks'] }) {
  const [limits, setLimits] = useState<Record<number, number>>({});
  return (
    <section className="checks" aria-labelledby="checks-title">
      <h2 id="checks-title">Findings by check</h2>
      {checks.map((check) => {
        const counts = countBySeverity(check.findings);
        const limit = limits[check.check] ?? FINDINGS_PAGE;
        const total = check.findings.length + check.omitted;
        return (
          <details key={check.check} className="check-group" open={startsOpen(check.findings, check.omitted)}>
            <summary>
              <span className="check-name">
                {check.check}. {check.name}
              </span>
              <span className="check-counts">
                {total === 0 ? (
                  <span className="ok">✓ No findings</span>
                ) : (
                  <>
                    {counts.error > 0 && <span className="sev-error">{plural(counts.error, 'error')}</span>}
                    {counts.warning > 0 && <span className="sev-warning">{plural(counts.warning, 'warning')}</span>}
                    {counts.info > 0 && <span className="sev-info">{plural(counts.info, 'note')}</span>}
                    {check.omitted > 0 && <span className="muted">{formatCount(check.omitted)} more not listed</span>}
                  </>
                )}
              </span>
            </summary>
            {check.findings.length > 0 && (
              <ul className="finding-list">
                {check.findings.slice(0, limit).map((finding, i) => {
                  const route = findingRoute(finding);
                  return (
                    <li key={i} className={`finding sev-border-${finding.severity}`}>
                      <span className={`badge sev-${finding.severity}`}>{finding.severity}</span> <code>{finding.code}</code> {finding.message}
                      {route !== null && (
                        <>
                          {' '}
                          <a href={routeToHash(route)}>
                            {route.screen === 'log' ? `Entry ${formatCount(route.index ?? 0)}` : `Agent ${finding.agentId ?? ''}`}
                          </a>
                        </>
                      )}
                      {finding.index !== null && finding.agentId !== null && (
                        <>
                          {' · '}
                          <a href={routeToHash({ screen: 'agent', agentId: finding.agentId })}>Agent {finding.agentId}</a>
                        </>
                      )}
                      {finding.checkpointSize !== null && <span className="muted"> · checkpoint of size {formatCount(finding.checkpointSize)}</span>}
                    </li>
                  );
                })}
              </ul>
            )}
            {check.findings.length > limit && (
              <p>
                <button type="button" className="button button-quiet" onClick={() => setLimits({ ...limits, [check.check]: limit + FINDINGS_PAGE * 4 })}>
                  Show more findings of check {check.check} ({formatCount(check.findings.length - limit)} not shown)
                </button>
              </p>
            )}
            {check.omitted > 0 && (
              <p className="muted small">
                {plural(check.omitted, 'further finding')} of this check {check.omitted === 1 ? 'is' : 'are'} counted above but not listed; export the verification record to see them all.
              </p>
            )}
          </details>
        );
      })}
    </section>
  );
}

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}
