import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NotificationEntity } from './notification.entity';
import type { DeliveryState, OutboxChannelName } from './notification.types';

/**
 * The outbox: one row per notification and outbound channel, written with the notification. The
 * worker sends what is pending and records the outcome here; a permanent failure stays `failed`
 * with its reason and is not tried again.
 */
@Entity('notification_deliveries')
@Index('idx_notification_deliveries_pending', ['createdAt'], { where: `"state" = 'pending'` })
@Check('ck_notification_deliveries_state', `"state" IN ('pending', 'sent', 'failed', 'skipped')`)
@Check('ck_notification_deliveries_channel', `"channel" IN ('email')`)
export class NotificationDeliveryEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid', primaryKeyConstraintName: 'pk_notification_deliveries' })
  notificationId: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'pk_notification_deliveries' })
  channel: OutboxChannelName;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'fk_notification_deliveries_notification' })
  notification?: NotificationEntity;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state: DeliveryState;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** The last failure in words (an SMTP reply, "connection refused"); never a credential. */
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** When it was sent, failed for good, or skipped. */
  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}
