import type { ApiMethod } from '../../../core/api/methods.ts';
import { call, toShownError, type ShownError } from '../../api.ts';
import { useJobsStore } from '../../store/jobs-store.ts';
import { useSessionStore } from '../../store/session-store.ts';

/** Starts a sync or a verification of `originId` and follows it in the job tray; resolves to the error, if any. */
export async function startReplicaJob(method: Extract<ApiMethod, 'sync.start' | 'verify.start'>, originId: number): Promise<ShownError | null> {
  try {
    const { jobId } = await call(method, { originId });
    useJobsStore.getState().trackJob(jobId);
    // The replica is busy now: reload so its buttons say so (and cannot start it twice).
    void useSessionStore.getState().loadReplicas();
    return null;
  } catch (failure) {
    return toShownError(failure);
  }
}
