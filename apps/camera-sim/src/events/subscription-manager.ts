import { randomUUID } from 'node:crypto';

/** What a pull answers with: the messages, and the times to report (host-clock milliseconds). */
export interface PullResult {
  messages: string[];
}

/** Thrown when a subscription does not exist (never did, was unsubscribed, or expired). */
export class UnknownSubscriptionError extends Error {
  override name = 'UnknownSubscriptionError';
}

interface Waiter {
  limit: number;
  resolve: (result: PullResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class Subscription {
  readonly queue: string[] = [];
  waiter?: Waiter;
  expiryTimer?: NodeJS.Timeout;
  /** When the subscription really ends (host clock). */
  deadlineMs = 0;
  /** The termination time the camera reported (host clock); differs from deadlineMs under the early-expiry fault. */
  reportedTerminationMs = 0;

  constructor(readonly id: string) {}
}

export interface SubscriptionStats {
  active: number;
  created: number;
  expired: number;
  unsubscribed: number;
  /** Messages dropped because a subscription's queue was full (oldest first). */
  overflowed: number;
}

/**
 * The camera's PullPoint subscriptions: creation, termination enforced by a timer (an expired
 * subscription is gone, and later requests for it fault), and PullMessages as a real long-poll:
 * a pull with nothing queued is held until a message arrives or its timeout passes.
 */
export class SubscriptionManager {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly counters = { created: 0, expired: 0, unsubscribed: 0, overflowed: 0 };

  constructor(
    private readonly maxSubscriptions: number,
    /** Per subscription; past it the oldest message is dropped, as a camera's ring buffer does. */
    private readonly maxQueue: number,
  ) {}

  get size(): number {
    return this.subscriptions.size;
  }

  get(id: string): Subscription | undefined {
    return this.subscriptions.get(id);
  }

  stats(): SubscriptionStats {
    return { active: this.subscriptions.size, ...this.counters };
  }

  /** Returns undefined when every slot is taken. */
  create(deadlineMs: number, reportedTerminationMs: number, initialMessages: string[]): Subscription | undefined {
    if (this.subscriptions.size >= this.maxSubscriptions) return undefined;
    const subscription = new Subscription(randomUUID());
    this.subscriptions.set(subscription.id, subscription);
    this.counters.created++;
    subscription.queue.push(...initialMessages);
    this.setTermination(subscription, deadlineMs, reportedTerminationMs);
    return subscription;
  }

  setTermination(subscription: Subscription, deadlineMs: number, reportedTerminationMs: number): void {
    subscription.deadlineMs = deadlineMs;
    subscription.reportedTerminationMs = reportedTerminationMs;
    if (subscription.expiryTimer) clearTimeout(subscription.expiryTimer);
    subscription.expiryTimer = setTimeout(() => this.end(subscription.id, 'expired'), Math.max(0, deadlineMs - Date.now()));
    subscription.expiryTimer.unref();
  }

  /** Ends a subscription; a pull waiting on it is answered with UnknownSubscriptionError. */
  end(id: string, why: 'expired' | 'unsubscribed'): boolean {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return false;
    this.subscriptions.delete(id);
    this.counters[why]++;
    if (subscription.expiryTimer) clearTimeout(subscription.expiryTimer);
    const waiter = subscription.waiter;
    if (waiter) {
      subscription.waiter = undefined;
      clearTimeout(waiter.timer);
      waiter.reject(new UnknownSubscriptionError(`the subscription ${why === 'expired' ? 'expired' : 'was unsubscribed'}`));
    }
    return true;
  }

  endAll(why: 'expired' | 'unsubscribed'): number {
    const ids = [...this.subscriptions.keys()];
    for (const id of ids) this.end(id, why);
    return ids.length;
  }

  /**
   * Queues one or more messages on every subscription and wakes waiting pulls. Returns how many
   * subscriptions received them (0 means the camera dropped them: nobody was subscribed).
   */
  publish(messages: string[]): number {
    for (const subscription of this.subscriptions.values()) {
      subscription.queue.push(...messages);
      const excess = subscription.queue.length - this.maxQueue;
      if (excess > 0) {
        subscription.queue.splice(0, excess);
        this.counters.overflowed += excess;
      }
      this.wake(subscription);
    }
    return this.subscriptions.size;
  }

  /** Queues messages on one subscription only (SetSynchronizationPoint). */
  enqueue(subscription: Subscription, messages: string[]): void {
    subscription.queue.push(...messages);
    this.wake(subscription);
  }

  /**
   * PullMessages: answers at once with what is queued (up to `limit`), otherwise holds until a
   * message arrives or `timeoutMs` passes (then answers with none). A second pull on the same
   * subscription answers the first one empty, as most cameras do. `signal` aborts the wait when the
   * client goes away, so a dropped connection does not keep a waiter (or swallow messages).
   */
  pull(id: string, timeoutMs: number, limit: number, signal?: AbortSignal): Promise<PullResult> {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return Promise.reject(new UnknownSubscriptionError('no such subscription'));
    if (subscription.queue.length > 0 || timeoutMs <= 0) {
      return Promise.resolve({ messages: subscription.queue.splice(0, limit) });
    }
    if (subscription.waiter) this.answer(subscription, []);
    return new Promise<PullResult>((resolve, reject) => {
      const timer = setTimeout(() => this.answer(subscription, []), timeoutMs);
      subscription.waiter = { limit, resolve, reject, timer };
      signal?.addEventListener(
        'abort',
        () => {
          if (subscription.waiter?.resolve !== resolve) return;
          clearTimeout(timer);
          subscription.waiter = undefined;
          resolve({ messages: [] });
        },
        { once: true },
      );
    });
  }

  private wake(subscription: Subscription): void {
    const waiter = subscription.waiter;
    if (!waiter) return;
    this.answer(subscription, subscription.queue.splice(0, waiter.limit));
  }

  private answer(subscription: Subscription, messages: string[]): void {
    const waiter = subscription.waiter;
    if (!waiter) return;
    subscription.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve({ messages });
  }
}
