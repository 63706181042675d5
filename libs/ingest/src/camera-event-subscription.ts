import { Logger } from '@nestjs/common';
import { EventIndexRepository, planEventWrites, type EventWrite } from '@wardwatch/events';
import { FencedWriteRefused, HoldingFence, type HoldingToken } from '@wardwatch/holdings';
import { OnvifError, PullPointClient, type Subscription } from '@wardwatch/onvif';
import { backoffDelay, renewAfterMs } from './backoff';
import { PullPacer, pullCost } from './pull-pacer';
import type { CameraCoverageRepository } from './camera-coverage.repository';
import type { CameraIngestMetrics, IngestMetrics } from './ingest-metrics';
import type { SubscriptionRecordsRepository } from './subscription-records.repository';
import { sleep } from './abortable-sleep';

export interface SubscriptionTiming {
  /** Requested subscription life (ISO 8601 duration); renewed at 80% of what the camera grants. */
  terminationTime: string;
  pullTimeoutSeconds: number;
  /** A pull that returns at once with nothing waits this long before the next (no tight loop). */
  minPullIntervalMs: number;
  /** Pacing whatever the camera answers: least time between pulls, and its message budget (see PullPacer). */
  pullGapMs: number;
  messagesPerSecond: number;
  messageBurst: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** Index writes one camera may hold while PostgreSQL is unavailable (~10 minutes of a busy camera). */
const MAX_PENDING_WRITES = 10_000;

export const DEFAULT_TIMING: SubscriptionTiming = {
  terminationTime: 'PT10M',
  pullTimeoutSeconds: 20,
  minPullIntervalMs: 1000,
  pullGapMs: 100,
  messagesPerSecond: 20,
  messageBurst: 200,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
};

/** What one camera's loop writes to and reports through, shared by every loop of a worker. */
export interface SubscriptionLoopDependencies {
  index: EventIndexRepository;
  coverage: CameraCoverageRepository;
  records: SubscriptionRecordsRepository;
  metrics: IngestMetrics;
  /** Checks the lease's fencing token in each index write. */
  fence: HoldingFence;
  /** Written beside each subscription reference, so an operator can see who made it. */
  workerId: string;
}

/** A camera stays marked noisy this long after it last went over its message budget. */
const NOISY_FOR_MS = 60_000;

/** last_seen_at is written at most this often while events flow (see seen()). */
const LAST_SEEN_WRITE_EVERY_MS = 5000;

/** How long giving back a subscription may take before the loop moves on. */
const UNSUBSCRIBE_TIMEOUT_MS = 2000;

/** Errors after which a leftover subscription is still worth unsubscribing later: the camera could not be asked. */
/**
 * Messages asked for per pull. With the reply cap (MAX_REPLY_BYTES, 256 KiB) this leaves room for
 * vendors' verbose notifications (a few KiB each); the pacer, not this limit, bounds the rate.
 */
const PULL_MESSAGE_LIMIT = 50;

const UNASKED: readonly OnvifError['kind'][] = ['unreachable', 'timeout', 'aborted', 'auth'];

/**
 * One camera's event subscription, owned by one worker: subscribe, long-poll, renew before
 * termination, write events straight to PostgreSQL, and on any fault record health and a gap,
 * back off with jitter and subscribe again. stop() aborts the pull in flight and unsubscribes.
 * Its writes as owner carry the lease's fencing token: once PostgreSQL refuses one (another worker
 * holds a newer lease: this one was paused past its lease), the loop stops acting for the camera.
 */
export class CameraEventSubscription {
  private readonly logger = new Logger(CameraEventSubscription.name);
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private subscription?: Subscription;
  /**
   * A subscription to give back before making a new one: one a previous owner (or this worker
   * before a restart) left on the camera, or ours when unsubscribing it failed. `recordAddress` is
   * the address as stored, to clear the record by.
   */
  private leftover?: { subscription: Subscription; recordAddress: string };
  /** Made but not yet recorded (PostgreSQL was unavailable): recorded with the next successful write. */
  private unrecorded?: Subscription;
  private lastGoodAt: Date | null = null;
  private readonly index: EventIndexRepository;
  private readonly coverage: CameraCoverageRepository;
  private readonly records: SubscriptionRecordsRepository;
  private readonly metrics: IngestMetrics;
  private readonly cameraMetrics: CameraIngestMetrics;
  private readonly workerId: string;
  private readonly fence: HoldingFence;
  readonly cameraId: string;

