import { CreateDateColumn, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@wardwatch/accounts';
import { InvestigationEntity } from './investigation.entity';

/**
 * Who may act on an investigation. A removed member's row stays (with who removed them and when): it
 * is part of the record of who had access. Only rows without `removedAt` are members.
 */
@Entity('investigation_members')
@Index('idx_investigation_members_user', ['userId'])
export class InvestigationMemberEntity {
  @PrimaryColumn({ name: 'investigation_id', type: 'uuid', primaryKeyConstraintName: 'pk_investigation_members' })
  investigationId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_investigation_members' })
  userId: string;

  @ManyToOne(() => InvestigationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'investigation_id', foreignKeyConstraintName: 'fk_investigation_members_investigation' })
  investigation?: InvestigationEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_investigation_members_user' })
  user?: UserEntity;

  @Column({ name: 'added_by', type: 'uuid' })
  addedBy: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz', precision: 3 })
  addedAt: Date;

  /** When the lead or a supervisor removed them; null while they are a member. Adding them again clears it (the audit log keeps both). */
  @Column({ name: 'removed_at', type: 'timestamptz', precision: 3, nullable: true })
  removedAt: Date | null;

  @Column({ name: 'removed_by', type: 'uuid', nullable: true })
  removedBy: string | null;
}
