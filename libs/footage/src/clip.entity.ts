import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CameraEntity } from '@wardwatch/cameras';
import { MotionEventEntity } from '@wardwatch/events';

export const CLIP_STATUSES = ['capturing', 'assembled', 'stored', 'failed'] as const;
/**
 * capturing: the worker holding the camera's lease is waiting for post-roll and assembling;
 * assembled: the MP4 and thumbnail are complete on that worker's disk, their hash is known, the
 * upload is queued; stored: both objects are in the store and their hash recorded; failed: no
 * usable clip, with the reason.
 */
export type ClipStatus = (typeof CLIP_STATUSES)[number];

/**
 * One clip of one motion episode. Long motion becomes consecutive clips (sequence 0, 1, ...). The
 * requested window is [start - pre-roll, end + post-roll]; the true window is what the buffered
 * segments actually covered (stream copy cuts only at keyframes), and that is what evidence shows.
 */
@Entity('clips')
@Unique('uq_clips_event_sequence', ['motionEventId', 'sequence'])
@Index('idx_clips_camera_started', ['cameraId', 'requestedFrom'])
@Index('idx_clips_status', ['status'])
// Retention's batches: the next expired deletable clips without reading the unexpired ones.
@Index('idx_clips_expiry', ['retainUntil'], { where: `status IN ('stored', 'failed')` })
@Check('ck_clips_status', `"status" IN ('capturing', 'assembled', 'stored', 'failed')`)
export class ClipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'camera_id', type: 'uuid' })
  cameraId: string;

  // RESTRICT: evidence outlives nothing silently; clips are deleted by retention, never by cascade.
  @ManyToOne(() => CameraEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_clips_camera' })
  camera?: CameraEntity;

  @Column({ name: 'motion_event_id', type: 'uuid' })
  motionEventId: string;

  @ManyToOne(() => MotionEventEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'motion_event_id', foreignKeyConstraintName: 'fk_clips_motion_event' })
  motionEvent?: MotionEventEntity;

  @Column({ type: 'int', default: 0 })
  sequence: number;

  @Column({ type: 'varchar', length: 16 })
  status: ClipStatus;

  @Column({ name: 'requested_from', type: 'timestamptz', precision: 3 })
  requestedFrom: Date;

  /** Null while the motion has not ended (the clip is still growing). */
  @Column({ name: 'requested_to', type: 'timestamptz', precision: 3, nullable: true })
  requestedTo: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  @Column({ name: 'object_key', type: 'varchar', length: 512, nullable: true })
  objectKey: string | null;

  @Column({ name: 'thumbnail_key', type: 'varchar', length: 512, nullable: true })
  thumbnailKey: string | null;

  @Column({
    name: 'size_bytes',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  sizeBytes: number | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ name: 'thumbnail_sha256', type: 'char', length: 64, nullable: true })
  thumbnailSha256: string | null;

  @Column({ name: 'failure_reason', type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  /** The consent's retention from the clip's end: past it, retention deletes the clip unless held. */
  @Column({ name: 'retain_until', type: 'timestamptz', precision: 3 })
  retainUntil: Date;

  /** Which worker's disk holds the assembled file until it is uploaded. */
  @Column({ name: 'worker_id', type: 'varchar', length: 128, nullable: true })
  workerId: string | null;

  /** Chain of custody: the ffmpeg arguments (credentials redacted), the camera clock offset, the segments used. */
  @Column({ type: 'jsonb', nullable: true })
  provenance: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'stored_at', type: 'timestamptz', precision: 3, nullable: true })
  storedAt: Date | null;
}
