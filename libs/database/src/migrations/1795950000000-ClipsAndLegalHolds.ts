import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clips (one per motion episode, or consecutive ones for long motion) and legal holds. A hold
 * covers a camera over a time window, so footage that lands after it was placed is covered too.
 * Holds are lifted, never deleted: the application role may not DELETE them.
 */
export class ClipsAndLegalHolds1795950000000 implements MigrationInterface {
  name = 'ClipsAndLegalHolds1795950000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "clips" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "camera_id" uuid NOT NULL,
        "motion_event_id" uuid NOT NULL,
        "sequence" integer NOT NULL DEFAULT 0,
        "status" character varying(16) NOT NULL,
        "requested_from" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "requested_to" TIMESTAMP(3) WITH TIME ZONE,
        "started_at" TIMESTAMP(3) WITH TIME ZONE,
        "ended_at" TIMESTAMP(3) WITH TIME ZONE,
        "duration_ms" integer,
        "object_key" character varying(512),
        "thumbnail_key" character varying(512),
        "size_bytes" bigint,
        "sha256" character(64),
        "thumbnail_sha256" character(64),
        "failure_reason" character varying(500),
        "retain_until" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "worker_id" character varying(128),
        "provenance" jsonb,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "stored_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "pk_clips" PRIMARY KEY ("id"),
        CONSTRAINT "uq_clips_event_sequence" UNIQUE ("motion_event_id", "sequence"),
        CONSTRAINT "fk_clips_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_clips_motion_event" FOREIGN KEY ("motion_event_id") REFERENCES "motion_events"("id") ON DELETE RESTRICT,
        CONSTRAINT "ck_clips_status" CHECK ("status" IN ('capturing', 'assembled', 'stored', 'failed'))
      )`);
    await q.query(`CREATE INDEX "idx_clips_camera_started" ON "clips" ("camera_id", "requested_from")`);
    await q.query(`CREATE INDEX "idx_clips_status" ON "clips" ("status")`);

    await q.query(`
      CREATE TABLE "legal_holds" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "camera_id" uuid NOT NULL,
        "from" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "until" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "kind" character varying(16) NOT NULL,
        "investigation_id" uuid,
        "footage_request_id" uuid,
        "reason" character varying(500) NOT NULL,
        "placed_by" uuid,
        "placed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "lifted_at" TIMESTAMP(3) WITH TIME ZONE,
        "lifted_by" uuid,
        "lift_reason" character varying(500),
        CONSTRAINT "pk_legal_holds" PRIMARY KEY ("id"),
        CONSTRAINT "fk_legal_holds_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE RESTRICT,
        CONSTRAINT "ck_legal_holds_kind" CHECK ("kind" IN ('preservation', 'release', 'manual')),
        CONSTRAINT "ck_legal_holds_window" CHECK ("until" > "from")
      )`);
    await q.query(`CREATE INDEX "idx_legal_holds_camera_active" ON "legal_holds" ("camera_id", "from", "until") WHERE "lifted_at" IS NULL`);

    // Holds are evidence of intent: the app may add and lift them (UPDATE), never remove them.
    await q.query(`REVOKE DELETE, TRUNCATE ON "legal_holds" FROM wardwatch_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "legal_holds"`);
    await q.query(`DROP TABLE "clips"`);
  }
}
