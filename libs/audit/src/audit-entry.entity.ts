import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One link of the tamper-evident audit chain. Rows are append-only: the database rejects UPDATE,
 * DELETE and TRUNCATE (triggers), and the application role is granted SELECT and INSERT only.
 */
@Entity('audit_entries')
@Index('idx_audit_entries_at', ['at'])
@Index('idx_audit_entries_actor_at', ['actorId', 'at'])
@Index('idx_audit_entries_action_at', ['action', 'at'])
@Index('idx_audit_entries_camera_at', ['cameraId', 'at'])
@Index('idx_audit_entries_investigation_at', ['investigationId', 'at'])
export class AuditEntryEntity {
  /** Position in the chain, gapless: assigned under the append lock, so a deleted row shows as a gap. */
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  /** Set by the application at millisecond precision so that the hashed value round-trips exactly. */
  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 128, nullable: true })
  subjectId: string | null;

  @Column({ name: 'camera_id', type: 'uuid', nullable: true })
  cameraId: string | null;

  @Column({ name: 'investigation_id', type: 'uuid', nullable: true })
  investigationId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Index('uq_audit_entries_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  hash: string;
}
