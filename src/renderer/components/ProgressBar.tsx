import { formatCount, formatDuration } from '../format.ts';

interface ProgressBarProps {
  label: string;
  done: number;
  /** null while unknown: an indeterminate bar. */
  total: number | null;
  ratePerSecond?: number | null;
  etaSeconds?: number | null;
  /** The unit counted (`entries`). */
  unit?: string;
  /**
   * Announce progress to screen readers (default true). Where the same job shows twice (a flow
   * and the job tray), one of them passes false so it is not announced twice.
   */
  live?: boolean;
}

/** What is announced: the label and progress in steps of 10 %, so a bar updated twice a second does not talk constantly. */
export function progressAnnouncement(label: string, done: number, total: number | null): string {
  if (total === null || total <= 0) return `${label}: in progress`;
  const percent = Math.min(100, Math.floor((done / total) * 10) * 10);
  return `${label}: ${percent}%`;
}

/** A labelled progress bar with rate and time left. */
export function ProgressBar({ label, done, total, ratePerSecond = null, etaSeconds = null, unit = 'items', live = true }: ProgressBarProps) {
  const known = total !== null && total > 0;
  return (
    <div className="progress" role="group" aria-label={label}>
      <progress max={known ? total : undefined} value={known ? Math.min(done, total) : undefined} aria-label={label} />
      <p className="progress-text">
        {formatCount(done)}
        {known ? ` of ${formatCount(total)}` : ''} {unit}
        {ratePerSecond !== null && ratePerSecond > 0 ? ` · ${formatCount(Math.round(ratePerSecond))}/s` : ''}
        {etaSeconds !== null ? ` · about ${formatDuration(etaSeconds)} left` : ''}
      </p>
      {live && (
        <p className="visually-hidden" aria-live="polite">
          {progressAnnouncement(label, done, total)}
        </p>
      )}
    </div>
  );
}
