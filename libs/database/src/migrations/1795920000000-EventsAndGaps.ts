import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The motion event index and the gaps in each camera's coverage. */
export class EventsAndGaps1795920000000 implements MigrationInterface {
  name = 'EventsAndGaps1795920000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "motion_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "camera_id" uuid NOT NULL,
        "kind" character varying(16) NOT NULL,
        "topic" character varying(255) NOT NULL,
        "source_key" character varying(512) NOT NULL,
        "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "ended_at" TIMESTAMP(3) WITH TIME ZONE,
        "camera_started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "camera_ended_at" TIMESTAMP(3) WITH TIME ZONE,
        "clock_offset_ms" integer NOT NULL,
        "closed_by" character varying(24),
        "data" jsonb,
        "dedupe_key" character(40) NOT NULL,
        "indexed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_motion_events" PRIMARY KEY ("id"),
        CONSTRAINT "fk_motion_events_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE,
        CONSTRAINT "ck_motion_events_kind" CHECK ("kind" IN ('motion', 'analytics', 'other'))
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_motion_events_dedupe" ON "motion_events" ("dedupe_key")`);
    await q.query(`CREATE INDEX "idx_motion_events_camera_started" ON "motion_events" ("camera_id", "started_at")`);
    await q.query(`CREATE INDEX "idx_motion_events_started" ON "motion_events" ("started_at")`);

    await q.query(`
      CREATE TABLE "camera_gaps" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "camera_id" uuid NOT NULL,
        "reason" character varying(24) NOT NULL,
        "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "ended_at" TIMESTAMP(3) WITH TIME ZONE,
        "detail" character varying(255),
        CONSTRAINT "pk_camera_gaps" PRIMARY KEY ("id"),
        CONSTRAINT "fk_camera_gaps_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE,
        CONSTRAINT "ck_camera_gaps_reason" CHECK ("reason" IN ('offline', 'subscription_lost', 'stream_lost', 'auth_failed'))
      )`);
    await q.query(`CREATE INDEX "idx_camera_gaps_camera_started" ON "camera_gaps" ("camera_id", "started_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "camera_gaps"`);
    await q.query(`DROP TABLE "motion_events"`);
  }
}
