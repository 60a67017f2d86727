import { CopyButton } from '../components/CopyButton.tsx';
import type { VerificationReport } from '../../core/api/schemas/verification.ts';
import { LocalTime } from '../components/LocalTime.tsx';
import { formatCount, formatDuration, shortHex } from '../format.ts';
import { routeToHash } from '../router.ts';
import { SEVERITY_LABELS, SEVERITY_ORDER, verdictHeadline } from './verification-view.ts';

/** The verdict of the latest verification: what was checked, when, and the first bad entry. */
export function VerdictBanner({ report }: { report: VerificationReport }) {
  const ok = report.verdict === 'verified';
  return (
    <section className={ok ? 'verdict verdict-ok' : 'verdict verdict-bad'} aria-labelledby="verdict-title">
      <h2 id="verdict-title">
        <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
        {verdictHeadline(report)}
      </h2>
      <dl className="facts">
        <div>
          <dt>Tree size</dt>
          <dd>{report.treeSize === null ? '—' : formatCount(report.treeSize)}</dd>
        </div>
        <div>
          <dt>Root hash</dt>
          <dd className="hash" title={report.rootHex ?? undefined}>
            {report.rootHex === null ? '—' : shortHex(report.rootHex, 12)}
          </dd>
        </div>
        <div>
          <dt>Verified at</dt>
          <dd>
            <LocalTime value={report.atMs} />
          </dd>
        </div>
        <div>
          <dt>Checked</dt>
          <dd>
            {formatCount(report.entries)} entries, {formatCount(report.checkpoints)} checkpoints in {formatDuration(report.elapsedMs / 1000)}
          </dd>
        </div>
        {SEVERITY_ORDER.map((severity) => (
          <div key={severity}>
            <dt>{SEVERITY_LABELS[severity]}</dt>
            <dd className={`sev-${severity}`}>{formatCount(report.counts[severity] ?? 0)}</dd>
          </div>
        ))}
      </dl>
      {report.firstBadEntry !== null && (
        <p className="first-bad">
          First bad entry:{' '}
          <a href={routeToHash({ screen: 'log', index: report.firstBadEntry.index })}>
            entry {formatCount(report.firstBadEntry.index)}
          </a>{' '}
          (<code>{report.firstBadEntry.code}</code>
          {report.firstBadEntry.type !== null && <>, {report.firstBadEntry.type}</>}
          {report.firstBadEntry.subject !== null && <>, {report.firstBadEntry.subject}</>})
        </p>
      )}
      <p className="reference">
        Record SHA-256: <code className="hash">{report.recordSha256Hex}</code> <CopyButton value={report.recordSha256Hex} label="Copy record SHA-256" />
      </p>
    </section>
  );
}
