import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CameraEntity } from '@wardwatch/cameras';

export const HOLD_KINDS = ['preservation', 'release', 'manual'] as const;
/**
 * preservation: placed when a footage request is filed, so retention cannot destroy footage while
 * approvals wait; release: placed when a request releases footage; manual: placed by a supervisor.
 */
export type HoldKind = (typeof HOLD_KINDS)[number];

/**
 * A legal hold covers one camera over a time window rather than listing clips, so that clips
 * captured or uploaded after the hold was placed are covered too. Lifting is recorded, never
 * deleted: the row says who lifted it, when and why.
 */
@Entity('legal_holds')
@Index('idx_legal_holds_camera_active', ['cameraId', 'from', 'until'], { where: '"lifted_at" IS NULL' })
@Check('ck_legal_holds_kind', `"kind" IN ('preservation', 'release', 'manual')`)
@Check('ck_legal_holds_window', `"until" > "from"`)
export class LegalHoldEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'camera_id', type: 'uuid' })
  cameraId: string;

  @ManyToOne(() => CameraEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_legal_holds_camera' })
  camera?: CameraEntity;

  @Column({ name: 'from', type: 'timestamptz', precision: 3 })
  from: Date;

  @Column({ name: 'until', type: 'timestamptz', precision: 3 })
  until: Date;

  @Column({ type: 'varchar', length: 16 })
  kind: HoldKind;

  /** The investigation it serves (the investigations module owns that table). */
  @Column({ name: 'investigation_id', type: 'uuid', nullable: true })
  investigationId: string | null;

  /** The footage request that placed it, if any. */
  @Column({ name: 'footage_request_id', type: 'uuid', nullable: true })
  footageRequestId: string | null;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ name: 'placed_by', type: 'uuid', nullable: true })
  placedBy: string | null;

  @CreateDateColumn({ name: 'placed_at', type: 'timestamptz', precision: 3 })
  placedAt: Date;

  @Column({ name: 'lifted_at', type: 'timestamptz', precision: 3, nullable: true })
  liftedAt: Date | null;

  @Column({ name: 'lifted_by', type: 'uuid', nullable: true })
  liftedBy: string | null;

  @Column({ name: 'lift_reason', type: 'varchar', length: 1000, nullable: true })
  liftReason: string | null;
}
