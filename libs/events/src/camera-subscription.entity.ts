import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CameraEntity } from '@wardwatch/cameras';

/**
 * The PullPoint subscription a worker last made on a camera, kept until it is cleanly
 * unsubscribed. Cameras have few subscription slots (often 2-10): when a worker dies holding one,
 * the next owner reads this row and unsubscribes the leaked subscription before making its own,
 * instead of leaving the slot taken until the camera expires it. One row per camera.
 */
@Entity('camera_subscriptions')
export class CameraSubscriptionEntity {
  @PrimaryColumn({ name: 'camera_id', type: 'uuid', primaryKeyConstraintName: 'PK_camera_subscriptions' })
  cameraId: string;

  // Many-to-one in TypeORM's terms (one-to-one would add a second unique constraint); camera_id is the key.
  @ManyToOne(() => CameraEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_camera_subscriptions_camera' })
  camera?: CameraEntity;

  /** The subscription manager's address as the camera gave it (rewritten and re-checked before any use). */
  @Column({ type: 'varchar', length: 2048 })
  address: string;

  /** Raw ReferenceParameters XML the camera asked us to echo (empty when none). */
  @Column({ name: 'reference_parameters', type: 'text' })
  referenceParameters: string;

  /** The termination time the camera reported, in its own clock. */
  @Column({ name: 'camera_terminates_at', type: 'timestamptz', precision: 3 })
  cameraTerminatesAt: Date;

  /** The same moment in server time (camera time minus the measured offset): past it, the camera has dropped it. */
  @Column({ name: 'terminates_at', type: 'timestamptz', precision: 3 })
  terminatesAt: Date;

  @Column({ name: 'worker_id', type: 'varchar', length: 64 })
  workerId: string;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
