import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-camera pre- and post-roll (null: the worker's defaults), within the admin's limits. */
export class CameraClipSettings1795990000000 implements MigrationInterface {
  name = 'CameraClipSettings1795990000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cameras" ADD "clip_pre_roll_s" integer`);
    await q.query(`ALTER TABLE "cameras" ADD "clip_post_roll_s" integer`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "clip_post_roll_s"`);
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "clip_pre_roll_s"`);
  }
}
