import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = `"id", "camera_id", "kind", "topic", "source_key", "started_at", "ended_at", "camera_started_at", "camera_ended_at",
  "clock_offset_ms", "closed_by", "data", "dedupe_key", "indexed_at"`;

/**
 * motion_events partitioned by day of `started_at` (UTC), so that retention can drop a whole day and
 * the hot queries read a few small partitions. A partitioned table's unique keys must contain the
 * partition key, which neither uniqueness ingest relies on does (the dedupe key, and one open motion
 * episode per camera, topic and source: started_at of a replayed message moves with the measured
 * clock offset). Both now live in `motion_event_keys`, one small row per event, keyed by dedupe key,
 * with a partial unique index on the open episode; ingest inserts the key first (ON CONFLICT DO
 * NOTHING arbitrates both at once) and the event from what it returned, in one statement.
 * Clips name their event by (id, started_at): the RESTRICT foreign key then keeps a partition with
 * clips from being dropped, as it kept the event from being deleted.
 *
 * `motion_events_add_day(day)` creates one day's partition (the worker calls it ahead of time); a
 * day the default partition already holds rows of is left to the default partition.
 * Rows are copied from the old table into daily partitions from the oldest row's day, but at most
 * 35 days back (the default longest retention and some): older rows, past retention, go to the
 * default partition, where per-camera retention deletes them; hundreds of day partitions would
 * slow the planning of every query that cannot prune (open motion of any age).
 */
