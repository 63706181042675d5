import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Objects of deleted clips waiting to be removed from the store (retention's outbox). No foreign
 * key: the clip row is gone by the time an entry is read.
 */
export class FootageObjectDeletions1796118606215 implements MigrationInterface {
  name = 'FootageObjectDeletions1796118606215';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "footage_object_deletions" ("object_key" text NOT NULL, "clip_id" uuid NOT NULL,
         "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_footage_object_deletions" PRIMARY KEY ("object_key"))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "footage_object_deletions"`);
  }
}
