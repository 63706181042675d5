import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention at a city's volume and an integrity check that covers everything:
 * - a partial index on the expiry of deletable clips, so each retention batch finds the next
 *   expired clips without reading the unexpired ones;
 * - the integrity check's cursor (one row): where the rolling re-read of stored clips stands.
 */
export class RetentionAtVolumeAndIntegrityCursor1796165445247 implements MigrationInterface {
  name = 'RetentionAtVolumeAndIntegrityCursor1796165445247';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_clips_expiry" ON "clips" ("retain_until") WHERE status IN ('stored', 'failed')`);
    await q.query(
      `CREATE TABLE "footage_integrity_cursor" (
        "id" smallint NOT NULL DEFAULT 1,
        "cycle" integer NOT NULL DEFAULT 0,
        "cycle_started_at" TIMESTAMP WITH TIME ZONE,
        "cycle_total" integer NOT NULL DEFAULT 0,
        "position" uuid,
        "checked_in_cycle" integer NOT NULL DEFAULT 0,
        "last_cycle_finished_at" TIMESTAMP WITH TIME ZONE,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_footage_integrity_cursor_single" CHECK ("id" = 1),
        CONSTRAINT "PK_footage_integrity_cursor" PRIMARY KEY ("id"))`,
    );
    await q.query(`INSERT INTO "footage_integrity_cursor" ("id") VALUES (1)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "footage_integrity_cursor"`);
    await q.query(`DROP INDEX "idx_clips_expiry"`);
  }
}
