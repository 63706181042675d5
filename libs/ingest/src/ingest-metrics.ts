import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram, Summary } from 'prom-client';
import { Gauge as PromGauge, Histogram as PromHistogram, Summary as PromSummary } from 'prom-client';
import { MetricsService } from '@wardwatch/observability';

/** The per-camera side of the ingest metrics, for one camera's loop: every call also counts in the totals. */
export interface CameraIngestMetrics {
  received(n: number): void;
  indexed(n: number): void;
  duplicates(n: number): void;
  rejected(n: number): void;
  /** Seconds from a pull answering to its events being in PostgreSQL. */
  indexSeconds(seconds: number): void;
  /** Messages beyond the camera's budget (its next pull waited for them). */
  overBudget(n: number): void;
  /** Whether the camera went over its budget within the last minute. */
  noisy(yes: boolean): void;
  /** Whether the camera's loop has a working subscription (false after a failure, true once subscribed again). */
  subscribed(up: boolean): void;
}

/**
 * Ingest metrics, in total and per camera. Per-camera series carry a `camera` label (the camera
 * id) and exist only for the cameras this worker holds: they are removed when the worker lets a
 * camera go, so one worker exposes at most INGEST_MAX_CAMERAS of each (a few thousand series at 500
 * cameras), however many cameras the city has. The per-camera latency is a summary without
 * quantiles (sum and count: the mean per camera), the totals keep the histogram for percentiles.
 */
@Injectable()
export class IngestMetrics {
  readonly received: Counter;
  readonly indexed: Counter;
  readonly duplicates: Counter;
  readonly rejected: Counter;
  readonly unknownTopics: Counter;
  readonly malformed: Counter;
  readonly lost: Counter;
  readonly failures: Counter<'kind'>;
  readonly subscriptionsCreated: Counter;
  readonly leftoversUnsubscribed: Counter;
  readonly renewals: Counter;
  readonly pullLatency: Histogram;
  readonly held: Gauge;
  readonly overdueClosed: Counter;
  readonly overBudget: Counter;
  private readonly perCamera: {
    overBudget: Counter<'camera'>;
    noisy: Gauge<'camera'>;
    received: Counter<'camera'>;
    indexed: Counter<'camera'>;
    duplicates: Counter<'camera'>;
    rejected: Counter<'camera'>;
    subscribed: Gauge<'camera'>;
    indexSeconds: Summary<'camera'>;
  };
  /** Last known subscription state of each camera this worker holds (the active/failing totals count it). */
  private readonly subscriptionUp = new Map<string, boolean>();

