import { useEffect } from 'react';
import { onJobEnded } from '../store/jobs-store.ts';
import { notificationForJob } from '../store/notifications.ts';
import { useSessionStore } from '../store/session-store.ts';
import { useUiStore } from '../store/ui-store.ts';

/** When a job ends: tell the person, and reload replica data (screens watch the data version). */
export function useJobNotifications(): void {
  useEffect(
    () =>
      onJobEnded((job) => {
        useUiStore.getState().notify(notificationForJob(job));
        useSessionStore.getState().dataChanged();
      }),
    [],
  );
}
