import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter that every password change raises. Access tokens carry the value they were issued
 * under, so a token issued before a password change stops working at once instead of living out
 * its 15 minutes (browser sessions were already ended by the change; bearer tokens were not).
 */
export class TokensEndWithPasswordChange1796151082805 implements MigrationInterface {
  name = 'TokensEndWithPasswordChange1796151082805';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "credentials_version" integer NOT NULL DEFAULT 0`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "credentials_version"`);
  }
}
