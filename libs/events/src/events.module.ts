import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { CameraGapEntity } from './camera-gap.entity';
import { CameraSubscriptionEntity } from './camera-subscription.entity';
import { EventIndexRepository } from './event-index.repository';
import { MotionEventKeyEntity } from './motion-event-key.entity';
import { MotionEventPartitions } from './motion-event-partitions';
import { MotionEventEntity } from './motion-event.entity';

/** The motion event index and camera coverage gaps. */
@Module({
  imports: [TypeOrmModule.forFeature([MotionEventEntity, MotionEventKeyEntity, CameraGapEntity, CameraSubscriptionEntity]), AuditModule],
  providers: [EventIndexRepository, MotionEventPartitions],
  exports: [EventIndexRepository, MotionEventPartitions],
})
export class EventsModule {}
