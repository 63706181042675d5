import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event service path each camera advertises (not every camera uses /onvif/event_service). */
export class CameraEventsPath1795940000000 implements MigrationInterface {
  name = 'CameraEventsPath1795940000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cameras" ADD "events_path" character varying(255) NOT NULL DEFAULT '/onvif/event_service'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "events_path"`);
  }
}
