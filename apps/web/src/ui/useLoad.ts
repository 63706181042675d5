import { type DependencyList, useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** Asks again (after a change the page made); the old data stays on screen meanwhile. */
  reload: () => void;
}

/**
 * One request's answer for a page: loaded when the page opens and whenever `deps` change, ignored
 * once the page has moved on (a late answer never overwrites a newer one).
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);

  useEffect(() => {
    let live = true;
    run().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [run, round]);

  return { data, error, reload: useCallback(() => setRound((n) => n + 1), []) };
}
