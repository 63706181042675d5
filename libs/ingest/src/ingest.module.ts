import { Module } from '@nestjs/common';
import { CamerasModule } from '@wardwatch/cameras';
import { EventsModule } from '@wardwatch/events';
import { CameraCoverageRepository } from './camera-coverage.repository';
import { CameraLeases } from './camera-leases';
import { EventSubscriptionSupervisor } from './event-subscription.supervisor';
import { IngestMetrics } from './ingest-metrics';
import { OverdueMotionProcessor, OverdueMotionSchedule } from './overdue-motion.processor';
import { SubscriptionRecordsRepository } from './subscription-records.repository';

/** The worker's event ingest: PullPoint subscriptions to the cameras it leases, into the event index, and the index's upkeep. */
@Module({
  imports: [CamerasModule, EventsModule],
  providers: [
    CameraCoverageRepository,
    CameraLeases,
    IngestMetrics,
    SubscriptionRecordsRepository,
    EventSubscriptionSupervisor,
    OverdueMotionProcessor,
    OverdueMotionSchedule,
  ],
  exports: [EventSubscriptionSupervisor, CameraLeases],
})
export class IngestModule {}
