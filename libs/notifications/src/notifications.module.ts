import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailChannel } from './email.channel';
import { InAppChannel } from './in-app.channel';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationDeliveryService, OUTBOX_CHANNEL_LIST } from './notification-delivery.service';
import { NotificationEntity } from './notification.entity';
import { NotificationOutboxSchedule, NotificationProcessor } from './notification.processor';
import { NotificationsService } from './notifications.service';
import { SmtpMailer } from './smtp-mailer';

const ENTITIES = TypeOrmModule.forFeature([NotificationEntity, NotificationDeliveryEntity]);

/** Writing notifications (domain services, in their transactions) and reading them (the API). Needs CoreConfig. */
@Module({
  imports: [ENTITIES],
  providers: [InAppChannel, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}

/** The worker's side: the outbox sweep and the outbound channels (e-mail through SMTP). Needs WorkerConfig. */
@Module({
  imports: [ENTITIES],
  providers: [
    SmtpMailer,
    EmailChannel,
    // A messenger channel (e.g. Zalo) joins this list.
    { provide: OUTBOX_CHANNEL_LIST, inject: [EmailChannel], useFactory: (email: EmailChannel) => [email] },
    NotificationDeliveryService,
    NotificationProcessor,
    NotificationOutboxSchedule,
  ],
  exports: [NotificationDeliveryService],
})
export class NotificationsJobsModule {}
