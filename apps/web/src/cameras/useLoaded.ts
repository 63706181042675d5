import { type DependencyList, useCallback, useEffect, useState } from 'react';

/** One request's answer for a page, loaded when `deps` change; a late answer for old deps is dropped. */
export function useLoaded<T>(load: () => Promise<T>, deps: DependencyList): { data: T | null; error: unknown; reload: () => void } {
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
