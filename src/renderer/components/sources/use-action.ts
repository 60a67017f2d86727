import { useCallback, useEffect, useRef, useState } from 'react';
import { toShownError, type ShownError } from '../../api.ts';

/**
 * A one-shot async action for a form step: its status, error (as code + message for ErrorPanel),
 * and a `run` that ignores results arriving after the component unmounted.
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [status, setStatus] = useState<'idle' | 'running' | 'done' | 'failed'>('idle');
  const [error, setError] = useState<ShownError | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setStatus('running');
      setError(null);
      try {
        const result = await action(...args);
        if (mounted.current) setStatus('done');
        return result;
      } catch (failure) {
        if (mounted.current) {
          setStatus('failed');
          setError(toShownError(failure));
        }
        return undefined;
      }
    },
    [action],
  );
  const reset = useCallback(() => {
    setStatus('idle');
    setError(null);
  }, []);
  return { status, error, run, reset };
}
