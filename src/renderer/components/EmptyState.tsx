import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  /** What happened, and what to do next. */
  children: ReactNode;
  /** Buttons for the next step. */
  actions?: ReactNode;
}

/** An empty screen or panel that says what happened and what to do next. */
export function EmptyState({ title, children, actions }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
      {actions !== undefined && <div className="empty-state-actions">{actions}</div>}
    </section>
  );
}
