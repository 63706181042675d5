import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CameraEntity, type SharingMode } from '@wardwatch/cameras';
import { LegalHoldEntity } from '@wardwatch/footage';
import { FootageRequestEntity } from './footage-request.entity';
import type { CameraRequestState } from './investigation.types';

/**
 * One camera of a footage request and its decision. The consent version and sharing mode in force
 * when the request was filed are kept, so the record shows why the owner was (or was not) asked.
 */
@Entity('footage_request_cameras')
@Index('idx_footage_request_cameras_owner', ['ownerId', 'state'])
@Index('idx_footage_request_cameras_camera', ['cameraId'])
@Check(
  'ck_footage_request_cameras_state',
  `"state" IN ('pending_supervisor', 'pending_owner', 'released', 'declined', 'rejected', 'expired', 'cancelled')`,
)
@Check('ck_footage_request_cameras_sharing', `"sharing_mode" IN ('ask', 'auto_release')`)
export class FootageRequestCameraEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid', primaryKeyConstraintName: 'pk_footage_request_cameras' })
  requestId: string;

  @PrimaryColumn({ name: 'camera_id', type: 'uuid', primaryKeyConstraintName: 'pk_footage_request_cameras' })
  cameraId: string;

  @ManyToOne(() => FootageRequestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_footage_request_cameras_request' })
  request?: FootageRequestEntity;

  @ManyToOne(() => CameraEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_footage_request_cameras_camera' })
  camera?: CameraEntity;

  /** The camera's owner (copied so that an owner's inbox is one indexed lookup). */
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'consent_version', type: 'int' })
  consentVersion: number;

  @Column({ name: 'sharing_mode', type: 'varchar', length: 16 })
  sharingMode: SharingMode;

  @Column({ type: 'varchar', length: 24 })
  state: CameraRequestState;

  /** The preservation hold placed on this camera's window when the request was filed. */
  @Column({ name: 'preservation_hold_id', type: 'uuid' })
  preservationHoldId: string;

  @ManyToOne(() => LegalHoldEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'preservation_hold_id', foreignKeyConstraintName: 'fk_footage_request_cameras_hold' })
  preservationHold?: LegalHoldEntity;

  /** Who decided this camera (its owner, a supervisor, or null for the service: auto-release, expiry). */
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}
