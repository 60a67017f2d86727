import { useId } from 'react';
import { describeAppError } from '../../core/api/errors.ts';
import type { ShownError } from '../api.ts';

interface ErrorPanelProps {
  error: ShownError;
  /** Shows a "Try again" button when given. */
  onRetry?: () => void;
  /** The retry button's text (default "Try again"). */
  retryLabel?: string;
}

/** An error in words (what happened, what to do next), with the code as a reference for support. */
export function ErrorPanel({ error, onRetry, retryLabel = 'Try again' }: ErrorPanelProps) {
  const description = describeAppError(error.code);
  // Several panels can be on one screen: ids must stay unique (axe duplicate-id-aria).
  const titleId = useId();
  return (
    <section className="panel panel-error" role="alert" aria-labelledby={titleId}>
      <h2 id={titleId}>{description.title}</h2>
      <p>{description.detail}</p>
      <p>
        <strong>What to do:</strong> {description.nextStep}
      </p>
      <p className="reference">
        Reference: <code>{error.code}</code>
      </p>
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </section>
  );
}
