import { DynamicModule, Module } from '@nestjs/common';
import { AuditJobsModule, AuditModule } from '@wardwatch/audit';
import { ConfigModule, WorkerConfig } from '@wardwatch/config';
import { DatabaseModule } from '@wardwatch/database';
import { FootageCaptureModule } from '@wardwatch/footage';
import { IngestModule } from '@wardwatch/ingest';
import { InvestigationsJobsModule } from '@wardwatch/investigations';
import { NotificationsJobsModule } from '@wardwatch/notifications';
import { ObservabilityModule } from '@wardwatch/observability';
import { QueueModule } from '@wardwatch/queue';
import { StorageModule } from '@wardwatch/storage';
import { WorkerMetricsEndpoint } from './worker-metrics.endpoint';

/** Background processes (no HTTP API): event subscriptions, clip capture and upload, retention, integrity checks. */
@Module({})
export class WorkerModule {
  static forRoot(config?: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(WorkerConfig, config),
        ObservabilityModule.forRoot('wardwatch-worker'),
        DatabaseModule.forRoot('wardwatch-worker'),
        QueueModule,
        StorageModule,
        AuditModule,
        AuditJobsModule,
        IngestModule,
        FootageCaptureModule,
        InvestigationsJobsModule,
        NotificationsJobsModule,
      ],
      providers: [WorkerMetricsEndpoint],
    };
  }
}
