import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Durable PullPoint subscription references, so a worker taking over a camera can unsubscribe a leaked one. */
export class CameraSubscriptions1795960000000 implements MigrationInterface {
  name = 'CameraSubscriptions1795960000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "camera_subscriptions" (
        "camera_id" uuid NOT NULL,
        "address" character varying(2048) NOT NULL,
        "reference_parameters" text NOT NULL,
        "camera_terminates_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "terminates_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "worker_id" character varying(64) NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_camera_subscriptions" PRIMARY KEY ("camera_id"),
        CONSTRAINT "fk_camera_subscriptions_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE
      )`,
    );
    // wardwatch_app gets SELECT, INSERT, UPDATE, DELETE through the Foundation's default privileges.
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "camera_subscriptions"`);
  }
}
