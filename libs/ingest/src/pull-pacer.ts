/** How fast one camera may be pulled, whatever it answers. */
export interface PullBudget {
  /** Least time from the start of one pull to the start of the next (even when the camera answers at once with messages). */
  minIntervalMs: number;
  /** A pull that returns at once with nothing waits this long before the next (no tight loop on an idle camera). */
  emptyPauseMs: number;
  /** Messages per second the camera may send on average ... */
  messagesPerSecond: number;
  /** ... and in one burst. */
  burst: number;
  /** A camera stays marked noisy this long after it last went over its budget. */
  noisyForMs: number;
}

export interface PaceAfterPull {
  /** Messages of this pull beyond the camera's budget (the next pull waits until they are paid for). */
  overBudget: number;
  noisy: boolean;
  /** The camera went over its budget now after a quiet spell (log it once, not every pull). */
  becameNoisy: boolean;
}

/**
 * Bytes of reply one message's budget pays for. An ordinary notification is well under 1 KiB on the
 * wire; charging a reply at least one message per 4 KiB means a camera cannot buy cheap parsing of
 * huge attributes by sending few messages (parsing costs the event loop by the byte, not by the message).
 */
export const REPLY_BYTES_PER_MESSAGE = 4096;

/** What a pull costs from the camera's budget: its messages, or its size in REPLY_BYTES_PER_MESSAGE, whichever is more. */
export function pullCost(messages: number, replyBytes: number): number {
  return Math.max(messages, Math.floor(replyBytes / REPLY_BYTES_PER_MESSAGE));
}

/**
 * Paces one camera's pulls: a minimum interval between pulls, and a message budget (a token bucket
 * of `burst` messages refilled at `messagesPerSecond`). A pull's messages are paid from the bucket;
 * when they overdraw it, the excess is counted and the next pull waits until the debt is paid, so a
 * camera that answers every pull at once with messages gets at most its budget of the worker's time
 * and the other cameras' loops keep theirs. Messages are never dropped here: the camera holds (or
 * drops, as real ones do) what it cannot deliver. Pure (time is passed in) for unit tests.
 */
export class PullPacer {
  private tokens: number;
  private refilledAt: number;
  private nextPullAt = 0;
  private noisyUntil = 0;

  constructor(
    private readonly budget: PullBudget,
    now: number,
  ) {
    this.tokens = budget.burst;
    this.refilledAt = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.budget.burst, this.tokens + ((now - this.refilledAt) * this.budget.messagesPerSecond) / 1000);
    this.refilledAt = now;
  }

  /** How long to wait before the next pull may start (0: now). */
  delay(now: number): number {
    this.refill(now);
    const debt = this.tokens < 0 ? Math.ceil((-this.tokens * 1000) / this.budget.messagesPerSecond) : 0;
    return Math.max(0, this.nextPullAt - now, debt);
  }

  /** Records a pull that started at `startedAt` and answered at `now`, costing `messages` (see pullCost). */
  pulled(messages: number, startedAt: number, now: number): PaceAfterPull {
    this.refill(now);
    const before = this.tokens;
    this.tokens -= messages;
    const overBudget = this.tokens < 0 ? Math.min(messages, Math.ceil(-this.tokens - Math.max(0, -before))) : 0;
    this.nextPullAt = Math.max(
      startedAt + this.budget.minIntervalMs,
      messages === 0 && now - startedAt < this.budget.emptyPauseMs ? now + this.budget.emptyPauseMs : 0,
    );
    const wasNoisy = now < this.noisyUntil;
    if (overBudget > 0) this.noisyUntil = now + this.budget.noisyForMs;
    const noisy = now < this.noisyUntil;
    return { overBudget, noisy, becameNoisy: noisy && !wasNoisy };
  }
}
