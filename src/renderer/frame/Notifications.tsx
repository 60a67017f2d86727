import { useEffect } from 'react';
import type { AppNotification } from '../store/notifications.ts';
import { uiSelectors, useUiStore } from '../store/ui-store.ts';

/** Successes and notes leave after this long (they are also visible on the screens); failures stay until dismissed. */
const AUTO_DISMISS_MS = 10_000;

function useAutoDismiss(notifications: readonly AppNotification[], dismiss: (id: string) => void): void {
  useEffect(() => {
    const timers = notifications.filter((n) => n.tone !== 'error').map((n) => setTimeout(() => dismiss(n.id), AUTO_DISMISS_MS));
    return () => timers.forEach(clearTimeout);
  }, [notifications, dismiss]);
}

const TONE_LABELS = { success: 'Done', error: 'Failed', info: 'Note' } as const;

/** Notifications (jobs that ended) in a polite live region, each dismissable; the tone is in words too. */
export function Notifications() {
  const notifications = useUiStore(uiSelectors.notifications);
  const dismiss = useUiStore(uiSelectors.dismiss);
  useAutoDismiss(notifications, dismiss);
  return (
    <section className="notifications" aria-label="Notifications" aria-live="polite">
      {notifications.map((n) => (
        <div key={n.id} className={`notification notification-${n.tone}`}>
          <p className="notification-title">
            <span className="tone-label">{TONE_LABELS[n.tone]}:</span> {n.title}
          </p>
          <p className="notification-detail">{n.detail}</p>
          {n.code !== null && (
            <p className="reference">
              Reference: <code>{n.code}</code>
            </p>
          )}
          <button type="button" className="button button-quiet button-small" onClick={() => dismiss(n.id)} aria-label={`Dismiss: ${n.title}`}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
