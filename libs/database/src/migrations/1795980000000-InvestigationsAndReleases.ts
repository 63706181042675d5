import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Investigations, their members, footage requests with a decision per camera, and releases (per
 * camera and window, until an expiry). Decisions and releases are the record of who was given what:
 * the application role may not delete them; members are added, never changed or removed.
 */
export class InvestigationsAndReleases1795980000000 implements MigrationInterface {
  name = 'InvestigationsAndReleases1795980000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "investigations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "case_number" character varying(64) NOT NULL,
        "title" character varying(200) NOT NULL,
        "summary" character varying(4000) NOT NULL,
        "status" character varying(16) NOT NULL,
        "lead_officer_id" uuid NOT NULL,
        "opened_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "closed_at" TIMESTAMP(3) WITH TIME ZONE,
        "closed_by" uuid,
        "close_reason" character varying(500),
        CONSTRAINT "pk_investigations" PRIMARY KEY ("id"),
        CONSTRAINT "fk_investigations_lead_officer" FOREIGN KEY ("lead_officer_id") REFERENCES "users"("id") ON DELETE RESTRICT,
        CONSTRAINT "ck_investigations_status" CHECK ("status" IN ('open', 'closed'))
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_investigations_case_number" ON "investigations" ("case_number")`);
    await q.query(`CREATE INDEX "idx_investigations_lead_officer" ON "investigations" ("lead_officer_id")`);

    await q.query(`
      CREATE TABLE "investigation_members" (
        "investigation_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "added_by" uuid NOT NULL,
        "added_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_investigation_members" PRIMARY KEY ("investigation_id", "user_id"),
        CONSTRAINT "fk_investigation_members_investigation" FOREIGN KEY ("investigation_id") REFERENCES "investigations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_investigation_members_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "idx_investigation_members_user" ON "investigation_members" ("user_id")`);

    await q.query(`
      CREATE TABLE "footage_requests" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "investigation_id" uuid NOT NULL,
        "requested_by" uuid NOT NULL,
        "window_from" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "window_to" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "reason" character varying(2000) NOT NULL,
        "legal_basis" character varying(500) NOT NULL,
        "selection" jsonb NOT NULL,
        "state" character varying(24) NOT NULL,
        "supervisor_required" boolean NOT NULL,
        "supervisor_decision" character varying(16),
        "supervisor_id" uuid,
        "supervisor_decided_at" TIMESTAMP(3) WITH TIME ZONE,
        "supervisor_note" character varying(1000),
        "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "settled_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "pk_footage_requests" PRIMARY KEY ("id"),
        CONSTRAINT "fk_footage_requests_investigation" FOREIGN KEY ("investigation_id") REFERENCES "investigations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_footage_requests_requested_by" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE RESTRICT,
        CONSTRAINT "ck_footage_requests_state" CHECK ("state" IN ('pending_supervisor', 'pending_owner', 'released', 'partially_released', 'declined', 'expired', 'cancelled')),
        CONSTRAINT "ck_footage_requests_supervisor_decision" CHECK ("supervisor_decision" IS NULL OR "supervisor_decision" IN ('approved', 'rejected')),
        CONSTRAINT "ck_footage_requests_window" CHECK ("window_to" > "window_from")
      )`);
    await q.query(`CREATE INDEX "idx_footage_requests_investigation" ON "footage_requests" ("investigation_id", "created_at")`);
    await q.query(`CREATE INDEX "idx_footage_requests_state_created" ON "footage_requests" ("state", "created_at")`);
    await q.query(
      `CREATE INDEX "idx_footage_requests_pending_expiry" ON "footage_requests" ("expires_at") WHERE "state" IN ('pending_supervisor', 'pending_owner')`,
    );

    await q.query(`
      CREATE TABLE "footage_request_cameras" (
        "request_id" uuid NOT NULL,
        "camera_id" uuid NOT NULL,
        "owner_id" uuid NOT NULL,
        "consent_version" integer NOT NULL,
        "sharing_mode" character varying(16) NOT NULL,
        "state" character varying(24) NOT NULL,
        "preservation_hold_id" uuid NOT NULL,
        "decided_by" uuid,
        "decided_at" TIMESTAMP(3) WITH TIME ZONE,
        "note" character varying(1000),
        CONSTRAINT "pk_footage_request_cameras" PRIMARY KEY ("request_id", "camera_id"),
        CONSTRAINT "fk_footage_request_cameras_request" FOREIGN KEY ("request_id") REFERENCES "footage_requests"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_footage_request_cameras_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_footage_request_cameras_hold" FOREIGN KEY ("preservation_hold_id") REFERENCES "legal_holds"("id") ON DELETE RESTRICT,
        CONSTRAINT "ck_footage_request_cameras_state" CHECK ("state" IN ('pending_supervisor', 'pending_owner', 'released', 'declined', 'rejected', 'expired', 'cancelled')),
        CONSTRAINT "ck_footage_request_cameras_sharing" CHECK ("sharing_mode" IN ('ask', 'auto_release'))
      )`);
    await q.query(`CREATE INDEX "idx_footage_request_cameras_owner" ON "footage_request_cameras" ("owner_id", "state")`);
    await q.query(`CREATE INDEX "idx_footage_request_cameras_camera" ON "footage_request_cameras" ("camera_id")`);

    await q.query(`
      CREATE TABLE "footage_releases" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "request_id" uuid NOT NULL,
        "investigation_id" uuid NOT NULL,
        "camera_id" uuid NOT NULL,
        "window_from" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "window_to" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "released_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP(3) WITH TIME ZONE,
        "revoked_by" uuid,
        "revoke_reason" character varying(500),
        "hold_id" uuid NOT NULL,
        CONSTRAINT "pk_footage_releases" PRIMARY KEY ("id"),
        CONSTRAINT "uq_footage_releases_request_camera" UNIQUE ("request_id", "camera_id"),
        CONSTRAINT "fk_footage_releases_request" FOREIGN KEY ("request_id") REFERENCES "footage_requests"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_footage_releases_investigation" FOREIGN KEY ("investigation_id") REFERENCES "investigations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_footage_releases_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_footage_releases_hold" FOREIGN KEY ("hold_id") REFERENCES "legal_holds"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "idx_footage_releases_investigation_camera" ON "footage_releases" ("investigation_id", "camera_id")`);
    await q.query(`CREATE INDEX "idx_footage_releases_expiry" ON "footage_releases" ("expires_at") WHERE "revoked_at" IS NULL`);

    // The record of who was given what is kept: nothing here is deleted by the application.
    await q.query(
      `REVOKE DELETE, TRUNCATE ON "investigations", "footage_requests", "footage_request_cameras", "footage_releases" FROM wardwatch_app`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "investigation_members" FROM wardwatch_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "footage_releases"`);
    await q.query(`DROP TABLE "footage_request_cameras"`);
    await q.query(`DROP TABLE "footage_requests"`);
    await q.query(`DROP TABLE "investigation_members"`);
    await q.query(`DROP TABLE "investigations"`);
  }
}
