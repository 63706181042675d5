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
@Check(
  'ck_footage_requests_justified',
  `NOT ("exceeds_area_limit" OR "exceeds_window_limit") OR ("justification" IS NOT NULL AND "supervisor_required")`,
)
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

  /**
   * The area the request covers, computed in PostGIS at filing: a polygon as drawn, the circle of an
   * area, the ward's boundary, or the convex hull of the named cameras buffered by 25 m (a ward without
   * a boundary: the hull of its cameras, the same way). Null for requests filed before areas were kept.
   * Written once by SQL at filing (never by TypeORM, which would write back the null it does not load).
   */
  @Column({ type: 'geography', spatialFeatureType: 'Geometry', srid: 4326, nullable: true, select: false, insert: false, update: false })
  area?: object | null;

  /** The area's size in m² (a circle: pi r², exactly); null for requests filed before areas were kept. */
  @Column({ name: 'area_m2', type: 'double precision', nullable: true })
  areaM2: number | null;

  /** The officer's written reason for going beyond the area or window limit; the supervisor sees it. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  justification: string | null;

  /** Larger than FOOTAGE_REQUEST_MAX_AREA_KM2 when filed (so justified, and decided by a supervisor). */
  @Column({ name: 'exceeds_area_limit', type: 'boolean', default: false })
  exceedsAreaLimit: boolean;

  /** Longer than FOOTAGE_REQUEST_MAX_WINDOW_HOURS when filed (so justified, and decided by a supervisor). */
  @Column({ name: 'exceeds_window_limit', type: 'boolean', default: false })
  exceedsWindowLimit: boolean;

  /**
   * Whether a supervisor must decide: policy (FOOTAGE_SUPERVISOR_APPROVAL) asked for one when it was
   * filed, or the request exceeds a limit.
   */
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
