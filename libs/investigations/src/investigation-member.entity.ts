import { CreateDateColumn, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@wardwatch/accounts';
import { InvestigationEntity } from './investigation.entity';

/** Who may act on an investigation. Members are added, never removed: the row is part of the record. */
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
}
