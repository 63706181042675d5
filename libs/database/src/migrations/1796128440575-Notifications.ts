import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (issue 12): the in-app inbox (`notifications`, one row per recipient and domain key)
 * and the outbox of outbound deliveries (`notification_deliveries`, e-mail for now) the worker sends
 * from; users choose their language and whether they also get e-mail. wardwatch_app gets SELECT,
 * INSERT, UPDATE, DELETE through the Foundation's default privileges.
 */
export class Notifications1796128440575 implements MigrationInterface {
  name = 'Notifications1796128440575';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "kind" character varying(64) NOT NULL, "dedupe_key" character varying(200) NOT NULL, "params" jsonb NOT NULL, "subject_type" character varying(32) NOT NULL, "subject_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN ('footage_request.awaiting_owner', 'footage_request.owner_answered', 'footage_request.supervisor_decided')), CONSTRAINT "pk_notifications" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_notifications_recipient_key" ON "notifications" ("recipient_id", "dedupe_key")`);
    await q.query(`CREATE INDEX "idx_notifications_recipient_unread" ON "notifications" ("recipient_id") WHERE "read_at" IS NULL`);
    await q.query(`CREATE INDEX "idx_notifications_recipient_created" ON "notifications" ("recipient_id", "created_at", "id")`);
    await q.query(
      `CREATE TABLE "notification_deliveries" ("notification_id" uuid NOT NULL, "channel" character varying(16) NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_notification_deliveries_channel" CHECK ("channel" IN ('email')), CONSTRAINT "ck_notification_deliveries_state" CHECK ("state" IN ('pending', 'sent', 'failed', 'skipped')), CONSTRAINT "pk_notification_deliveries" PRIMARY KEY ("notification_id", "channel"))`,
    );
    await q.query(
      `CREATE INDEX "idx_notification_deliveries_pending" ON "notification_deliveries" ("created_at") WHERE "state" = 'pending'`,
    );
    await q.query(`ALTER TABLE "users" ADD "preferred_language" character varying(8) NOT NULL DEFAULT 'vi'`);
    await q.query(`ALTER TABLE "users" ADD "email_notifications" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_preferred_language" CHECK ("preferred_language" IN ('vi', 'en', 'hmn'))`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_recipient" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "fk_notification_deliveries_notification" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification_deliveries" DROP CONSTRAINT "fk_notification_deliveries_notification"`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_recipient"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_preferred_language"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "email_notifications"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "preferred_language"`);
    await q.query(`DROP INDEX "public"."idx_notification_deliveries_pending"`);
    await q.query(`DROP TABLE "notification_deliveries"`);
    await q.query(`DROP INDEX "public"."idx_notifications_recipient_created"`);
    await q.query(`DROP INDEX "public"."idx_notifications_recipient_unread"`);
    await q.query(`DROP INDEX "public"."uq_notifications_recipient_key"`);
    await q.query(`DROP TABLE "notifications"`);
  }
}
