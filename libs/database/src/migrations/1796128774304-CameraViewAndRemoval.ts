import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The residents' portal: a camera's direction of view (azimuth from north, field-of-view angle and
 * range: all three or none), when its owner removed it from their list (`removed_at`: the row stays,
 * because consents, holds, clips and the audit log refer to it), and when a resident deleted their
 * account (`deleted_at`: the row stays, pseudonymised, so the hash-chained audit log's actor ids
 * still resolve to "a deleted account").
 */
export class CameraViewAndRemoval1796128774304 implements MigrationInterface {
  name = 'CameraViewAndRemoval1796128774304';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cameras" ADD "view_azimuth_deg" smallint`);
    await q.query(`ALTER TABLE "cameras" ADD "view_angle_deg" smallint`);
    await q.query(`ALTER TABLE "cameras" ADD "view_range_m" smallint`);
    await q.query(`ALTER TABLE "cameras" ADD "removed_at" TIMESTAMP(3) WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "cameras" ADD CONSTRAINT "ck_cameras_view" CHECK (("view_azimuth_deg" IS NULL AND "view_angle_deg" IS NULL AND "view_range_m" IS NULL) OR ("view_azimuth_deg" BETWEEN 0 AND 359 AND "view_angle_deg" BETWEEN 10 AND 180 AND "view_range_m" BETWEEN 5 AND 200))`,
    );
    await q.query(`ALTER TABLE "users" ADD "deleted_at" TIMESTAMP(3) WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "deleted_at"`);
    await q.query(`ALTER TABLE "cameras" DROP CONSTRAINT "ck_cameras_view"`);
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "removed_at"`);
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "view_range_m"`);
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "view_angle_deg"`);
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "view_azimuth_deg"`);
  }
}
