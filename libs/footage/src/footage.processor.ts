import { createHash } from 'node:crypto';
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { SYSTEM_ACTOR } from '@wardwatch/audit';
import { listenToCameraSignals, type CameraSignal } from '@wardwatch/cameras';
import { WorkerConfig } from '@wardwatch/config';
import { jobId, JobPayloads, QUEUES, RETRY_POLICIES } from '@wardwatch/queue';
import { EventRetentionService } from './event-retention.service';
import { FootageIntegrityService } from './footage-integrity.service';
import { FootageRetentionService } from './footage-retention.service';

type FootageJobName = 'footage.retention' | 'footage.purge-camera' | 'footage.verify';
type FootageJob = Job<JobPayloads[FootageJobName], number, FootageJobName>;

/** Retention passes and withdrawal purges of clips, then events, gaps and subscription records (any worker may run them: they touch only the store and the index). */
@Processor(QUEUES.footage)
export class FootageProcessor extends WorkerHost {
  private readonly logger = new Logger(FootageProcessor.name);

  constructor(
    private readonly retention: FootageRetentionService,
    private readonly integrity: FootageIntegrityService,
    private readonly config: WorkerConfig,
    @InjectQueue(QUEUES.footage) private readonly queue: Queue,
    private readonly eventRetention: EventRetentionService,
  ) {
    super();
  }

  private get retentionOptions() {
    return { batch: this.config.RETENTION_BATCH, budgetMs: this.config.RETENTION_PASS_BUDGET_S * 1000 };
  }

  async process(job: FootageJob): Promise<number> {
    switch (job.name) {
      // Clips first: an event stays while a clip refers to it, so expired clips must go before their events.
      case 'footage.retention': {
        const pass = await this.retention.enforce(this.retentionOptions);
        // A backlog (a city's day of clips) is worked off pass after pass, not one budget an hour.
        // The id follows from this job's (scheduler ids hold ':', so hashed), so a retried job queues its successor once.
        if (pass.more) {
          await this.queue.add(
            'footage.retention',
            { requestedBy: 'schedule' },
            {
              ...RETRY_POLICIES.periodic,
              jobId: jobId('retention-after', createHash('sha1').update(String(job.id)).digest('hex').slice(0, 16)),
            },
          );
        }
        return pass.deleted + (await this.eventRetention.enforce());
      }
      case 'footage.purge-camera': {
        const { cameraId } = job.data as JobPayloads['footage.purge-camera'];
        const clips = (await this.retention.purgeCamera(cameraId, this.retentionOptions)).deleted;
        const rest = await this.eventRetention.purgeCamera(cameraId);
        return clips + rest.events + rest.gaps + rest.subscriptions;
      }
      case 'footage.verify':
        return (await this.integrity.verify(SYSTEM_ACTOR)).mismatches.length; // its share of the cycle
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ job: job?.name, jobId: job?.id, err: error.message }, 'footage job failed; it will be retried');
  }
}

/**
 * Schedules retention, and turns a withdrawal signal into a purge job at once. Every worker hears
 * the signal; the job id (camera and consent version) makes it one job. A signal missed while Redis
 * restarts is caught by the next retention pass, which also deletes clips no consent covers.
 */
@Injectable()
export class FootageSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FootageSchedule.name);
  private signals?: { close(): void };

  constructor(
    private readonly config: WorkerConfig,
    @InjectQueue(QUEUES.footage) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'footage-retention',
      { every: this.config.RETENTION_EVERY_S * 1000 },
      { name: 'footage.retention', data: { requestedBy: 'schedule' }, opts: RETRY_POLICIES.standard },
    );
    await this.queue.upsertJobScheduler(
      'footage-verify',
      { every: this.config.INTEGRITY_EVERY_S * 1000 },
      { name: 'footage.verify', data: { requestedBy: 'schedule' }, opts: RETRY_POLICIES.standard },
    );
    this.signals = await listenToCameraSignals(this.config, (signal) => void this.onSignal(signal));
  }

  onModuleDestroy(): void {
    this.signals?.close();
  }

  private async onSignal(signal: CameraSignal): Promise<void> {
    if (signal.lifecycle !== 'withdrawn') return;
    await this.queue
      .add(
        'footage.purge-camera',
        { cameraId: signal.cameraId, consentVersion: signal.consentVersion },
        { ...RETRY_POLICIES.standard, jobId: jobId('purge', signal.cameraId, signal.consentVersion) },
      )
      .catch((e: unknown) =>
        this.logger.warn({ cameraId: signal.cameraId, err: (e as Error).message }, 'purge not queued; retention will catch it'),
      );
  }
}
