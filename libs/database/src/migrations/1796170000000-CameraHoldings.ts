import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - camera_holdings: the latest lease per camera (fencing token, holder, last renewal, release), so
 *   owner writes with an older token are refused and a worker starting after all were down can
 *   write the gap since the last lease lapsed.
 * - Gap reasons no_worker, no_capacity, network_refused and health not_covered: a consenting camera
 *   that no worker holds is shown as such, not as quietly online.
 */
export class CameraHoldings1796170000000 implements MigrationInterface {
  name = 'CameraHoldings1796170000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "camera_holdings" (
        "camera_id" uuid NOT NULL,
        "token" bigint NOT NULL,
        "worker_id" character varying(64) NOT NULL,
        "acquired_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "renewed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "released_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "PK_camera_holdings" PRIMARY KEY ("camera_id"),
        CONSTRAINT "fk_camera_holdings_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE
      )`);
    await q.query(`ALTER TABLE "camera_gaps" DROP CONSTRAINT "ck_camera_gaps_reason"`);
    await q.query(
      `ALTER TABLE "camera_gaps" ADD CONSTRAINT "ck_camera_gaps_reason" CHECK ("reason" IN ('offline', 'subscription_lost', 'stream_lost', 'auth_failed', 'no_worker', 'no_capacity', 'network_refused'))`,
    );
    await q.query(`ALTER TABLE "cameras" DROP CONSTRAINT "ck_cameras_health"`);
    await q.query(
      `ALTER TABLE "cameras" ADD CONSTRAINT "ck_cameras_health" CHECK ("health" IN ('unknown', 'online', 'offline', 'auth_failed', 'subscription_failing', 'stream_unreachable', 'not_covered'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "cameras" SET "health" = 'unknown' WHERE "health" = 'not_covered'`);
    await q.query(`ALTER TABLE "cameras" DROP CONSTRAINT "ck_cameras_health"`);
    await q.query(
      `ALTER TABLE "cameras" ADD CONSTRAINT "ck_cameras_health" CHECK ("health" IN ('unknown', 'online', 'offline', 'auth_failed', 'subscription_failing', 'stream_unreachable'))`,
    );
    await q.query(`DELETE FROM "camera_gaps" WHERE "reason" IN ('no_worker', 'no_capacity', 'network_refused')`);
    await q.query(`ALTER TABLE "camera_gaps" DROP CONSTRAINT "ck_camera_gaps_reason"`);
    await q.query(
      `ALTER TABLE "camera_gaps" ADD CONSTRAINT "ck_camera_gaps_reason" CHECK ("reason" IN ('offline', 'subscription_lost', 'stream_lost', 'auth_failed'))`,
    );
    await q.query(`DROP TABLE "camera_holdings"`);
  }
}
