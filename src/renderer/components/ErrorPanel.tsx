import { describeAppError } from '../../core/api/errors.ts';
import type { ShownError } from '../store/app-store.ts';

interface ErrorPanelProps {
  error: ShownError;
  onRetry: () => void;
}

/** An error in words (what happened, what to do next), with the code as a reference for support. */
export function ErrorPanel({ error, onRetry }: ErrorPanelProps) {
  const description = describeAppError(error.code);
  return (
    <section className="panel panel-error" role="alert" aria-labelledby="error-title">
      <h2 id="error-title">{description.title}</h2>
      <p>{description.detail}</p>
      <p>
        <strong>What to do:</strong> {description.nextStep}
      </p>
      <p className="reference">
        Reference: <code>{error.code}</code>
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}