  constructor(
    readonly holding: HoldingToken,
    private readonly client: PullPointClient,
    dependencies: SubscriptionLoopDependencies,
    private readonly timing: SubscriptionTiming = DEFAULT_TIMING,
  ) {
    this.cameraId = holding.cameraId;
    ({
      index: this.index,
      coverage: this.coverage,
      records: this.records,
      metrics: this.metrics,
      workerId: this.workerId,
      fence: this.fence,
    } = dependencies);
    this.cameraMetrics = this.metrics.forCamera(holding.cameraId);
    this.pacer = new PullPacer(
      {
        minIntervalMs: timing.pullGapMs,
        emptyPauseMs: timing.minPullIntervalMs,
        messagesPerSecond: timing.messagesPerSecond,
        burst: timing.messageBurst,
        noisyForMs: NOISY_FOR_MS,
      },
      Date.now(),
    );
  }

  /** Paces this camera's pulls (kept across re-subscriptions: a storm does not earn a fresh budget by failing). */
  private readonly pacer: PullPacer;

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

  /**
   * Cameras have few subscription slots: give ours back before making another (short timeout).
   * Its record is cleared once the camera has let it go; if the camera could not be asked, it stays
   * a leftover (retried before the next subscribe, or by the next owner from the record).
   */
  private async giveBackSubscription(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    if (!subscription) return;
    if (await this.unsubscribe(subscription, AbortSignal.timeout(UNSUBSCRIBE_TIMEOUT_MS))) {
      await this.clearRecord(subscription.address);
    } else {
      this.leftover = { subscription, recordAddress: subscription.address };
    }
  }

  /** True when the camera no longer has the subscription (unsubscribed now, or already gone). */
  private async unsubscribe(subscription: Subscription, signal: AbortSignal): Promise<boolean> {
    try {
      await this.client.unsubscribe(subscription, signal);
      return true;
    } catch (e) {
      return e instanceof OnvifError && e.kind === 'subscription_gone';
    }
  }

  private async clearRecord(address: string): Promise<void> {
    if (this.unrecorded?.address === address) this.unrecorded = undefined;
    await this.records.clear(this.cameraId, address).catch((e: unknown) =>
      // A stale row only costs the next owner one Unsubscribe that the camera answers with a fault.
      this.logger.warn({ cameraId: this.cameraId, err: (e as Error).message }, 'could not clear the subscription record'),
    );
  }

  /**
   * On taking the camera: a subscription recorded by its previous owner (a worker that died, or
   * this one before a restart) that has not reached its termination time still holds a slot, and
   * is unsubscribed before we subscribe. Its address is rewritten to the enrolled host and port and
   * goes through the same camera-network check as every address a camera hands back.
   */
  private async adoptRecordedSubscription(): Promise<void> {
    const record = await this.records.find(this.cameraId);
    if (!record) return;
    if (record.terminatesAt.getTime() <= Date.now()) {
      await this.clearRecord(record.address);
      return;
    }
    let address: string;
    try {
      address = this.client.rewrite(record.address);
    } catch {
      this.logger.warn({ cameraId: this.cameraId }, 'the recorded subscription address is not a URL; dropping the record');
      await this.clearRecord(record.address);
      return;
    }
    this.leftover = {
      recordAddress: record.address,
      subscription: {
        address,
        referenceParameters: record.referenceParameters,
        currentTime: new Date(Date.now() + this.client.clockOffsetMs),
        terminationTime: record.cameraTerminatesAt,
      },
    };
    this.logger.log(
      { cameraId: this.cameraId, previousWorker: record.workerId, terminatesAt: record.terminatesAt },
      'found a subscription left by the previous owner; unsubscribing it before subscribing',
    );
  }

  /** Unsubscribes the leftover. Throws (keeping it) when the camera cannot be asked now; the loop backs off. */
  private async releaseLeftover(signal: AbortSignal): Promise<void> {
    const leftover = this.leftover;
    if (!leftover) return;
    try {
      await this.client.unsubscribe(leftover.subscription, AbortSignal.any([signal, AbortSignal.timeout(UNSUBSCRIBE_TIMEOUT_MS)]));
      this.metrics.leftoversUnsubscribed.inc();
    } catch (e) {
      if (e instanceof OnvifError && UNASKED.includes(e.kind)) throw e;
      // Gone already, or refused for good (a fault, a forbidden address): nothing more to do about it.
      this.logger.log(
        { cameraId: this.cameraId, err: (e as Error).message },
        'the leftover subscription could not be unsubscribed; leaving it to the camera',
      );
    }
    this.leftover = undefined;
    await this.clearRecord(leftover.recordAddress);
  }