  constructor(metrics: MetricsService) {
    const registry = metrics.registry;
    const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
    this.received = metrics.counter('wardwatch_ingest_notifications_received_total', 'Event notifications pulled from cameras');
    this.indexed = metrics.counter('wardwatch_ingest_events_indexed_total', 'Index writes that changed something (opens, closes, points)');
    this.duplicates = metrics.counter('wardwatch_ingest_duplicates_dropped_total', 'Notifications whose event was already indexed');
    this.rejected = metrics.counter(
      'wardwatch_ingest_messages_rejected_total',
      'Notifications not indexed because their content was unusable (impossible times) or PostgreSQL refused the row',
    );
    this.unknownTopics = metrics.counter(
      'wardwatch_ingest_unknown_topics_total',
      'Notifications with a topic the service does not interpret (kept raw)',
    );
    this.malformed = metrics.counter('wardwatch_ingest_malformed_messages_total', 'Notification messages that could not be read');
    this.lost = metrics.counter(
      'wardwatch_ingest_events_lost_total',
      'Pulled events dropped because PostgreSQL stayed unavailable past the buffer',
    );
    this.failures = metrics.counter('wardwatch_ingest_subscription_failures_total', 'Subscription loop failures by kind', ['kind']);
    this.subscriptionsCreated = metrics.counter('wardwatch_ingest_subscriptions_created_total', 'PullPoint subscriptions created');
    this.leftoversUnsubscribed = metrics.counter(
      'wardwatch_ingest_leftover_subscriptions_unsubscribed_total',
      'Subscriptions a previous owner left on a camera (it died, or did not get to unsubscribe) that this worker unsubscribed',
    );
    this.renewals = metrics.counter('wardwatch_ingest_renewals_total', 'PullPoint subscriptions renewed');
    this.overdueClosed = metrics.counter(
      'wardwatch_ingest_overdue_motion_closed_total',
      'Motion events closed at their maximum duration because no stop came',
    );
    this.overBudget = metrics.counter(
      'wardwatch_ingest_messages_over_budget_total',
      'Messages cameras sent beyond their budget (INGEST_CAMERA_MESSAGES_PER_S); their pulls were slowed',
    );
    this.held = metrics.gauge('wardwatch_ingest_cameras_held', 'Cameras whose subscription loop runs in this worker');
    const up = this.subscriptionUp;
    const count = (want: boolean) => [...up.values()].filter((v) => v === want).length;
    if (!existing<Gauge>('wardwatch_ingest_subscriptions_active')) {
      new PromGauge({
        name: 'wardwatch_ingest_subscriptions_active',
        help: 'Cameras this worker holds with a working PullPoint subscription',
        registers: [registry],
        collect() {
          this.set(count(true));
        },
      });
    }
    if (!existing<Gauge>('wardwatch_ingest_subscriptions_failing')) {
      new PromGauge({
        name: 'wardwatch_ingest_subscriptions_failing',
        help: 'Cameras this worker holds whose subscription failed and is being retried with backoff',
        registers: [registry],
        collect() {
          this.set(count(false));
        },
      });
    }
    this.pullLatency =
      existing<Histogram>('wardwatch_ingest_index_seconds') ??
      new PromHistogram({
        name: 'wardwatch_ingest_index_seconds',
        help: 'Time from a pull answering to its events being in PostgreSQL',
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        registers: [registry],
      });
    this.perCamera = {
      overBudget: metrics.counter('wardwatch_ingest_camera_messages_over_budget_total', 'Messages beyond the budget, per camera', [
        'camera',
      ]),
      noisy: metrics.gauge(
        'wardwatch_ingest_camera_noisy',
        '1 while the camera is over its message budget (or was within the last minute): its pulls are slowed',
        ['camera'],
      ),
      received: metrics.counter('wardwatch_ingest_camera_notifications_received_total', 'Notifications pulled, per camera', ['camera']),
      indexed: metrics.counter('wardwatch_ingest_camera_events_indexed_total', 'Index writes that changed something, per camera', [
        'camera',
      ]),
      duplicates: metrics.counter('wardwatch_ingest_camera_duplicates_dropped_total', 'Notifications already indexed, per camera', [
        'camera',
      ]),
      rejected: metrics.counter('wardwatch_ingest_camera_messages_rejected_total', 'Notifications not indexed, per camera', ['camera']),
      subscribed: metrics.gauge(
        'wardwatch_ingest_camera_subscription_up',
        '1 while the camera has a working subscription, 0 while failing',
        ['camera'],
      ),
      indexSeconds:
        existing<Summary<'camera'>>('wardwatch_ingest_camera_index_seconds') ??
        new PromSummary({
          name: 'wardwatch_ingest_camera_index_seconds',
          help: 'Time from a pull answering to its events being in PostgreSQL, per camera (sum and count)',
          labelNames: ['camera'],
          percentiles: [],
          registers: [registry],
        }),
    };
  }

  forCamera(cameraId: string): CameraIngestMetrics {
    const camera = { camera: cameraId };
    const c = this.perCamera;
    return {
      received: (n) => (this.received.inc(n), c.received.inc(camera, n)),
      indexed: (n) => (this.indexed.inc(n), c.indexed.inc(camera, n)),
      duplicates: (n) => (this.duplicates.inc(n), c.duplicates.inc(camera, n)),
      rejected: (n) => (this.rejected.inc(n), c.rejected.inc(camera, n)),
      indexSeconds: (s) => (this.pullLatency.observe(s), c.indexSeconds.observe(camera, s)),
      overBudget: (n) => (this.overBudget.inc(n), c.overBudget.inc(camera, n)),
      noisy: (yes) => c.noisy.set(camera, yes ? 1 : 0),
      subscribed: (up) => (this.subscriptionUp.set(cameraId, up), c.subscribed.set(camera, up ? 1 : 0)),
    };
  }

  /** Drops a camera's series when this worker lets it go (bounded cardinality; its new owner starts them afresh). */
  forget(cameraId: string): void {
    this.subscriptionUp.delete(cameraId);
    const camera = { camera: cameraId };
    for (const metric of Object.values(this.perCamera)) metric.remove(camera);
  }
}
