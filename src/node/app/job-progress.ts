/** Progress of the sync engine and of the verifier as job progress, with phases in words. */
import type { SyncProgress } from '../sync/progress.ts';
import type { VerifyProgress } from '../verify/verify-evidence.ts';
import type { JobProgress } from './job-runner.ts';

const SYNC_PHASES: Readonly<Record<SyncProgress['phase'], string>> = {
  checkpoint: 'Checking the signed checkpoint',
  consistency: 'Proving the log is append-only',
  tiles: 'Checking the log tiles',
  entries: 'Verifying entries',
  done: 'Done',
};

const VERIFY_PHASES: Readonly<Record<VerifyProgress['phase'], string>> = {
  checkpoints: 'Checking checkpoints',
  entries: 'Verifying entries',
  'second-pass': 'Second pass (late key compromise)',
  finishing: 'Comparing the claimed state',
};

export function syncJobProgress(p: SyncProgress): JobProgress {
  const known = p.phase === 'entries' || p.phase === 'done' || p.treeSize > 0;
  return {
    phase: SYNC_PHASES[p.phase],
    done: p.entriesDone,
    total: known ? p.entriesTotal : null,
    ratePerSecond: p.phase === 'entries' && p.entriesPerSecond > 0 ? p.entriesPerSecond : null,
    etaSeconds: p.etaSeconds,
  };
}

export function verifyJobProgress(p: VerifyProgress): JobProgress {
  // Finishing reports no entries: keep the entries phase's count on the job.
  if (p.phase === 'finishing') return { phase: VERIFY_PHASES[p.phase], ratePerSecond: null, etaSeconds: null };
  return {
    phase: VERIFY_PHASES[p.phase],
    done: p.done,
    total: p.phase === 'checkpoints' ? null : p.total,
    ratePerSecond: p.ratePerSecond > 0 ? p.ratePerSecond : null,
    etaSeconds: p.etaSeconds,
  };
}
