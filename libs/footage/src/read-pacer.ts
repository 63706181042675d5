/** Time, replaceable so that pacing can be checked without waiting for it. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Keeps a reader at or under `bytesPerSecond` on average since it started: after each read it
 * waits until the bytes read so far would have taken that long at the bound. At most one read
 * (one object) runs ahead of the bound at any moment.
 */
export class ReadPacer {
  private readonly startedAt: number;
  bytesRead = 0;
  /** Total time waited for the bound (what the bound cost this run). */
  pausedMs = 0;

  constructor(
    readonly bytesPerSecond: number,
    private readonly clock: PacerClock = SYSTEM_CLOCK,
  ) {
    this.startedAt = clock.now();
  }

  /** The wait owed after `bytesRead` bytes at `elapsedMs` (pure: the rule itself). */
  static delayMs(bytesRead: number, elapsedMs: number, bytesPerSecond: number): number {
    return Math.max(0, Math.ceil((bytesRead * 1000) / bytesPerSecond - elapsedMs));
  }

  async read(bytes: number): Promise<void> {
    this.bytesRead += bytes;
    const wait = ReadPacer.delayMs(this.bytesRead, this.clock.now() - this.startedAt, this.bytesPerSecond);
    if (wait > 0) {
      this.pausedMs += wait;
      await this.clock.sleep(wait);
    }
  }

  /** Bytes per second over the run so far. */
  rate(): number {
    const elapsed = this.clock.now() - this.startedAt;
    return elapsed > 0 ? (this.bytesRead * 1000) / elapsed : 0;
  }
}
