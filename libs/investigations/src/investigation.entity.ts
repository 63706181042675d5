import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@wardwatch/accounts';
import type { InvestigationStatus } from './investigation.types';

/** A police case. Only its members act on it; a supervisor closes it, which ends its releases and holds. */
@Entity('investigations')
@Check('ck_investigations_status', `"status" IN ('open', 'closed')`)
export class InvestigationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The case number the police use; unique, so two investigations cannot claim one case. */
  @Index('uq_investigations_case_number', { unique: true })
  @Column({ name: 'case_number', type: 'varchar', length: 64 })
  caseNumber: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 4000 })
  summary: string;

  @Column({ type: 'varchar', length: 16 })
  status: InvestigationStatus;

  @Index('idx_investigations_lead_officer')
  @Column({ name: 'lead_officer_id', type: 'uuid' })
  leadOfficerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_officer_id', foreignKeyConstraintName: 'fk_investigations_lead_officer' })
  leadOfficer?: UserEntity;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz', precision: 3 })
  openedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 500, nullable: true })
  closeReason: string | null;
}
