import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CameraEntity } from '@wardwatch/cameras';

/**
 * offline, subscription_lost, auth_failed: the event subscription's; stream_lost: the video's.
 * no_worker, no_capacity, network_refused: nobody covered the camera (every worker down; all at
 * capacity; outside the allowed camera networks), written by the workers' holdings.
 */
export const GAP_REASONS = [
  'offline',
  'subscription_lost',
  'stream_lost',
  'auth_failed',
  'no_worker',
  'no_capacity',
  'network_refused',
] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/**
 * A span in which the service could not have seen events (or video) from a camera. Officers see
 * gaps beside search results, so "no motion" is never mistaken for "nothing happened".
 * `endedAt` is null while the gap is still open.
 */
@Entity('camera_gaps')
@Index('idx_camera_gaps_camera_started', ['cameraId', 'startedAt'])
@Check(
  'ck_camera_gaps_reason',
  `"reason" IN ('offline', 'subscription_lost', 'stream_lost', 'auth_failed', 'no_worker', 'no_capacity', 'network_refused')`,
)
export class CameraGapEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'camera_id', type: 'uuid' })
  cameraId: string;

  @ManyToOne(() => CameraEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_camera_gaps_camera' })
  camera?: CameraEntity;

  @Column({ type: 'varchar', length: 24 })
  reason: GapReason;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3 })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  detail: string | null;
}
