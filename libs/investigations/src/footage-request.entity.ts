import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@wardwatch/accounts';
import { InvestigationEntity } from './investigation.entity';
import type { CameraSelection, RequestState } from './investigation.types';

/** A member's request for footage of some cameras over a time window, for one investigation. */
@Entity('footage_requests')
@Index('idx_footage_requests_investigation', ['investigationId', 'createdAt'])
@Index('idx_footage_requests_state_created', ['state', 'createdAt'])
@Index('idx_footage_requests_pending_expiry', ['expiresAt'], { where: `"state" IN ('pending_supervisor', 'pending_owner')` })
@Check(
  'ck_footage_requests_state',
  `"state" IN ('pending_supervisor', 'pending_owner', 'released', 'partially_released', 'declined', 'expired', 'cancelled')`,
)
@Check('ck_footage_requests_supervisor_decision', `"supervisor_decision" IS NULL OR "supervisor_decision" IN ('approved', 'rejected')`)
@Check('ck_footage_requests_window', `"window_to" > "window_from"`)
export class FootageRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'investigation_id', type: 'uuid' })
  investigationId: string;

  @ManyToOne(() => InvestigationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'investigation_id', foreignKeyConstraintName: 'fk_footage_requests_investigation' })
  investigation?: InvestigationEntity;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'fk_footage_requests_requested_by' })
  requester?: UserEntity;

  @Column({ name: 'window_from', type: 'timestamptz', precision: 3 })
  windowFrom: Date;

  @Column({ name: 'window_to', type: 'timestamptz', precision: 3 })
  windowTo: Date;

  @Column({ type: 'varchar', length: 2000 })
  reason: string;

  @Column({ name: 'legal_basis', type: 'varchar', length: 500 })
  legalBasis: string;

  @Column({ type: 'jsonb' })
  selection: CameraSelection;

  @Column({ type: 'varchar', length: 24 })
  state: RequestState;

  /** Whether policy (FOOTAGE_SUPERVISOR_APPROVAL) asked for a supervisor when it was filed. */
  @Column({ name: 'supervisor_required', type: 'boolean' })
  supervisorRequired: boolean;

  @Column({ name: 'supervisor_decision', type: 'varchar', length: 16, nullable: true })
  supervisorDecision: 'approved' | 'rejected' | null;

  @Column({ name: 'supervisor_id', type: 'uuid', nullable: true })
  supervisorId: string | null;

  @Column({ name: 'supervisor_decided_at', type: 'timestamptz', precision: 3, nullable: true })
  supervisorDecidedAt: Date | null;

  @Column({ name: 'supervisor_note', type: 'varchar', length: 1000, nullable: true })
  supervisorNote: string | null;

  /** Unanswered by then (supervisor or owners), the pending cameras expire and their preservation holds lift. */
  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** When the last camera was decided (released, declined, rejected, expired or cancelled). */
  @Column({ name: 'settled_at', type: 'timestamptz', precision: 3, nullable: true })
  settledAt: Date | null;
}
