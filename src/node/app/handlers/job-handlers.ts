/** jobs.get, jobs.list, jobs.cancel. */
import type { AppState } from '../app-state.ts';
import type { HandlerSlice } from './handler-types.ts';

export function createJobHandlers(state: AppState): HandlerSlice<'jobs.get' | 'jobs.list' | 'jobs.cancel'> {
  return {
    'jobs.get': ({ jobId }) => state.jobs.get(jobId),
    'jobs.list': () => ({ jobs: state.jobs.list() }),
    'jobs.cancel': ({ jobId }) => state.jobs.cancel(jobId),
  };
}
