import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { Histogram as PromHistogram } from 'prom-client';
import { MetricsService } from '@wardwatch/observability';

/** Ingest counters, in total (per-camera series would be 10,000s of label values at city scale). */
@Injectable()
export class IngestMetrics {
  readonly received: Counter;
  readonly indexed: Counter;
  readonly duplicates: Counter;
  readonly unknownTopics: Counter;
  readonly malformed: Counter;
  readonly lost: Counter;
  readonly failures: Counter<'kind'>;
  readonly subscriptionsCreated: Counter;
  readonly renewals: Counter;
  readonly pullLatency: Histogram;
  readonly active: Gauge;

  constructor(metrics: MetricsService) {
    this.received = metrics.counter('wardwatch_ingest_notifications_received_total', 'Event notifications pulled from cameras');
    this.indexed = metrics.counter('wardwatch_ingest_events_indexed_total', 'Index writes that changed something (opens, closes, points)');
    this.duplicates = metrics.counter('wardwatch_ingest_duplicates_dropped_total', 'Notifications whose event was already indexed');
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
    this.renewals = metrics.counter('wardwatch_ingest_renewals_total', 'PullPoint subscriptions renewed');
    this.active = metrics.gauge('wardwatch_ingest_subscriptions_active', 'Camera subscription loops this worker runs');
    this.pullLatency =
      (metrics.registry.getSingleMetric('wardwatch_ingest_index_seconds') as Histogram | undefined) ??
      new PromHistogram({
        name: 'wardwatch_ingest_index_seconds',
        help: 'Time from a pull answering to its events being in PostgreSQL',
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        registers: [metrics.registry],
      });
  }
}
