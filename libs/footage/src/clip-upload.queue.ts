import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { WorkerConfig } from '@wardwatch/config';
import { MetricsService } from '@wardwatch/observability';
import { jobId, RETRY_POLICIES, persistentRedisOptions } from '@wardwatch/queue';
import { ObjectStore } from '@wardwatch/storage';
import { ClipRepository } from './clip.repository';
import type { ClipEntity } from './clip.entity';

interface UploadJob {
  clipId: string;
}

/** Full-jitter-free capped exponential delay: the object store may be down for minutes or hours. */
export function uploadRetryDelay(attemptsMade: number, baseMs = 1000, maxMs = 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * Uploads of assembled clips, through a BullMQ queue of this worker's own (the file is on this
 * worker's disk, so no other worker can do the job). The spool directory and the clip rows are the
 * durable truth: at start-up, and every minute, every clip this worker assembled and has not stored
 * is queued again (deterministic job ids drop duplicates), so a Redis or worker restart loses none.
 * A clip is marked stored, and its `clip.stored` audit entry written, only after both objects are in
 * the store; only then is the local copy removed.
 */
@Injectable()
export class ClipUploadQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClipUploadQueue.name);
  readonly workerId: string;
  private readonly queueName: string;
  private queue?: Queue<UploadJob>;
  private worker?: Worker<UploadJob>;
  private sweepTimer?: NodeJS.Timeout;
  private readonly pending = new Map<string, number>();
  private readonly spoolDir: string;

  constructor(
    private readonly config: WorkerConfig,
    private readonly clips: ClipRepository,
    private readonly store: ObjectStore,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {
    this.workerId = config.WORKER_ID ?? `${hostname()}-${process.pid}`;
    this.queueName = `clip-upload-${this.workerId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    this.spoolDir = resolve(config.CLIP_SPOOL_DIR);
  }

  pendingBytes(): number {
    let total = 0;
    for (const bytes of this.pending.values()) total += bytes;
    return total;
  }

  async onApplicationBootstrap(): Promise<void> {
    const connection = persistentRedisOptions(this.config.REDIS_URL);
    this.queue = new Queue<UploadJob>(this.queueName, { connection, prefix: this.config.QUEUE_PREFIX });
    this.queue.on('error', () => undefined);
    this.worker = new Worker<UploadJob>(this.queueName, (job) => this.upload(job), {
      connection,
      prefix: this.config.QUEUE_PREFIX,
      // Uploads wait on the object store, not the CPU: two at a time queued 100 simultaneous clips behind each other.
      concurrency: this.config.CLIP_UPLOAD_CONCURRENCY,
      settings: { backoffStrategy: (attemptsMade: number) => uploadRetryDelay(attemptsMade) },
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, err) =>
      this.logger.warn(
        { clipId: job?.data.clipId, attempt: job?.attemptsMade, err: err.message },
        'clip upload failed; it will be retried',
      ),
    );
    await this.sweep().catch((e: unknown) =>
      this.logger.warn({ err: (e as Error).message }, 'resuming pending uploads failed; retrying in a minute'),
    );
    this.sweepTimer = setInterval(() => void this.sweep().catch(() => undefined), 60_000);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.worker?.close();
    await this.queue?.close();
  }

  async enqueue(clipId: string, directory: string, bytes: number): Promise<void> {
    this.pending.set(clipId, bytes);
    await this.add(clipId).catch((e: unknown) =>
      // Redis down: the clip stays assembled on disk and the next sweep queues it.
      this.logger.warn({ clipId, directory, err: (e as Error).message }, 'could not queue the upload; the next sweep will'),
    );
  }

  private async add(clipId: string): Promise<void> {
    await this.queue!.add('clip.upload', { clipId }, { ...RETRY_POLICIES.evidenceUpload, jobId: jobId('upload', clipId) });
  }

  /** Queues every clip this worker assembled and has not stored; drops spool folders of clips that are gone. */
  async sweep(): Promise<number> {
    const assembled = await this.clips.assembledBy(this.workerId);
    for (const clip of assembled) {
      if (!this.pending.has(clip.id)) this.pending.set(clip.id, clip.sizeBytes ?? 0);
      await this.add(clip.id);
    }
    const known = new Set(assembled.map((c) => c.id));
    const dir = join(this.spoolDir, 'clips');
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (known.has(name)) continue;
      const clip = await this.clips.findById(name);
      // Only folders of clips that are finished (stored or failed) or unknown are removed; one being assembled is not here yet.
      if (!clip || clip.status === 'stored' || clip.status === 'failed') await rm(join(dir, name), { recursive: true, force: true });
    }
    return assembled.length;
  }

  private async upload(job: Job<UploadJob>): Promise<string> {
    const clip = await this.clips.findById(job.data.clipId);
    if (!clip || clip.status !== 'assembled') {
      this.pending.delete(job.data.clipId);
      return `nothing to do: clip is ${clip?.status ?? 'gone'}`;
    }
    const directory = join(this.spoolDir, 'clips', clip.id);
    const clipPath = join(directory, 'clip.mp4');
    const thumbnailPath = join(directory, 'thumbnail.jpg');
    const files = await Promise.all([stat(clipPath).catch(() => null), stat(thumbnailPath).catch(() => null)]);
    if (!files[0] || !files[1]) {
      await this.clips.markFailed(
        null,
        clip.id,
        `the assembled files are no longer on ${this.workerId}'s spool (${directory}); the clip cannot be uploaded`,
      );
      this.pending.delete(clip.id);
      return 'failed: files missing';
    }
    const metadata = this.metadataOf(clip);
    await this.store.put(clip.thumbnailKey!, createReadStream(thumbnailPath), files[1].size, 'image/jpeg', {
      ...metadata,
      sha256: clip.thumbnailSha256!,
    });
    await this.store.put(clip.objectKey!, createReadStream(clipPath), files[0].size, 'video/mp4', { ...metadata, sha256: clip.sha256! });
    await this.dataSource.transaction('READ COMMITTED', async (m) => {
      if (!(await this.clips.markStored(clip.id, m))) return;
      await this.audit.record(
        {
          actor: SYSTEM_ACTOR,
          action: 'clip.stored',
          subject: { type: 'clip', id: clip.id },
          cameraId: clip.cameraId,
          details: {
            sha256: clip.sha256,
            thumbnailSha256: clip.thumbnailSha256,
            sizeBytes: clip.sizeBytes,
            startedAt: clip.startedAt?.toISOString(),
            endedAt: clip.endedAt?.toISOString(),
            motionEventId: clip.motionEventId,
            objectKey: clip.objectKey,
            provenance: clip.provenance,
          },
        },
        m,
      );
    });
    await rm(directory, { recursive: true, force: true });
    this.pending.delete(clip.id);
    this.metrics.counter('wardwatch_clips_stored_total', 'Clips uploaded and recorded as stored').inc();
    return 'stored';
  }

  private metadataOf(clip: ClipEntity): Record<string, string> {
    return {
      'camera-id': clip.cameraId,
      'clip-id': clip.id,
      'motion-event-id': clip.motionEventId,
      'started-at': clip.startedAt?.toISOString() ?? '',
      'ended-at': clip.endedAt?.toISOString() ?? '',
    };
  }
}
