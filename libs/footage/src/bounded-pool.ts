/**
 * Runs keyed jobs at most `size` at a time, oldest first. A key already queued or running is not
 * added again: capture sees the same due clip on every tick until its assembly has finished.
 */
export class BoundedPool {
  private readonly waiting: { key: string; job: () => Promise<void> }[] = [];
  private readonly keys = new Set<string>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** Whether a job with this key is queued or running. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  get pending(): number {
    return this.keys.size;
  }

  /** Queues the job unless one with its key is queued or running; its errors are its own to handle. */
  add(key: string, job: () => Promise<void>): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.waiting.push({ key, job });
    this.drain();
    return true;
  }

  /** Settles once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.keys.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops what has not started (at shutdown): the rows are the durable truth, the next start finds them again. */
  clearWaiting(): void {
    for (const { key } of this.waiting.splice(0)) this.keys.delete(key);
    this.settleIdle();
  }

  private drain(): void {
    while (this.running < this.size && this.waiting.length > 0) {
      const { key, job } = this.waiting.shift()!;
      this.running++;
      void job()
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.keys.delete(key);
          this.drain();
          this.settleIdle();
        });
    }
  }

  private settleIdle(): void {
    if (this.keys.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Runs `fn` over `items`, at most `limit` at a time; rejects with the first error once all have settled. */
export async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: unknown;
  let failed = false;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        if (!failed) firstError = e;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failed) throw firstError;
}
