import { useMemo, useState } from 'react';
import type { Job } from '../../core/api/schemas/jobs.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { toAppError } from '../api.ts';
import { describeAppError } from '../../core/api/errors.ts';
import { jobsSelectors, useJobsStore } from '../store/jobs-store.ts';

const UNITS: Readonly<Record<Job['kind'], string>> = { sync: 'entries', import: 'entries', verify: 'entries', demo: 'steps' };

/** One running job: title, phase, progress with rate and ETA, and Cancel. `live`: announce its progress (the tray does). */
export function JobRow({ job, live = true }: { job: Job; live?: boolean }) {
  const cancelJob = useJobsStore(jobsSelectors.cancelJob);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      await cancelJob(job.id);
    } catch (failure) {
      setError(describeAppError(toAppError(failure).code).title);
      setCancelling(false);
    }
  };
  return (
    <li className="job">
      <p className="job-title">{job.title}</p>
      <ProgressBar
        label={`${job.title}: ${job.phase}`}
        done={job.done}
        total={job.total}
        ratePerSecond={job.ratePerSecond}
        etaSeconds={job.etaSeconds}
        unit={UNITS[job.kind]}
        live={live}
      />
      <p className="job-phase">{job.phase}</p>
      <button type="button" className="button button-quiet button-small" onClick={() => void cancel()} disabled={cancelling} aria-label={`Cancel ${job.title}`}>
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
      {error !== null && <p className="job-error">{error}</p>}
    </li>
  );
}

/** The running jobs, in the sidebar; empty and silent when nothing runs. */
export function JobTray() {
  const jobs = useJobsStore(jobsSelectors.jobs);
  const running = useMemo(() => jobs.filter((job) => job.state === 'running'), [jobs]);
  return (
    <section className="job-tray" aria-label="Running jobs">
      {running.length > 0 && (
        <>
          <p className="job-tray-title">
            {running.length === 1 ? '1 job running' : `${running.length} jobs running`}
          </p>
          <ul className="job-list">
            {running.map((job) => (
              <JobRow key={job.id} job={job} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