  private async recordSubscription(subscription: Subscription): Promise<void> {
    try {
      await this.records.record(this.holding, subscription, this.client.clockOffsetMs, this.workerId);
      if (this.unrecorded === subscription) this.unrecorded = undefined;
    } catch (e) {
      if (e instanceof FencedWriteRefused) return this.fencedOut(e);
      this.unrecorded = subscription;
      this.logger.warn({ cameraId: this.cameraId, err: (e as Error).message }, 'could not record the subscription; retrying later');
    }
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    this.lastGoodAt = await this.coverage.lastSeen(this.cameraId).catch(() => null);
    await this.adoptRecordedSubscription().catch((e: unknown) =>
      this.logger.warn({ cameraId: this.cameraId, err: (e as Error).message }, 'could not read the subscription record'),
    );
    let attempt = 0;
    while (!signal.aborted) {
      try {
        await this.client.measureClock(signal);
        await this.releaseLeftover(signal);
        this.subscription = await this.client.createSubscription(this.timing.terminationTime, signal);
        this.metrics.subscriptionsCreated.inc();
        this.cameraMetrics.subscribed(true);
        await this.recordSubscription(this.subscription);
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
        if (renewed.terminationTime) {
          subscription.terminationTime = renewed.terminationTime;
          await this.records
            .renewed(this.cameraId, subscription.address, renewed.terminationTime, this.client.clockOffsetMs)
            .catch(() => (this.unrecorded = subscription));
        }
      }
      const wait = this.pacer.delay(Date.now());
      if (wait > 0) {
        // Never past the renewal: a long debt is waited out in steps, renewing on the way.
        await sleep(Math.min(wait, Math.max(0, renewAt - Date.now())), signal);
        continue;
      }
      const timeout = Math.max(1, Math.min(this.timing.pullTimeoutSeconds, Math.floor((renewAt - Date.now()) / 1000)));
      const started = Date.now();
      const receivedAt = new Date();
      const result = await this.client.pull(subscription, timeout, PULL_MESSAGE_LIMIT, signal);
      const answeredAt = process.hrtime.bigint();
      if (result.unreadable) this.metrics.malformed.inc(result.unreadable);
      if (result.notifications.length) {
        const plan = planEventWrites(this.cameraId, this.client.clockOffsetMs, result.notifications, receivedAt);
        this.cameraMetrics.received(result.notifications.length);
        this.metrics.unknownTopics.inc(plan.unknownTopics);
        this.reject(plan.rejected.map((r) => ({ topic: r.topic, why: r.reason })));
        this.enqueue({ offsetMs: this.client.clockOffsetMs, writes: plan.writes });
      }
      await this.flush();
      if (result.notifications.length) this.cameraMetrics.indexSeconds(Number(process.hrtime.bigint() - answeredAt) / 1e9);
      const pace = this.pacer.pulled(pullCost(result.notifications.length, result.replyBytes), started, Date.now());
      if (pace.overBudget) this.cameraMetrics.overBudget(pace.overBudget);
      this.cameraMetrics.noisy(pace.noisy);
      if (pace.becameNoisy) {
        this.logger.warn(
          { cameraId: this.cameraId, messagesPerSecond: this.timing.messagesPerSecond, burst: this.timing.messageBurst },
          'camera sends more messages than its budget (INGEST_CAMERA_MESSAGES_PER_S); its pulls are slowed and it is marked noisy',
        );
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
        const applied = await this.index.apply(
          this.cameraId,
          batch.offsetMs,
          batch.writes,
          this.fence.guardFor(this.holding, 'motion_events'),
        );
        this.pending.shift();
        this.pendingWrites -= batch.writes.length;
        this.cameraMetrics.indexed(applied.opened + applied.closed + applied.points);
        this.cameraMetrics.duplicates(applied.duplicates);
        this.reject(applied.rejected.map((r) => ({ topic: r.topic, why: `PostgreSQL refused the ${r.op} write: ${r.error}` })));
      }
      await this.seen();
    } catch (e) {
      if (e instanceof FencedWriteRefused) return this.fencedOut(e);
      this.metrics.failures.inc({ kind: 'database' });
      this.logger.warn(
        { cameraId: this.cameraId, pending: this.pendingWrites, err: (e as Error).message },
        'event index unavailable; holding pulled events and retrying',
      );
    }
  }

