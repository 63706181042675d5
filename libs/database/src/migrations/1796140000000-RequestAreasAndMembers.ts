import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: every footage request records the area it covers (a polygon as drawn, the circle, the
 * ward's boundary, or the hull of the named cameras buffered by 25 m) and its size, so that the
 * limits (FOOTAGE_REQUEST_MAX_AREA_KM2, FOOTAGE_REQUEST_MAX_WINDOW_HOURS) can be enforced and shown;
 * a request beyond them carries its written justification and which limits it exceeds. Requests
 * filed before this have no area (null). Members can now be removed: the row stays, with who removed
 * them and when, so the record still shows who had access; the application may update only those two
 * columns (who was added, by whom and when stays unchangeable).
 */
export class RequestAreasAndMembers1796140000000 implements MigrationInterface {
  name = 'RequestAreasAndMembers1796140000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "footage_requests"
         ADD "area" geography(Geometry,4326),
         ADD "area_m2" double precision,
         ADD "justification" character varying(2000),
         ADD "exceeds_area_limit" boolean NOT NULL DEFAULT false,
         ADD "exceeds_window_limit" boolean NOT NULL DEFAULT false`,
    );
    await q.query(
      `ALTER TABLE "footage_requests" ADD CONSTRAINT "ck_footage_requests_justified"
         CHECK (NOT ("exceeds_area_limit" OR "exceeds_window_limit") OR ("justification" IS NOT NULL AND "supervisor_required"))`,
    );
    await q.query(`ALTER TABLE "investigation_members" ADD "removed_at" TIMESTAMP(3) WITH TIME ZONE, ADD "removed_by" uuid`);
    // Who was added, by whom and when stays unchangeable: the application may set only the removal.
    await q.query(`GRANT UPDATE ("removed_at", "removed_by") ON "investigation_members" TO wardwatch_app`);
    // Supervisors are told of a request beyond the limits, with its justification.
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN ('footage_request.awaiting_owner', 'footage_request.owner_answered', 'footage_request.supervisor_decided', 'footage_request.awaiting_supervisor'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "notifications" WHERE "kind" = 'footage_request.awaiting_supervisor'`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN ('footage_request.awaiting_owner', 'footage_request.owner_answered', 'footage_request.supervisor_decided'))`,
    );
    await q.query(`REVOKE UPDATE ("removed_at", "removed_by") ON "investigation_members" FROM wardwatch_app`);
    await q.query(`ALTER TABLE "investigation_members" DROP COLUMN "removed_by", DROP COLUMN "removed_at"`);
    await q.query(`ALTER TABLE "footage_requests" DROP CONSTRAINT "ck_footage_requests_justified"`);
    await q.query(
      `ALTER TABLE "footage_requests" DROP COLUMN "exceeds_window_limit", DROP COLUMN "exceeds_area_limit",
         DROP COLUMN "justification", DROP COLUMN "area_m2", DROP COLUMN "area"`,
    );
  }
}
