import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CameraEntity } from '@wardwatch/cameras';

export const EVENT_KINDS = ['motion', 'analytics', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * One event episode from a camera: a motion start and its stop become one row. Times are in
 * server time (the camera's time corrected by the measured offset); the camera's own times are
 * kept beside them. `dedupeKey` makes every ingest idempotent: the same message pulled twice, or
 * replayed after a re-subscription, finds its row instead of making a second one; its uniqueness
 * (and one open episode per camera, topic and source) is kept in `motion_event_keys`, since a
 * partitioned table's unique keys must contain the partition key.
 *
 * Partitioned by day of `startedAt` (migration MotionEventsByDay; TypeORM cannot say so, and sees
 * the table and its columns as they are). Partitions: motion-event-partitions.ts.
 */
@Entity('motion_events')
@Index('idx_motion_events_camera_started', ['cameraId', 'startedAt'])
@Index('idx_motion_events_started', ['startedAt'])
// The worker's every-tick queries read open motion only: a handful of rows among millions.
@Index('idx_motion_events_open', ['cameraId', 'startedAt'], { where: `"kind" = 'motion' AND "ended_at" IS NULL` })
@Check('ck_motion_events_kind', `"kind" IN ('motion', 'analytics', 'other')`)
export class MotionEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_motion_events' })
  id: string;

  @Column({ name: 'camera_id', type: 'uuid' })
  cameraId: string;

  @ManyToOne(() => CameraEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_motion_events_camera' })
  camera?: CameraEntity;

  @Column({ type: 'varchar', length: 16 })
  kind: EventKind;

  /** Normalised ONVIF topic. */
  @Column({ type: 'varchar', length: 255 })
  topic: string;

  /** The message's Source items as "k=v;k=v" (sorted): separates parallel rules on one camera. */
  @Column({ name: 'source_key', type: 'varchar', length: 512 })
  sourceKey: string;

  /** The partition key, hence part of the primary key. */
  @PrimaryColumn({ name: 'started_at', type: 'timestamptz', precision: 3, primaryKeyConstraintName: 'pk_motion_events' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'camera_started_at', type: 'timestamptz', precision: 3 })
  cameraStartedAt: Date;

  @Column({ name: 'camera_ended_at', type: 'timestamptz', precision: 3, nullable: true })
  cameraEndedAt: Date | null;

  @Column({ name: 'clock_offset_ms', type: 'int' })
  clockOffsetMs: number;

  /** stop | max_duration | subscription_lost | repeated_start (a duplicate open closed by the migration that made starts idempotent) */
  @Column({ name: 'closed_by', type: 'varchar', length: 24, nullable: true })
  closedBy: string | null;

  /** Data items of analytics and other events (motion's state is its start and end). */
  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, string> | null;

  @Column({ name: 'dedupe_key', type: 'char', length: 40 })
  dedupeKey: string;

  @CreateDateColumn({ name: 'indexed_at', type: 'timestamptz', precision: 3 })
  indexedAt: Date;
}
