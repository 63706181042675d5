import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { CameraEntity } from '@wardwatch/cameras';

/**
 * The latest lease on a camera as PostgreSQL knows it: the highest fencing token handed out (a
 * write as owner with an older one is refused, see holdingIsCurrent), who holds it, and when it was
 * last renewed or given back, which is how a worker that starts after all were down knows since when
 * nobody covered the camera. One row per camera ever held; the lease itself lives in Redis.
 */
@Entity('camera_holdings')
export class CameraHoldingEntity {
  @PrimaryColumn({ name: 'camera_id', type: 'uuid' })
  cameraId: string;

  @OneToOne(() => CameraEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_camera_holdings_camera' })
  camera?: CameraEntity;

  /** The fencing token of the latest acquisition: never goes down. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  token: number;

  @Column({ name: 'worker_id', type: 'varchar', length: 64 })
  workerId: string;

  @Column({ name: 'acquired_at', type: 'timestamptz', precision: 3 })
  acquiredAt: Date;

  @Column({ name: 'renewed_at', type: 'timestamptz', precision: 3 })
  renewedAt: Date;

  /** Set when the holder gave the lease back (shutdown, rebalancing, consent); null while held or after a crash. */
  @Column({ name: 'released_at', type: 'timestamptz', precision: 3, nullable: true })
  releasedAt: Date | null;
}
