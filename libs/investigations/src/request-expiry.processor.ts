import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { WorkerConfig } from '@wardwatch/config';
import { JobPayloads, QUEUES, RETRY_POLICIES } from '@wardwatch/queue';
import { RequestExpiry } from './request-expiry.service';

/** Expires unanswered footage requests and ends expired releases' holds, on the worker's schedule. */
@Processor(QUEUES.investigations)
export class RequestExpiryProcessor extends WorkerHost {
  private readonly logger = new Logger(RequestExpiryProcessor.name);

  constructor(private readonly expiry: RequestExpiry) {
    super();
  }

  async process(_job: Job<JobPayloads['footage-requests.expire']>): Promise<{ expiredRequests: number; endedReleases: number }> {
    const result = await this.expiry.run();
    if (result.expiredRequests || result.endedReleases) this.logger.log(result, 'footage requests expired and releases ended');
    return result;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'footage request expiry failed');
  }
}

/** One repeating sweep, whatever the number of workers (one scheduler per id). */
@Injectable()
export class RequestExpirySchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.investigations) private readonly queue: Queue<JobPayloads['footage-requests.expire']>,
    private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'footage-requests-expire',
      { every: this.config.FOOTAGE_EXPIRY_SWEEP_MS },
      { name: 'footage-requests.expire', data: { requestedBy: 'schedule' }, opts: RETRY_POLICIES.standard },
    );
  }
}