  /**
   * Another worker holds a newer lease: what this loop pulled is not written (the new owner pulls
   * the camera itself), and the loop stops; the holdings give the camera up on their next reconcile.
   */
  private fencedOut(e: FencedWriteRefused): void {
    this.logger.warn(
      { cameraId: this.cameraId, token: this.holding.token, write: e.write, dropped: this.pendingWrites },
      'lost the camera to a newer lease: stopping its subscription without writing what it pulled',
    );
    this.pending.length = 0;
    this.pendingWrites = 0;
    this.abort.abort();
  }

  /** Messages that cannot be indexed: counted and logged with the camera, never allowed to hold up the others. */
  private reject(rejected: { topic: string; why: string }[]): void {
    if (!rejected.length) return;
    this.cameraMetrics.rejected(rejected.length);
    for (const r of rejected) {
      this.logger.warn({ cameraId: this.cameraId, topic: r.topic.slice(0, 120), why: r.why.slice(0, 300) }, 'camera message not indexed');
    }
  }

  private async seen(): Promise<void> {
    if (this.unrecorded && this.unrecorded === this.subscription) await this.recordSubscription(this.unrecorded);
    const now = new Date();
    this.lastGoodAt = now;
    // Two statements per pull were most of a busy camera's database work: last_seen_at is written
    // at most every few seconds (it marks where a gap starts if this process dies; the loop keeps
    // the exact time in memory), at once after a failure (health back to online), and gaps are
    // closed only when one may be open.
    if (this.healthStale || now.getTime() - this.lastSeenWrittenAt >= LAST_SEEN_WRITE_EVERY_MS) {
      await this.coverage.markSeen(this.holding, now);
      this.lastSeenWrittenAt = now.getTime();
      this.healthStale = false;
    }
    if (this.gapMayBeOpen) {
      await this.coverage.closeGaps(this.holding, now);
      this.gapMayBeOpen = false;
    }
  }

  /** Health may say anything but online (set at start and by every failure). */
  private healthStale = true;
  /** A gap may be open for this camera (one may be left from before this loop started). */
  private gapMayBeOpen = true;
  private lastSeenWrittenAt = 0;

  private async onFailure(e: unknown): Promise<void> {
    const kind: OnvifError['kind'] | 'internal' = e instanceof OnvifError ? e.kind : 'internal';
    const message = e instanceof Error ? e.message : String(e);
    this.metrics.failures.inc({ kind });
    this.cameraMetrics.subscribed(false);
    this.healthStale = true;
    this.gapMayBeOpen = true;
    this.logger.warn({ cameraId: this.cameraId, kind, err: message }, 'camera event subscription failed; retrying with backoff');
    const from = this.lastGoodAt ?? new Date();
    try {
      switch (kind) {
        case 'unreachable':
        case 'timeout':
          await this.coverage.setHealth(this.holding, 'offline');
          await this.coverage.openGap(this.holding, 'offline', from, message);
          break;
        case 'auth':
          await this.coverage.setHealth(this.holding, 'auth_failed');
          await this.coverage.openGap(this.holding, 'auth_failed', from, message);
          break;
        case 'subscription_gone':
          // Messages the camera produced between losing our subscription and the next one are gone:
          // say so. The next subscription's Initialized state reconciles open motion.
          if (this.subscription) await this.clearRecord(this.subscription.address);
          this.subscription = undefined;
          await this.coverage.openGap(this.holding, 'subscription_lost', from, message);
          break;
        case 'malformed':
        case 'fault':
        case 'http':
        case 'forbidden_address':
        case 'aborted':
        case 'internal':
          await this.coverage.setHealth(this.holding, 'subscription_failing');
          await this.coverage.openGap(this.holding, 'subscription_lost', from, message);
      }
    } catch (dbError) {
      if (dbError instanceof FencedWriteRefused) return this.fencedOut(dbError);
      // PostgreSQL may be restarting too; the loop goes on and records the state next time.
      this.logger.warn({ cameraId: this.cameraId, err: (dbError as Error).message }, 'could not record camera health');
    }
  }
}
