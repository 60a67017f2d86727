import '../styles/screens.css';
import { useEffect } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { uiSelectors, useUiStore } from '../store/ui-store.ts';
import { CheckGroups } from '../verification/CheckGroups.tsx';
import { VerdictBanner } from '../verification/VerdictBanner.tsx';
import { useVerificationStore, verificationSelectors } from '../verification/verification-store.ts';

/** The Verification screen: run the independent verifier on replica `originId`, follow its progress, read and export its findings. */
export function VerificationScreen({ originId }: { originId: number }) {
  const open = useVerificationStore(verificationSelectors.open);
  const report = useVerificationStore(verificationSelectors.report);
  const status = useVerificationStore(verificationSelectors.status);
  const error = useVerificationStore(verificationSelectors.error);
  const job = useVerificationStore(verificationSelectors.job);
  const running = useVerificationStore(verificationSelectors.running);
  const jobError = useVerificationStore(verificationSelectors.jobError);
  const start = useVerificationStore(verificationSelectors.start);
  const cancel = useVerificationStore(verificationSelectors.cancel);
  const loadLatest = useVerificationStore(verificationSelectors.loadLatest);
  const exportRecord = useVerificationStore(verificationSelectors.exportRecord);
  const exporting = useVerificationStore(verificationSelectors.exporting);
  const exportError = useVerificationStore(verificationSelectors.exportError);

  const request = useUiStore(uiSelectors.verificationRequest);
  const clearRequest = useUiStore(uiSelectors.clearVerificationRequest);

  useEffect(() => open(originId), [open, originId]);

  // The native menu's Verify and Export… (app.commands), handed over by the frame through the UI store.
  useEffect(() => {
    if (request === null || status !== 'ready') return;
    clearRequest(request.seq);
    if (request.kind === 'verify') {
      if (!running) void start();
    } else if (report !== null) void exportRecord();
  }, [request, status, running, report, start, exportRecord, clearRequest]);

  return (
    <div className="screen screen-verification">
      <header className="screen-header">
        <h1>Verification</h1>
        <div className="screen-actions">
          {report !== null && (
            <button type="button" className="button button-quiet" onClick={() => void exportRecord()} disabled={exporting}>
              {exporting ? 'Exporting…' : 'Export verification record'}
            </button>
          )}
          <button type="button" className="button" onClick={() => void start()} disabled={running}>
            Run verification
          </button>
        </div>
      </header>
      <p className="lede">
        Checks every entry and checkpoint of this replica against the pinned log key, independently of the registry: signatures,
        the Merkle tree, consistency between checkpoints, and the registry’s rules.
      </p>
      {job !== null && running && (
        <section className="panel run-panel" aria-label="Verification in progress">
          <h2>{job.phase}</h2>
          <ProgressBar label={`Verification: ${job.phase}`} done={job.done} total={job.total} ratePerSecond={job.ratePerSecond} etaSeconds={job.etaSeconds} unit="entries" live={false} />
          <button type="button" className="button button-quiet" onClick={() => void cancel()}>
            Cancel
          </button>
        </section>
      )}
      {job !== null && job.state === 'cancelled' && (
        <p className="panel" role="status">
          Verification cancelled. {report !== null ? 'The report below is from the previous run.' : 'Run it again when ready.'}
        </p>
      )}
      {jobError !== null && <ErrorPanel error={jobError} onRetry={() => void start()} />}
      {exportError !== null && <ErrorPanel error={exportError} onRetry={() => void exportRecord()} />}
      {status === 'failed' && error !== null && <ErrorPanel error={error} onRetry={() => void loadLatest()} />}
      {status === 'loading' && report === null && <p role="status">Loading the latest report…</p>}
      {status === 'ready' && report === null && !running && (
        <EmptyState title="Not verified yet">
          This replica has never been verified on this computer. Choose Run verification to check every entry and checkpoint
          against the pinned log key.
        </EmptyState>
      )}
      {report !== null && (
        <>
          <VerdictBanner report={report} />
          <CheckGroups checks={report.checks} />
        </>
      )}
    </div>
  );
}
