import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, the supervisors' audit console.
 *
 * - `audit_entry_refs (kind, ref, seq)` indexes what each entry refers to beyond its own columns, so
 *   the questions "who viewed or downloaded this clip", "which searches returned this camera" and
 *   "who searched this street" are one index range each instead of a scan through JSON details:
 *   `clip` (the entry's subject is the clip, or its details name it: `clipId`, `clipIds`,
 *   `files[].clipId`), `returned_camera` (`details.cameraIds` of `search.*` entries), `street`
 *   (`<ward id or *>:<search_normalise(name)>` of street searches). AuditService writes the rows in the
 *   transaction that appends the entry (auditEntryRefs); this migration backfills the entries written
 *   before it with the same rules. The rows are derived from hashed content, so chain verification
 *   is unchanged and does not read them; like the chain they are append-only.
 * - `audit_verifications`: background chain verification runs and their progress; at most one is
 *   running at a time (a partial unique index).
 */
export class AuditConsole1796150000001 implements MigrationInterface {
  name = 'AuditConsole1796150000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_entry_refs" (
        "kind" character varying(32) NOT NULL,
        "ref" text NOT NULL,
        "seq" bigint NOT NULL,
        CONSTRAINT "pk_audit_entry_refs" PRIMARY KEY ("kind", "ref", "seq")
      )`);
    // No foreign key to audit_entries, for the reason given for audit_entry_cameras.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entry_refs" FROM wardwatch_app`);
    await q.query(`
      CREATE TRIGGER audit_entry_refs_no_update_delete BEFORE UPDATE OR DELETE ON "audit_entry_refs"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_reject_change()`);
    await q.query(`
      CREATE TRIGGER audit_entry_refs_no_truncate BEFORE TRUNCATE ON "audit_entry_refs"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_reject_change()`);
    // Entries written before this table: the rules of auditEntryRefs (libs/audit/src/audit-refs.ts) in SQL.
    await q.query(`
      WITH clip_refs AS (
        SELECT seq, subject_id AS ref FROM audit_entries WHERE subject_type = 'clip' AND subject_id IS NOT NULL
        UNION SELECT seq, details->>'clipId' FROM audit_entries WHERE jsonb_typeof(details->'clipId') = 'string'
        UNION SELECT e.seq, c.value #>> '{}' FROM audit_entries e, jsonb_array_elements(e.details->'clipIds') c
               WHERE jsonb_typeof(e.details->'clipIds') = 'array' AND jsonb_typeof(c.value) = 'string'
        UNION SELECT e.seq, f.value->>'clipId' FROM audit_entries e, jsonb_array_elements(e.details->'files') f
               WHERE jsonb_typeof(e.details->'files') = 'array' AND jsonb_typeof(f.value->'clipId') = 'string'
      ), camera_refs AS (
        SELECT e.seq, c.value #>> '{}' AS ref FROM audit_entries e, jsonb_array_elements(e.details->'cameraIds') c
         WHERE e.action LIKE 'search.%' AND jsonb_typeof(e.details->'cameraIds') = 'array' AND jsonb_typeof(c.value) = 'string'
      ), street_refs AS (
        SELECT seq,
               CASE WHEN jsonb_typeof(details->'place'->'wardId') = 'string' AND length(details->'place'->>'wardId') BETWEEN 1 AND 256
                    THEN details->'place'->>'wardId' ELSE '*' END || ':' || search_normalise(details->'place'->>'street') AS ref
          FROM audit_entries
         WHERE action LIKE 'search.%' AND details->'place'->>'kind' = 'street' AND jsonb_typeof(details->'place'->'street') = 'string'
           AND length(details->'place'->>'street') BETWEEN 1 AND 256
      )
      INSERT INTO "audit_entry_refs" ("kind", "ref", "seq")
      SELECT 'clip', ref, seq FROM clip_refs WHERE length(ref) BETWEEN 1 AND 256
      UNION SELECT 'returned_camera', ref, seq FROM camera_refs WHERE length(ref) BETWEEN 1 AND 256
      UNION SELECT 'street', ref, seq FROM street_refs
      ON CONFLICT DO NOTHING`);

    await q.query(`
      CREATE TABLE "audit_verifications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "state" character varying(16) NOT NULL,
        "checked" bigint NOT NULL DEFAULT 0,
        "total" bigint NOT NULL,
        "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "finished_at" TIMESTAMP(3) WITH TIME ZONE,
        "first_broken" jsonb,
        "head_seq" bigint,
        "head_hash" character(64),
        "requested_by" uuid,
        CONSTRAINT "pk_audit_verifications" PRIMARY KEY ("id"),
        CONSTRAINT "ck_audit_verifications_state" CHECK ("state" IN ('running', 'ok', 'broken', 'interrupted'))
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_verifications_running" ON "audit_verifications" ("state") WHERE "state" = 'running'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_verifications"`);
    await q.query(`DROP TABLE "audit_entry_refs"`);
  }
}
