import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'footage_request.awaiting_owner', 'footage_request.owner_answered', 'footage_request.supervisor_decided', 'footage_request.awaiting_supervisor'`;

/**
 * Issue 14: a supervisor revokes one release early and places or lifts manual legal holds, each
 * with a written reason of up to 1000 characters (the columns held 500); the investigation's lead
 * is told when one of its releases is revoked (a notification kind of its own).
 */
export class ManualHoldsAndRevocations1796150000000 implements MigrationInterface {
  name = 'ManualHoldsAndRevocations1796150000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "legal_holds" ALTER COLUMN "reason" TYPE character varying(1000)`);
    await q.query(`ALTER TABLE "legal_holds" ALTER COLUMN "lift_reason" TYPE character varying(1000)`);
    await q.query(`ALTER TABLE "footage_releases" ALTER COLUMN "revoke_reason" TYPE character varying(1000)`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS_BEFORE}, 'footage.release_revoked'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "notifications" WHERE "kind" = 'footage.release_revoked'`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS_BEFORE}))`);
    await q.query(`UPDATE "footage_releases" SET "revoke_reason" = left("revoke_reason", 500) WHERE length("revoke_reason") > 500`);
    await q.query(`ALTER TABLE "footage_releases" ALTER COLUMN "revoke_reason" TYPE character varying(500)`);
    await q.query(`UPDATE "legal_holds" SET "reason" = left("reason", 500), "lift_reason" = left("lift_reason", 500)
      WHERE length("reason") > 500 OR length("lift_reason") > 500`);
    await q.query(`ALTER TABLE "legal_holds" ALTER COLUMN "lift_reason" TYPE character varying(500)`);
    await q.query(`ALTER TABLE "legal_holds" ALTER COLUMN "reason" TYPE character varying(500)`);
  }
}