export class MotionEventsByDay1796166048725 implements MigrationInterface {
  name = 'MotionEventsByDay1796166048725';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "clips" DROP CONSTRAINT "fk_clips_motion_event"`);
    await q.query(`ALTER TABLE "motion_events" RENAME TO "motion_events_unpartitioned"`);
    await q.query(
      `DROP INDEX "uq_motion_events_dedupe", "idx_motion_events_camera_started", "idx_motion_events_started", "uq_motion_events_open_episode"`,
    );
    await q.query(
      `ALTER TABLE "motion_events_unpartitioned" DROP CONSTRAINT "pk_motion_events", DROP CONSTRAINT "fk_motion_events_camera", DROP CONSTRAINT "ck_motion_events_kind"`,
    );
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
        CONSTRAINT "pk_motion_events" PRIMARY KEY ("id", "started_at"),
        CONSTRAINT "fk_motion_events_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE,
        CONSTRAINT "ck_motion_events_kind" CHECK ("kind" IN ('motion', 'analytics', 'other'))
      ) PARTITION BY RANGE ("started_at")`);
    await q.query(`CREATE INDEX "idx_motion_events_camera_started" ON "motion_events" ("camera_id", "started_at")`);
    await q.query(`CREATE INDEX "idx_motion_events_started" ON "motion_events" ("started_at")`);
    // Open motion is a handful of rows among millions: the worker's every-tick queries read only these.
    await q.query(
      `CREATE INDEX "idx_motion_events_open" ON "motion_events" ("camera_id", "started_at") WHERE "kind" = 'motion' AND "ended_at" IS NULL`,
    );
    await q.query(`CREATE TABLE "motion_events_default" PARTITION OF "motion_events" DEFAULT`);
    await q.query(`
      CREATE FUNCTION motion_events_add_day(day date) RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        name text := 'motion_events_' || to_char(day, 'YYYYMMDD');
        lo timestamptz := day::timestamp AT TIME ZONE 'UTC';
        hi timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
      BEGIN
        IF to_regclass(name) IS NOT NULL THEN RETURN name; END IF;
        -- Attaching would fail on rows of that day already in the default partition: they stay there.
        IF EXISTS (SELECT 1 FROM motion_events_default WHERE started_at >= lo AND started_at < hi) THEN RETURN NULL; END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF motion_events FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
        RETURN name;
      END $$`);
    // The worker (wardwatch_app) owns no table: creating and dropping partitions takes the owner's
    // rights, through these two functions only. A day with clips cannot be dropped (their RESTRICT
    // foreign key); the rules about holds and retention are the caller's (MotionEventPartitions).
    await q.query(`
      CREATE FUNCTION motion_events_drop_day(day date) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        name text := 'motion_events_' || to_char(day, 'YYYYMMDD');
        lo timestamptz := day::timestamp AT TIME ZONE 'UTC';
        hi timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
        n bigint;
      BEGIN
        IF to_regclass(name) IS NULL THEN RETURN NULL; END IF;
        EXECUTE format('SELECT count(*) FROM %I', name) INTO n;
        -- The day's keys reference its events: they go first.
        DELETE FROM motion_event_keys WHERE event_started_at >= lo AND event_started_at < hi;
        -- Detached first: a partition that foreign keys reference cannot be dropped as it is, and the
        -- detach checks that no clip names its rows (and refuses, 23503, if one does).
        EXECUTE format('ALTER TABLE motion_events DETACH PARTITION %I', name);
        EXECUTE format('DROP TABLE %I', name);
        RETURN n;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION motion_events_add_day(date), motion_events_drop_day(date) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION motion_events_add_day(date), motion_events_drop_day(date) TO wardwatch_app`);
    await q.query(`
      SELECT motion_events_add_day(d::date) FROM generate_series(
        (GREATEST(COALESCE((SELECT min(started_at) FROM motion_events_unpartitioned), now()), now() - interval '35 days') AT TIME ZONE 'UTC')::date,
        (now() AT TIME ZONE 'UTC')::date + 7, interval '1 day') d`);
    await q.query(`INSERT INTO "motion_events" (${COLUMNS}) SELECT ${COLUMNS} FROM "motion_events_unpartitioned"`);

    await q.query(`
      CREATE TABLE "motion_event_keys" (
        "dedupe_key" character(40) NOT NULL,
        "event_id" uuid NOT NULL,
        "event_started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "camera_id" uuid NOT NULL,
        "open_episode" character(32),
        CONSTRAINT "pk_motion_event_keys" PRIMARY KEY ("dedupe_key"),
        CONSTRAINT "fk_motion_event_keys_event" FOREIGN KEY ("event_id", "event_started_at")
          REFERENCES "motion_events"("id", "started_at") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_motion_event_keys_open_episode" ON "motion_event_keys" ("camera_id", "open_episode") WHERE "open_episode" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "idx_motion_event_keys_event" ON "motion_event_keys" ("event_started_at", "event_id")`);
    await q.query(`
      INSERT INTO "motion_event_keys" ("dedupe_key", "event_id", "event_started_at", "camera_id", "open_episode")
      SELECT dedupe_key, id, started_at, camera_id, CASE WHEN kind = 'motion' AND ended_at IS NULL THEN md5(topic || '|' || source_key) END
      FROM motion_events`);

    await q.query(`ALTER TABLE "clips" ADD "motion_event_started_at" TIMESTAMP(3) WITH TIME ZONE`);
    await q.query(`UPDATE clips c SET motion_event_started_at = e.started_at FROM motion_events e WHERE e.id = c.motion_event_id`);
    await q.query(`ALTER TABLE "clips" ALTER COLUMN "motion_event_started_at" SET NOT NULL`);
    // Which days have clips (the partition drop asks), and the foreign key's check when a day goes.
    await q.query(`CREATE INDEX "idx_clips_motion_event" ON "clips" ("motion_event_started_at", "motion_event_id")`);
    await q.query(
      `ALTER TABLE "clips" ADD CONSTRAINT "fk_clips_motion_event" FOREIGN KEY ("motion_event_id", "motion_event_started_at")
       REFERENCES "motion_events"("id", "started_at") ON DELETE RESTRICT`,
    );
    // Inserters that name only the event's id (tools, seeds) get its started_at looked up: one probe
    // of each partition's primary key, paid once per clip; the worker passes it.
    await q.query(`
      CREATE FUNCTION clips_motion_event_started_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.motion_event_started_at IS NULL THEN
          NEW.motion_event_started_at := (SELECT started_at FROM motion_events WHERE id = NEW.motion_event_id);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER clips_motion_event_started_at BEFORE INSERT ON clips FOR EACH ROW EXECUTE FUNCTION clips_motion_event_started_at()`,
    );
    await q.query(`DROP TABLE "motion_events_unpartitioned"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER clips_motion_event_started_at ON clips`);
    await q.query(`DROP FUNCTION clips_motion_event_started_at()`);
    await q.query(`ALTER TABLE "clips" DROP CONSTRAINT "fk_clips_motion_event"`);
    await q.query(`ALTER TABLE "clips" DROP COLUMN "motion_event_started_at"`);
    await q.query(`DROP TABLE "motion_event_keys"`);
    await q.query(`ALTER TABLE "motion_events" RENAME TO "motion_events_partitioned"`);
    await q.query(`
      CREATE TABLE "motion_events" (LIKE "motion_events_partitioned" INCLUDING DEFAULTS)`);
    await q.query(`INSERT INTO "motion_events" (${COLUMNS}) SELECT ${COLUMNS} FROM "motion_events_partitioned"`);
    await q.query(`DROP TABLE "motion_events_partitioned"`);
    await q.query(`DROP FUNCTION motion_events_add_day(date), motion_events_drop_day(date)`);
    await q.query(`
      ALTER TABLE "motion_events" ADD CONSTRAINT "pk_motion_events" PRIMARY KEY ("id"),
        ADD CONSTRAINT "fk_motion_events_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE,
        ADD CONSTRAINT "ck_motion_events_kind" CHECK ("kind" IN ('motion', 'analytics', 'other'))`);
    await q.query(`CREATE UNIQUE INDEX "uq_motion_events_dedupe" ON "motion_events" ("dedupe_key")`);
    await q.query(`CREATE INDEX "idx_motion_events_camera_started" ON "motion_events" ("camera_id", "started_at")`);
    await q.query(`CREATE INDEX "idx_motion_events_started" ON "motion_events" ("started_at")`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_motion_events_open_episode" ON "motion_events" ("camera_id", md5("topic" || '|' || "source_key"))
       WHERE "kind" = 'motion' AND "ended_at" IS NULL`,
    );
    await q.query(
      `ALTER TABLE "clips" ADD CONSTRAINT "fk_clips_motion_event" FOREIGN KEY ("motion_event_id") REFERENCES "motion_events"("id") ON DELETE RESTRICT`,
    );
  }
}
