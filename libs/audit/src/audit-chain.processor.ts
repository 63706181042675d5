import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { MetricsService } from '@wardwatch/observability';
import { JobPayloads, QUEUES, RETRY_POLICIES } from '@wardwatch/queue';
import { SYSTEM_ACTOR } from './audit.types';
import { AuditService } from './audit.service';

const VERIFY_EVERY_MS = 6 * 3600 * 1000;

/**
 * Re-verifies the whole audit chain on a schedule, so that tampering is noticed even when no
 * supervisor asks. The result is a metric (alert on it) and itself an audit entry.
 */
@Processor(QUEUES.integrity)
export class AuditChainProcessor extends WorkerHost {
  private readonly logger = new Logger(AuditChainProcessor.name);

  constructor(
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  async process(job: Job<JobPayloads['audit-chain.verify']>): Promise<{ ok: boolean; entries: number }> {
    const result = await this.audit.verifyAndAnchor();
    this.metrics.gauge('wardwatch_audit_chain_ok', 'Result of the last audit chain verification (1 ok, 0 broken)').set(result.ok ? 1 : 0);
    await this.audit.record({
      actor: SYSTEM_ACTOR,
      action: 'audit.verified',
      subject: { type: 'audit_log' },
      details: result.ok
        ? { ok: true, entries: result.entries, headHash: result.headHash, requestedBy: job.data.requestedBy }
        : { ok: false, firstBroken: result.firstBroken, requestedBy: job.data.requestedBy },
    });
    if (!result.ok) this.logger.error({ firstBroken: result.firstBroken }, 'audit chain is broken');
    return { ok: result.ok, entries: result.entries };
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'audit chain verification failed');
  }
}

/** Registers the repeating verification (idempotent: one scheduler per id, whatever the number of workers). */
@Injectable()
export class AuditChainSchedule implements OnApplicationBootstrap {
  constructor(@InjectQueue(QUEUES.integrity) private readonly queue: Queue<JobPayloads['audit-chain.verify']>) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'audit-chain-verify',
      { every: VERIFY_EVERY_MS },
      { name: 'audit-chain.verify', data: { requestedBy: 'schedule' }, opts: RETRY_POLICIES.standard },
    );
  }
}
