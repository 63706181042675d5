/**
 * Waits, or ends early when the subscription is stopped. The abort listener is removed when the
 * wait ends by itself: the signal lives as long as the subscription, and the pacer sleeps before
 * many pulls, so a listener left behind per sleep would pile up for days.
 */
export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
