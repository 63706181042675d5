import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@wardwatch/accounts';
import type { NotificationKind } from './notification.types';

/**
 * One notification to one user: the in-app inbox itself, and the record the outbound channels
 * (e-mail) deliver from. Written in the transaction of the event that caused it, so a restart
 * loses none. Words are not stored: kind and params are rendered in the reader's language.
 */
@Entity('notifications')
@Index('idx_notifications_recipient_created', ['recipientId', 'createdAt', 'id'])
@Index('idx_notifications_recipient_unread', ['recipientId'], { where: '"read_at" IS NULL' })
@Index('uq_notifications_recipient_key', ['recipientId', 'dedupeKey'], { unique: true })
@Check(
  'ck_notifications_kind',
  `"kind" IN ('footage_request.awaiting_owner', 'footage_request.owner_answered', 'footage_request.supervisor_decided', 'footage_request.awaiting_supervisor', 'footage.release_revoked')`,
)
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' })
  id: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_notifications_recipient' })
  recipient?: UserEntity;

  @Column({ type: 'varchar', length: 64 })
  kind: NotificationKind;

  /** The domain key (e.g. request and owner): one notification per key and recipient, however often the event is told. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  /** What it is about (e.g. footage_request and its id), for the web app to open. */
  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;
}
