import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { WorkerConfig } from '@wardwatch/config';
import { EventIndexRepository, MotionEventPartitions } from '@wardwatch/events';
import { type JobPayloads, QUEUES, RETRY_POLICIES, SCHEDULERS } from '@wardwatch/queue';
import { IngestMetrics } from './ingest-metrics';

type CloseOverdue = JobPayloads['motion-events.close-overdue'];
type Partitions = JobPayloads['motion-events.partitions'];

/**
 * Days of motion_events partitions made ahead of today. A message's server time is within 7 days of
 * its receipt (MAX_MESSAGE_TIME_SKEW_MS), so a week and a day leaves nothing for the default partition.
 */
export const PARTITION_DAYS_AHEAD = 8;
/** The partitions job runs hourly: a missed run (worker down) still leaves days of margin. */
export const PARTITIONS_EVERY_MS = 3_600_000;

/**
 * Closes motion whose stop never came, at start + INGEST_MOTION_MAX_SECONDS (closed_by
 * max_duration), so an officer never sees an event "still going on" days later. A stop that
 * arrives after that finds no open event and changes nothing. Idempotent: a second run closes
 * nothing more. The same queue keeps motion_events' partitions (ahead and behind).
 */
@Processor(QUEUES.eventIndex)
export class OverdueMotionProcessor extends WorkerHost {
  private readonly logger = new Logger(OverdueMotionProcessor.name);

  constructor(
    private readonly config: WorkerConfig,
    private readonly index: EventIndexRepository,
    private readonly metrics: IngestMetrics,
    private readonly partitions: MotionEventPartitions,
  ) {
    super();
  }

  async process(job: Job<CloseOverdue | Partitions>): Promise<unknown> {
    if (job.name === 'motion-events.partitions') return this.keepPartitions();
    if (job.name !== 'motion-events.close-overdue') throw new Error(`the event-index queue has no handler for job "${job.name}"`);
    const closed = await this.index.closeOverdue(this.config.INGEST_MOTION_MAX_SECONDS * 1000);
    this.metrics.overdueClosed.inc(closed);
    if (closed) {
      this.logger.log(
        { closed, maxSeconds: this.config.INGEST_MOTION_MAX_SECONDS, requestedBy: job.data.requestedBy },
        'closed motion events that had no stop',
      );
    }
    return { closed };
  }

  private async keepPartitions(): Promise<{ created: number; dropped: number; kept: number }> {
    const created = await this.partitions.createAhead(PARTITION_DAYS_AHEAD);
    const { dropped, kept } = await this.partitions.dropBehind(this.config.CONSENT_MAX_RETENTION_DAYS);
    return { created: created.length, dropped: dropped.length, kept: kept.length };
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'closing overdue motion failed');
  }
}

/** Registers the repeating close (one scheduler per id, however many workers upsert it). */
@Injectable()
export class OverdueMotionSchedule implements OnApplicationBootstrap {
  constructor(
    private readonly config: WorkerConfig,
    @InjectQueue(QUEUES.eventIndex) private readonly queue: Queue<CloseOverdue | Partitions>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SCHEDULERS.closeOverdueMotion,
      { every: this.config.INGEST_OVERDUE_CHECK_MS },
      { name: 'motion-events.close-overdue', data: { requestedBy: 'schedule' }, opts: RETRY_POLICIES.periodic },
    );
    await this.queue.upsertJobScheduler(
      SCHEDULERS.motionEventPartitions,
      { every: PARTITIONS_EVERY_MS },
      { name: 'motion-events.partitions', data: { requestedBy: 'schedule' }, opts: RETRY_POLICIES.periodic },
    );
  }
}
