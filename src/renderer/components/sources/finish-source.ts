import type { Job } from '../../../core/api/schemas/jobs.ts';
import { navigate } from '../../router.ts';
import { useSessionStore } from '../../store/session-store.ts';

/** After a connect, demo or import job succeeded: reload replicas, make the new one active, show its Overview. */
export async function finishSource(job: Job): Promise<void> {
  const session = useSessionStore.getState();
  await session.loadReplicas();
  if (job.originId !== null) await session.setActiveOrigin(job.originId);
  navigate({ screen: 'overview' });
}
