import { useEffect, useRef } from 'react';
import type { Job } from '../../../core/api/schemas/jobs.ts';
import { jobsSelectors, useJobsStore } from '../../store/jobs-store.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { JobRow } from '../../frame/JobTray.tsx';

interface JobProgressProps {
  jobId: string;
  /** Called once when the job succeeded. */
  onSucceeded: (job: Job) => void;
  onRetry: () => void;
}

/** Follows a job started from a flow: its progress while it runs (announced by the job tray), and what happened when it ends. */
export function JobProgress({ jobId, onSucceeded, onRetry }: JobProgressProps) {
  const job = useJobsStore(jobsSelectors.job(jobId));
  const reported = useRef(false);
  useEffect(() => {
    if (job?.state === 'succeeded' && !reported.current) {
      reported.current = true;
      onSucceeded(job);
    }
  }, [job, onSucceeded]);
  if (job === null) return <p role="status">Starting…</p>;
  if (job.state === 'running') {
    return (
      <ul className="job-list job-list-inline">
        <JobRow job={job} live={false} />
      </ul>
    );
  }
  if (job.state === 'failed') return <ErrorPanel error={job.error ?? { code: 'API_INTERNAL', message: 'the job failed' }} onRetry={onRetry} />;
  if (job.state === 'cancelled') {
    return (
      <div className="notice">
        <p role="status">{job.summary ?? 'Cancelled. Work already committed was kept.'}</p>
        <button type="button" className="button" onClick={onRetry}>
          Start again
        </button>
      </div>
    );
  }
  return <p role="status">{job.summary ?? 'Done.'} Opening the Overview…</p>;
}
