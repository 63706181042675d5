import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions (the web app's HttpOnly cookie): the token's SHA-256, its absolute expiry, and
 * when it was revoked (sign-out, password change). Rows go with their user.
 */
export class BrowserSessions1796130485523 implements MigrationInterface {
  name = 'BrowserSessions1796130485523';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "user_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL,
         "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
         "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP(3) WITH TIME ZONE,
         "user_agent" character varying(256), CONSTRAINT "pk_user_sessions" PRIMARY KEY ("id"),
         CONSTRAINT "fk_user_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_user_sessions_token_hash" ON "user_sessions" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_user_sessions_user" ON "user_sessions" ("user_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "user_sessions"`);
  }
}
