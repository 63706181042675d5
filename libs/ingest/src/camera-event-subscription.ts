import { Logger } from '@nestjs/common';
import { EventIndexRepository, planEventWrites, type EventWrite } from '@wardwatch/events';
import { OnvifError, PullPointClient, type Subscription } from '@wardwatch/onvif';
import { backoffDelay, renewAfterMs } from './backoff';
import type { CameraCoverageRepository } from './camera-coverage.repository';
import type { IngestMetrics } from './ingest-metrics';

export interface SubscriptionTiming {
  /** Requested subscription life (ISO 8601 duration); renewed at 80% of what the camera grants. */
  terminationTime: string;
  pullTimeoutSeconds: number;
  /** A pull that returns at once with nothing waits this long before the next (no tight loop). */
  minPullIntervalMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** Index writes one camera may hold while PostgreSQL is unavailable (~10 minutes of a busy camera). */
const MAX_PENDING_WRITES = 10_000;

export const DEFAULT_TIMING: SubscriptionTiming = {
  terminationTime: 'PT10M',
  pullTimeoutSeconds: 20,
  minPullIntervalMs: 1000,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * One camera's event subscription, owned by one worker: subscribe, long-poll, renew before
 * termination, write events straight to PostgreSQL, and on any fault record health and a gap,
 * back off with jitter and subscribe again. stop() aborts the pull in flight and unsubscribes.
 */
export class CameraEventSubscription {
  private readonly logger = new Logger(CameraEventSubscription.name);
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private subscription?: Subscription;
  private lastGoodAt: Date | null = null;

  constructor(
    readonly cameraId: string,
    private readonly client: PullPointClient,
    private readonly index: EventIndexRepository,
    private readonly coverage: CameraCoverageRepository,
    private readonly metrics: IngestMetrics,
    private readonly timing: SubscriptionTiming = DEFAULT_TIMING,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  get isRunning(): boolean {
    return this.running !== undefined && !this.abort.signal.aborted;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    await this.giveBackSubscription();
    this.client.close();
  }

  /** Cameras have few subscription slots: give ours back before making another (best effort, short timeout). */
  private async giveBackSubscription(): Promise<void> {
    const sub = this.subscription;
    this.subscription = undefined;
    if (sub) await this.client.unsubscribe(sub, AbortSignal.timeout(2000)).catch(() => undefined);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    this.lastGoodAt = await this.coverage.lastSeen(this.cameraId).catch(() => null);
    let attempt = 0;
    while (!signal.aborted) {
      try {
        await this.client.measureClock(signal);
        this.subscription = await this.client.createSubscription(this.timing.terminationTime, signal);
        this.metrics.subscriptionsCreated.inc();
        attempt = 0;
        await this.flush();
        await this.pullUntilLost(this.subscription, signal);
      } catch (e) {
        if (signal.aborted) break;
        attempt += 1;
        await this.onFailure(e);
        await this.giveBackSubscription();
        await sleep(
          e instanceof OnvifError && e.kind === 'subscription_gone' && attempt === 1
            ? 0
            : backoffDelay(attempt, this.timing.backoffBaseMs, this.timing.backoffMaxMs),
          signal,
        );
      }
    }
  }

  private async pullUntilLost(subscription: Subscription, signal: AbortSignal): Promise<void> {
    let renewAt = Date.now() + renewAfterMs(subscription.currentTime, subscription.terminationTime);
    while (!signal.aborted) {
      if (Date.now() >= renewAt) {
        const renewed = await this.client.renew(subscription, this.timing.terminationTime, signal);
        await this.client.measureClock(signal);
        renewAt = Date.now() + renewAfterMs(renewed.currentTime, renewed.terminationTime);
        this.metrics.renewals.inc();
      }
      const timeout = Math.max(1, Math.min(this.timing.pullTimeoutSeconds, Math.floor((renewAt - Date.now()) / 1000)));
      const started = Date.now();
      const receivedAt = new Date();
      const result = await this.client.pull(subscription, timeout, 100, signal);
      const end = this.metrics.pullLatency.startTimer();
      if (result.unreadable) this.metrics.malformed.inc(result.unreadable);
      if (result.notifications.length) {
        const plan = planEventWrites(this.cameraId, this.client.clockOffsetMs, result.notifications, receivedAt);
        this.metrics.received.inc(result.notifications.length);
        this.metrics.unknownTopics.inc(plan.unknownTopics);
        this.enqueue({ offsetMs: this.client.clockOffsetMs, writes: plan.writes });
      }
      await this.flush();
      end();
      if (!result.notifications.length && Date.now() - started < this.timing.minPullIntervalMs) {
        await sleep(this.timing.minPullIntervalMs, signal);
      }
    }
  }

  /**
   * Pulled messages are gone from the camera, so they must not be lost when PostgreSQL is down:
   * they wait here, in order, and are written when it answers again, while the loop keeps pulling
   * and renewing. Bounded; past the bound the oldest are dropped and counted as lost.
   */
  private readonly pending: { offsetMs: number; writes: EventWrite[] }[] = [];
  private pendingWrites = 0;

  private enqueue(batch: { offsetMs: number; writes: EventWrite[] }): void {
    this.pending.push(batch);
    this.pendingWrites += batch.writes.length;
    while (this.pendingWrites > MAX_PENDING_WRITES && this.pending.length > 1) {
      const dropped = this.pending.shift()!;
      this.pendingWrites -= dropped.writes.length;
      this.metrics.lost.inc(dropped.writes.length);
      this.logger.error(
        { cameraId: this.cameraId, dropped: dropped.writes.length },
        'event buffer full while PostgreSQL is unavailable; oldest events dropped',
      );
    }
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending[0];
        const applied = await this.index.apply(this.cameraId, batch.offsetMs, batch.writes);
        this.pending.shift();
        this.pendingWrites -= batch.writes.length;
        this.metrics.indexed.inc(applied.opened + applied.closed + applied.points);
        this.metrics.duplicates.inc(applied.duplicates);
      }
      await this.seen();
    } catch (e) {
      this.metrics.failures.inc({ kind: 'database' });
      this.logger.warn(
        { cameraId: this.cameraId, pending: this.pendingWrites, err: (e as Error).message },
        'event index unavailable; holding pulled events and retrying',
      );
    }
  }

  private async seen(): Promise<void> {
    const now = new Date();
    this.lastGoodAt = now;
    await this.coverage.markSeen(this.cameraId, now);
    await this.coverage.closeGaps(this.cameraId, now);
  }

  private async onFailure(e: unknown): Promise<void> {
    const kind: OnvifError['kind'] | 'internal' = e instanceof OnvifError ? e.kind : 'internal';
    const message = e instanceof Error ? e.message : String(e);
    this.metrics.failures.inc({ kind });
    this.logger.warn({ cameraId: this.cameraId, kind, err: message }, 'camera event subscription failed; retrying with backoff');
    const from = this.lastGoodAt ?? new Date();
    try {
      switch (kind) {
        case 'unreachable':
        case 'timeout':
          await this.coverage.setHealth(this.cameraId, 'offline');
          await this.coverage.openGap(this.cameraId, 'offline', from, message);
          break;
        case 'auth':
          await this.coverage.setHealth(this.cameraId, 'auth_failed');
          await this.coverage.openGap(this.cameraId, 'auth_failed', from, message);
          break;
        case 'subscription_gone':
          // Messages the camera produced between losing our subscription and the next one are gone:
          // say so. The next subscription's Initialized state reconciles open motion.
          this.subscription = undefined;
          await this.coverage.openGap(this.cameraId, 'subscription_lost', from, message);
          break;
        case 'malformed':
        case 'fault':
        case 'http':
        case 'forbidden_address':
        case 'aborted':
        case 'internal':
          await this.coverage.setHealth(this.cameraId, 'subscription_failing');
          await this.coverage.openGap(this.cameraId, 'subscription_lost', from, message);
      }
    } catch (dbError) {
      // PostgreSQL may be restarting too; the loop goes on and records the state next time.
      this.logger.warn({ cameraId: this.cameraId, err: (dbError as Error).message }, 'could not record camera health');
    }
  }
}
