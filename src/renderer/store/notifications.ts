import { describeAppError } from '../../core/api/errors.ts';
import type { Job } from '../../core/api/schemas/jobs.ts';

/**
 * Notifications: short messages about something that finished (a job) or failed, shown in a polite
 * live region until dismissed. Pure reducers; the store (ui-store.ts) holds the list.
 */
export type NotificationTone = 'success' | 'error' | 'info';

export interface AppNotification {
  readonly id: string;
  readonly tone: NotificationTone;
  readonly title: string;
  readonly detail: string;
  /** The error code, shown as a reference. */
  readonly code: string | null;
}

/** At most this many are kept; the oldest go first. */
export const MAX_NOTIFICATIONS = 4;

/** The notification for a job that ended. */
export function notificationForJob(job: Job): AppNotification {
  const id = `job:${job.id}`;
  if (job.state === 'succeeded') return { id, tone: 'success', title: `${job.title}: done`, detail: job.summary ?? 'Finished.', code: null };
  if (job.state === 'cancelled') {
    return { id, tone: 'info', title: `${job.title}: cancelled`, detail: job.summary ?? 'Work already committed was kept.', code: null };
  }
  const words = describeAppError(job.error?.code ?? 'API_INTERNAL');
  return { id, tone: 'error', title: `${job.title}: failed`, detail: `${words.title}. ${words.nextStep}`, code: job.error?.code ?? null };
}

/** `list` with `notification` added last (replacing one with the same id), bounded. */
export function addNotification(list: readonly AppNotification[], notification: AppNotification): AppNotification[] {
  const rest = list.filter((n) => n.id !== notification.id);
  return [...rest, notification].slice(-MAX_NOTIFICATIONS);
}

/** `list` without the notification `id`. */
export function dismissNotification(list: readonly AppNotification[], id: string): AppNotification[] {
  return list.filter((n) => n.id !== id);
}
