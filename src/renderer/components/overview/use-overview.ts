import { useCallback, useEffect, useState } from 'react';
import type { Overview } from '../../../core/api/schemas/replicas.ts';
import { call, toShownError, type ShownError } from '../../api.ts';
import { sessionSelectors } from '../../store/session-selectors.ts';
import { useSessionStore } from '../../store/session-store.ts';

/** overview.get for `originId`, reloaded when replica data changes (a job ended). Keeps the last data while reloading. */
export function useOverview(originId: number) {
  const version = useSessionStore(sessionSelectors.dataVersion);
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    call('overview.get', { originId })
      .then((overview) => {
        if (!live) return;
        setData(overview);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!live) return;
        setError(toShownError(failure));
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [originId, version, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, retry };
}
