import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CameraEntity } from '@wardwatch/cameras';
import { LegalHoldEntity } from '@wardwatch/footage';
import { FootageRequestEntity } from './footage-request.entity';
import { InvestigationEntity } from './investigation.entity';

/**
 * Footage of one camera over one window, released to an investigation's members until expires_at.
 * A release covers a camera and a window rather than a list of clips, so clips uploaded after the
 * release are covered too. A clip is downloadable iff it is stored and a live release (not expired,
 * not revoked) of an investigation the caller is a member of covers its camera and overlaps it.
 */
@Entity('footage_releases')
@Unique('uq_footage_releases_request_camera', ['requestId', 'cameraId'])
@Index('idx_footage_releases_investigation_camera', ['investigationId', 'cameraId'])
@Index('idx_footage_releases_expiry', ['expiresAt'], { where: '"revoked_at" IS NULL' })
export class FootageReleaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => FootageRequestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_footage_releases_request' })
  request?: FootageRequestEntity;

  @Column({ name: 'investigation_id', type: 'uuid' })
  investigationId: string;

  @ManyToOne(() => InvestigationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'investigation_id', foreignKeyConstraintName: 'fk_footage_releases_investigation' })
  investigation?: InvestigationEntity;

  @Column({ name: 'camera_id', type: 'uuid' })
  cameraId: string;

  @ManyToOne(() => CameraEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_footage_releases_camera' })
  camera?: CameraEntity;

  @Column({ name: 'window_from', type: 'timestamptz', precision: 3 })
  windowFrom: Date;

  @Column({ name: 'window_to', type: 'timestamptz', precision: 3 })
  windowTo: Date;

  @Column({ name: 'released_at', type: 'timestamptz', precision: 3 })
  releasedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  /** Set when a supervisor revokes it or the investigation closes before expiry; a revoked release is never live again. */
  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;

  @Column({ name: 'revoke_reason', type: 'varchar', length: 1000, nullable: true })
  revokeReason: string | null;

  /** The release legal hold covering this camera's window; lifted when the release ends. */
  @Column({ name: 'hold_id', type: 'uuid' })
  holdId: string;

  @ManyToOne(() => LegalHoldEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hold_id', foreignKeyConstraintName: 'fk_footage_releases_hold' })
  hold?: LegalHoldEntity;
}
