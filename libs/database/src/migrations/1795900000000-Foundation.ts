import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extensions, the application role's privileges, users, and the append-only audit chain.
 *
 * Migrations run as the schema owner; the application connects as `wardwatch_app` (or a role that
 * is a member of it), which gets ordinary privileges on domain tables but only SELECT and INSERT on
 * audit_entries. The owner can disable triggers, the application role cannot.
 */
export class Foundation1795900000000 implements MigrationInterface {
  name = 'Foundation1795900000000';

  public async up(q: QueryRunner): Promise<void> {
    // PostGIS: places and areas; unaccent + pg_trgm: diacritics-insensitive, fuzzy street search.
    await q.query(`CREATE EXTENSION IF NOT EXISTS postgis`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wardwatch_app') THEN
          CREATE ROLE wardwatch_app NOLOGIN;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO wardwatch_app`);
    // Tables created by later migrations (run by this same owner) get the ordinary privileges.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO wardwatch_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO wardwatch_app`);

    await q.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" character varying(254) NOT NULL,
        "display_name" character varying(120) NOT NULL,
        "role" character varying(16) NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'active',
        "password_hash" character varying(255) NOT NULL,
        "phone" character varying(32),
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_users_status" CHECK ("status" IN ('active', 'disabled')),
        CONSTRAINT "ck_users_role" CHECK ("role" IN ('resident', 'officer', 'supervisor', 'admin')),
        CONSTRAINT "pk_users" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email")`);

    await q.query(`
      CREATE TABLE "audit_entries" (
        "seq" bigint NOT NULL,
        "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "actor_id" uuid,
        "actor_role" character varying(16),
        "action" character varying(64) NOT NULL,
        "subject_type" character varying(32) NOT NULL,
        "subject_id" character varying(128),
        "camera_id" uuid,
        "investigation_id" uuid,
        "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "prev_hash" character(64) NOT NULL,
        "hash" character(64) NOT NULL,
        CONSTRAINT "pk_audit_entries" PRIMARY KEY ("seq")
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_entries_hash" ON "audit_entries" ("hash")`);
    await q.query(`CREATE INDEX "idx_audit_entries_at" ON "audit_entries" ("at")`);
    await q.query(`CREATE INDEX "idx_audit_entries_actor_at" ON "audit_entries" ("actor_id", "at")`);
    await q.query(`CREATE INDEX "idx_audit_entries_action_at" ON "audit_entries" ("action", "at")`);
    await q.query(`CREATE INDEX "idx_audit_entries_camera_at" ON "audit_entries" ("camera_id", "at")`);
    await q.query(`CREATE INDEX "idx_audit_entries_investigation_at" ON "audit_entries" ("investigation_id", "at")`);

    // Append-only, enforced twice: by privilege (the app role may only read and insert) and by
    // triggers (which also stop the owner unless it deliberately disables them, itself visible).
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entries" FROM wardwatch_app`);
    await q.query(`
      CREATE FUNCTION audit_entries_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'Audit entries are never changed or removed; record a new entry instead.';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON "audit_entries"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_reject_change()`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "audit_entries"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_reject_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_entries"`);
    await q.query(`DROP FUNCTION audit_entries_reject_change()`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM wardwatch_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM wardwatch_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM wardwatch_app`);
    // Extensions and the role are left in place: other databases in the cluster may use them.
  }
}
