import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links to released clips become rows of their own (`clip_links`), so that each can be revoked
 * before it expires and each opening is counted. The application's role may insert links and
 * update only their revocation and opening columns; it may not delete them (they go with their
 * clip, through the foreign key, when retention deletes an unheld clip).
 */
export class RevocableClipLinks1796150735530 implements MigrationInterface {
  name = 'RevocableClipLinks1796150735530';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "clip_links" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "clip_id" uuid NOT NULL,
        "investigation_id" uuid NOT NULL,
        "release_id" uuid NOT NULL,
        "issued_to" uuid NOT NULL,
        "kind" character varying(16) NOT NULL,
        "asset" character varying(16) NOT NULL,
        "issued_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP(3) WITH TIME ZONE,
        "revoked_by" uuid,
        "revoke_reason" character varying(1000),
        "opened_count" integer NOT NULL DEFAULT 0,
        "last_opened_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "pk_clip_links" PRIMARY KEY ("id"),
        CONSTRAINT "ck_clip_links_kind" CHECK ("kind" IN ('view', 'download')),
        CONSTRAINT "ck_clip_links_asset" CHECK ("asset" IN ('clip', 'thumbnail')),
        CONSTRAINT "ck_clip_links_revocation" CHECK (("revoked_at" IS NULL) = ("revoked_by" IS NULL) AND ("revoked_at" IS NULL) = ("revoke_reason" IS NULL)),
        CONSTRAINT "fk_clip_links_clip" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_clip_links_investigation" FOREIGN KEY ("investigation_id") REFERENCES "investigations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_clip_links_release" FOREIGN KEY ("release_id") REFERENCES "footage_releases"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_clip_links_issued_to" FOREIGN KEY ("issued_to") REFERENCES "users"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_clip_links_revoked_by" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE RESTRICT
      )`,
    );
    await q.query(`CREATE INDEX "idx_clip_links_investigation_issued" ON "clip_links" ("investigation_id", "issued_at", "id")`);
    await q.query(`CREATE INDEX "idx_clip_links_clip" ON "clip_links" ("clip_id")`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "clip_links" FROM wardwatch_app`);
    await q.query(
      `GRANT UPDATE ("revoked_at", "revoked_by", "revoke_reason", "opened_count", "last_opened_at") ON "clip_links" TO wardwatch_app`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "clip_links"`);
  }
}
