/**
 * Exponential backoff with full jitter (AWS architecture blog's "full jitter"): spreads the
 * re-subscriptions of hundreds of cameras that failed together, e.g. after an overlay network blip.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * When to renew: at `fraction` of the subscription's remaining life, measured in the camera's own
 * clock (TerminationTime - CurrentTime), so a skewed camera clock cannot make us renew late.
 */
export function renewAfterMs(currentTime: Date | null, terminationTime: Date | null, fraction = 0.8, fallbackMs = 60_000): number {
  if (!currentTime || !terminationTime) return fallbackMs;
  const life = terminationTime.getTime() - currentTime.getTime();
  return life > 0 ? Math.max(1000, Math.floor(life * fraction)) : 1000;
}
