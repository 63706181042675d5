import { Module } from '@nestjs/common';
import { CamerasModule } from '@wardwatch/cameras';
import { EventsModule } from '@wardwatch/events';
import { HoldingsModule } from '@wardwatch/holdings';
import { CameraCoverageRepository } from './camera-coverage.repository';
import { EventSubscriptionSupervisor } from './event-subscription.supervisor';
import { IngestMetrics } from './ingest-metrics';
import { OverdueMotionProcessor, OverdueMotionSchedule } from './overdue-motion.processor';
import { SubscriptionRecordsRepository } from './subscription-records.repository';

/** The worker's event ingest: PullPoint subscriptions to the cameras it holds, into the event index, and the index's upkeep. */
@Module({
  imports: [CamerasModule, EventsModule, HoldingsModule],
  providers: [
    CameraCoverageRepository,
    IngestMetrics,
    SubscriptionRecordsRepository,
    EventSubscriptionSupervisor,
    OverdueMotionProcessor,
    OverdueMotionSchedule,
  ],
  exports: [EventSubscriptionSupervisor],
})
export class IngestModule {}
