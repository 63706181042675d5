import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - One open motion episode per camera, topic and source: a repeated start while motion is open is
 *   the same episode (a camera that never sends a stop made thousands of events). Keyed on a hash of
 *   topic and source so that a long source key cannot exceed the B-tree row limit. Episodes already
 *   duplicated keep their earliest start open; the repeats are closed where they began
 *   (closed_by 'repeated_start'), not deleted, since clips may name them.
 * - Health `stream_unreachable`: the camera answers ONVIF but its video stream cannot be read.
 */
export class OpenEpisodesAndStreamHealth1796117809649 implements MigrationInterface {
  name = 'OpenEpisodesAndStreamHealth1796117809649';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE motion_events e SET ended_at = e.started_at, camera_ended_at = e.camera_started_at, closed_by = 'repeated_start'
      FROM (
        SELECT id, row_number() OVER (PARTITION BY camera_id, topic, source_key ORDER BY started_at, id) AS n
        FROM motion_events WHERE kind = 'motion' AND ended_at IS NULL
      ) d
      WHERE e.id = d.id AND d.n > 1`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_motion_events_open_episode" ON "motion_events" ("camera_id", md5("topic" || '|' || "source_key"))
       WHERE "kind" = 'motion' AND "ended_at" IS NULL`,
    );
    await q.query(`ALTER TABLE "cameras" DROP CONSTRAINT "ck_cameras_health"`);
    await q.query(
      `ALTER TABLE "cameras" ADD CONSTRAINT "ck_cameras_health" CHECK ("health" IN ('unknown', 'online', 'offline', 'auth_failed', 'subscription_failing', 'stream_unreachable'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "cameras" SET "health" = 'online' WHERE "health" = 'stream_unreachable'`);
    await q.query(`ALTER TABLE "cameras" DROP CONSTRAINT "ck_cameras_health"`);
    await q.query(
      `ALTER TABLE "cameras" ADD CONSTRAINT "ck_cameras_health" CHECK ("health" IN ('unknown', 'online', 'offline', 'auth_failed', 'subscription_failing'))`,
    );
    await q.query(`DROP INDEX "uq_motion_events_open_episode"`);
  }
}
