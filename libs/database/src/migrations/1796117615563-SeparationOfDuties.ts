import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Separation of duties: a staff account, or a change to a staff role, is pending until a second
 * admin confirms it. Accounts that exist already stay as they are (active, no confirmer recorded).
 */
export class SeparationOfDuties1796117615563 implements MigrationInterface {
  name = 'SeparationOfDuties1796117615563';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_status"`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_status" CHECK ("status" IN ('active', 'disabled', 'pending'))`);
    await q.query(`ALTER TABLE "users" ADD "created_by" uuid`);
    await q.query(`ALTER TABLE "users" ADD "role_proposed_by" uuid`);
    await q.query(`ALTER TABLE "users" ADD "role_confirmed_by" uuid`);
    await q.query(`ALTER TABLE "users" ADD "role_confirmed_at" TIMESTAMP(3) WITH TIME ZONE`);
    await q.query(`ALTER TABLE "users" ADD "pending_role" character varying(16)`);
    await q.query(`ALTER TABLE "users" ADD "pending_role_by" uuid`);
    await q.query(`ALTER TABLE "users" ADD "pending_role_at" TIMESTAMP(3) WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_pending_role" CHECK ("pending_role" IS NULL OR "pending_role" IN ('officer', 'supervisor', 'admin'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_pending_role"`);
    for (const column of [
      'pending_role_at',
      'pending_role_by',
      'pending_role',
      'role_confirmed_at',
      'role_confirmed_by',
      'role_proposed_by',
      'created_by',
    ]) {
      await q.query(`ALTER TABLE "users" DROP COLUMN "${column}"`);
    }
    await q.query(`UPDATE "users" SET "status" = 'disabled' WHERE "status" = 'pending'`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_status"`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_status" CHECK ("status" IN ('active', 'disabled'))`);
  }
}
