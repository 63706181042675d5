import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audited actions no longer take the chain's append lock in their own transaction: they queue their
 * entry's content here (in the caller's transaction, so the change and its entry still commit or roll
 * back together), and a sealer moves committed rows into audit_entries in batches under the lock
 * (AuditSealer). audit_entries is unchanged. The application role may insert, read and delete queue
 * rows (the sealer deletes what it seals); never update them, so a queued entry cannot be rewritten
 * in place. No entity: only AuditLogRepository reads it, with raw SQL.
 */
export class AuditQueue1796166739786 implements MigrationInterface {
  name = 'AuditQueue1796166739786';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_queue" (
        "id" bigserial NOT NULL,
        "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "actor_id" uuid,
        "actor_role" character varying(16),
        "action" character varying(64) NOT NULL,
        "subject_type" character varying(32) NOT NULL,
        "subject_id" character varying(128),
        "camera_id" uuid,
        "investigation_id" uuid,
        "details" jsonb NOT NULL DEFAULT '{}',
        "camera_ids" uuid[] NOT NULL DEFAULT '{}',
        CONSTRAINT "pk_audit_queue" PRIMARY KEY ("id")
      )`);
    await q.query(`REVOKE UPDATE, TRUNCATE ON "audit_queue" FROM wardwatch_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_queue"`);
  }
}
