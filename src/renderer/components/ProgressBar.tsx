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
}

/** A labelled progress bar with rate and time left, announced politely to screen readers. */
export function ProgressBar({ label, done, total, ratePerSecond = null, etaSeconds = null, unit = 'items' }: ProgressBarProps) {
  const known = total !== null && total > 0;
  return (
    <div className="progress" role="group" aria-label={label}>
      <progress max={known ? total : undefined} value={known ? Math.min(done, total) : undefined} aria-label={label} />
      <p className="progress-text" aria-live="polite">
        {formatCount(done)}
        {known ? ` of ${formatCount(total)}` : ''} {unit}
        {ratePerSecond !== null && ratePerSecond > 0 ? ` · ${formatCount(Math.round(ratePerSecond))}/s` : ''}
        {etaSeconds !== null ? ` · about ${formatDuration(etaSeconds)} left` : ''}
      </p>
    </div>
  );
}
