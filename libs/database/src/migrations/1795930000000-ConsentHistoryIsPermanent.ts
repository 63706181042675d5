import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent versions are evidence of what a resident agreed to: like the audit log, they may not be
 * deleted either (review finding: the app role could DELETE them, and deleting a camera cascaded).
 */
export class ConsentHistoryIsPermanent1795930000000 implements MigrationInterface {
  name = 'ConsentHistoryIsPermanent1795930000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE, TRUNCATE ON "camera_consents" FROM wardwatch_app`);
    await q.query(`DROP TRIGGER camera_consents_no_update ON "camera_consents"`);
    await q.query(`
      CREATE OR REPLACE FUNCTION camera_consents_reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'camera_consents rows are never edited or removed (%); record a new version instead', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER camera_consents_no_change BEFORE UPDATE OR DELETE ON "camera_consents"
      FOR EACH ROW EXECUTE FUNCTION camera_consents_reject_update()`);
    await q.query(`
      CREATE TRIGGER camera_consents_no_truncate BEFORE TRUNCATE ON "camera_consents"
      FOR EACH STATEMENT EXECUTE FUNCTION camera_consents_reject_update()`);
    await q.query(`ALTER TABLE "camera_consents" DROP CONSTRAINT "fk_camera_consents_camera"`);
    await q.query(
      `ALTER TABLE "camera_consents" ADD CONSTRAINT "fk_camera_consents_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE RESTRICT`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "camera_consents" DROP CONSTRAINT "fk_camera_consents_camera"`);
    await q.query(
      `ALTER TABLE "camera_consents" ADD CONSTRAINT "fk_camera_consents_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE`,
    );
    await q.query(`DROP TRIGGER camera_consents_no_truncate ON "camera_consents"`);
    await q.query(`DROP TRIGGER camera_consents_no_change ON "camera_consents"`);
    await q.query(`
      CREATE TRIGGER camera_consents_no_update BEFORE UPDATE ON "camera_consents"
      FOR EACH ROW EXECUTE FUNCTION camera_consents_reject_update()`);
    await q.query(`GRANT DELETE ON "camera_consents" TO wardwatch_app`);
  }
}
