import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wards (as data, with their boundary), the admin-managed camera networks, cameras, and their
 * versioned consent (never edited in place).
 */
export class CamerasAndConsent1795910000000 implements MigrationInterface {
  name = 'CamerasAndConsent1795910000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "wards" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" character varying(32) NOT NULL,
        "name" character varying(120) NOT NULL,
        "boundary" geography(MultiPolygon,4326),
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_wards" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_wards_code" ON "wards" ("code")`);
    await q.query(`CREATE INDEX "idx_wards_boundary" ON "wards" USING GiST ("boundary")`);

    await q.query(`
      CREATE TABLE "camera_networks" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "cidr" cidr NOT NULL,
        "label" character varying(120) NOT NULL,
        "created_by" uuid,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_camera_networks" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_camera_networks_cidr" ON "camera_networks" ("cidr")`);

    await q.query(`
      CREATE TABLE "cameras" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "owner_id" uuid NOT NULL,
        "label" character varying(80) NOT NULL,
        "ward_id" uuid NOT NULL,
        "street" character varying(160) NOT NULL,
        "house_number" character varying(32) NOT NULL,
        "alley" character varying(120),
        "residential_group" character varying(32),
        "latitude" double precision NOT NULL,
        "longitude" double precision NOT NULL,
        "facing_note" character varying(240),
        "onvif_host" character varying(253) NOT NULL,
        "onvif_port" integer NOT NULL,
        "onvif_path" character varying(255) NOT NULL,
        "credentials_sealed" text NOT NULL,
        "device_info" jsonb NOT NULL,
        "profile_token" character varying(64) NOT NULL,
        "stream_uri" character varying(1024) NOT NULL,
        "video_encoding" character varying(16) NOT NULL,
        "video_width" integer NOT NULL,
        "video_height" integer NOT NULL,
        "clock_offset_ms" integer NOT NULL,
        "lifecycle" character varying(16) NOT NULL,
        "health" character varying(24) NOT NULL DEFAULT 'unknown',
        "last_probed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "last_seen_at" TIMESTAMP(3) WITH TIME ZONE,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_cameras" PRIMARY KEY ("id"),
        CONSTRAINT "fk_cameras_owner" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_cameras_ward" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT,
        CONSTRAINT "ck_cameras_lifecycle" CHECK ("lifecycle" IN ('pending', 'active', 'paused', 'withdrawn')),
        CONSTRAINT "ck_cameras_health" CHECK ("health" IN ('unknown', 'online', 'offline', 'auth_failed', 'subscription_failing')),
        CONSTRAINT "ck_cameras_position" CHECK ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180)
      )`);
    await q.query(`CREATE INDEX "idx_cameras_owner" ON "cameras" ("owner_id")`);
    await q.query(`CREATE INDEX "idx_cameras_ward" ON "cameras" ("ward_id")`);

    await q.query(`
      CREATE TABLE "camera_consents" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "camera_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "state" character varying(16) NOT NULL,
        "purposes" text array NOT NULL,
        "retention_days" integer NOT NULL,
        "sharing_mode" character varying(16) NOT NULL,
        "active_hours" jsonb,
        "notice_version" character varying(16) NOT NULL,
        "notice_language" character varying(2) NOT NULL,
        "method" character varying(16) NOT NULL,
        "given_by" uuid NOT NULL,
        "given_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_camera_consents" PRIMARY KEY ("id"),
        CONSTRAINT "fk_camera_consents_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE,
        CONSTRAINT "ck_camera_consents_state" CHECK ("state" IN ('given', 'paused', 'withdrawn')),
        CONSTRAINT "ck_camera_consents_sharing" CHECK ("sharing_mode" IN ('ask', 'auto_release')),
        CONSTRAINT "ck_camera_consents_retention" CHECK ("retention_days" BETWEEN 1 AND 3650),
        CONSTRAINT "ck_camera_consents_purposes" CHECK ("purposes" <@ ARRAY['event_metadata', 'clips', 'police_search']::text[])
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_camera_consents_version" ON "camera_consents" ("camera_id", "version")`);
    // Versions are history: a change is a new row, never an edit.
    await q.query(`
      CREATE FUNCTION camera_consents_reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'camera_consents rows are never edited; record a new version instead'
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER camera_consents_no_update BEFORE UPDATE ON "camera_consents"
      FOR EACH ROW EXECUTE FUNCTION camera_consents_reject_update()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "camera_consents"`);
    await q.query(`DROP FUNCTION camera_consents_reject_update()`);
    await q.query(`DROP TABLE "cameras"`);
    await q.query(`DROP TABLE "camera_networks"`);
    await q.query(`DROP TABLE "wards"`);
  }
}
