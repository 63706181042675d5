import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { WorkerConfig } from '@wardwatch/config';
import { jobId, JobPayloads, QUEUES, RETRY_POLICIES, SCHEDULERS } from '@wardwatch/queue';
import { NotificationDeliveryService, type DeliveryOutcome } from './notification-delivery.service';

type NotificationJobName = 'notifications.deliver' | 'notifications.sweep-outbox';
type NotificationJob = Job<JobPayloads[NotificationJobName], unknown, NotificationJobName>;

/** The job id of one delivery: the same notification and channel is one job, however often it is queued. */
export const deliveryJobId = (notificationId: string, channel: string) => jobId('notification', notificationId, channel);

/** Adds deliver jobs for what the outbox holds; a job already queued under the id is left as it is. */
export async function queueDeliveries(
  queue: Queue,
  deliveries: { notificationId: string; channel: JobPayloads['notifications.deliver']['channel'] }[],
): Promise<void> {
  if (deliveries.length === 0) return;
  await queue.addBulk(
    deliveries.map((d) => ({
      name: 'notifications.deliver',
      data: { notificationId: d.notificationId, channel: d.channel } satisfies JobPayloads['notifications.deliver'],
      opts: { ...RETRY_POLICIES.notification, jobId: deliveryJobId(d.notificationId, d.channel) },
    })),
  );
}

/** Sends notifications through the outbound channels, and sweeps the outbox into deliver jobs. */
@Processor(QUEUES.notifications, { concurrency: 2 })
export class NotificationProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationProcessor.name);

  constructor(
    private readonly deliveries: NotificationDeliveryService,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
  ) {
    super();
  }

  async process(job: NotificationJob): Promise<DeliveryOutcome | number> {
    switch (job.name) {
      case 'notifications.sweep-outbox': {
        const due = await this.deliveries.pending();
        await queueDeliveries(this.queue, due);
        return due.length;
      }
      case 'notifications.deliver': {
        const { notificationId, channel } = job.data as JobPayloads['notifications.deliver'];
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const result = await this.deliveries.deliver(notificationId, channel, lastAttempt);
        // The outcome is recorded in the outbox first; BullMQ then retries (or not) what it is told.
        if (result.outcome === 'retry') throw new Error(result.reason);
        if (result.outcome === 'failed') throw new UnrecoverableError(result.reason ?? 'delivery failed');
        return result;
      }
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'notification job failed');
  }
}

/** One outbox sweep per period, whatever the number of workers (one scheduler id). */
@Injectable()
export class NotificationOutboxSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
    private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SCHEDULERS.notificationOutbox,
      { every: this.config.NOTIFY_OUTBOX_SWEEP_MS },
      { name: 'notifications.sweep-outbox', data: { requestedBy: 'schedule' }, opts: RETRY_POLICIES.periodic },
    );
  }
}
