import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CameraGapEntity } from './camera-gap.entity';
import { CameraSubscriptionEntity } from './camera-subscription.entity';
import { EventIndexRepository } from './event-index.repository';
import { MotionEventEntity } from './motion-event.entity';

/** The motion event index and camera coverage gaps. */
@Module({
  imports: [TypeOrmModule.forFeature([MotionEventEntity, CameraGapEntity, CameraSubscriptionEntity])],
  providers: [EventIndexRepository],
  exports: [EventIndexRepository],
})
export class EventsModule {}
