import { DataSource } from 'typeorm';
import { AuditEntryEntity, AuditLogRepository, AuditService } from '@wardwatch/audit';
import { EventIndexRepository, MotionEventPartitions, partitionName, planEventWrites, utcDay } from '@wardwatch/events';
import type { CameraNotification } from '@wardwatch/onvif';
import { MotionEventsByDay1796166048725 } from '../../libs/database/src/migrations/1796166048725-MotionEventsByDay';
import { openMigrationHarness } from '../support/migration-harness';
import { seedCamera, seedWard } from '../support/seed-footage';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const DAY = 86_400_000;
const motion = (isMotion: boolean, at: Date): CameraNotification => ({
  topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
  cameraTime: at,
  operation: 'Changed',
  source: { Rule: 'R1' },
  data: { IsMotion: String(isMotion) },
});
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

describe('motion_events partitioned by day', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let index: EventIndexRepository;
  let partitions: MotionEventPartitions;
  let ownerId: string;
  let wardId: string;
  let cameraId: string;
  const today = utcDay(new Date());

  const partitionOf = async (eventId: string) =>
    (await db.owner.query(`SELECT tableoid::regclass::text AS p FROM motion_events WHERE id = $1`, [eventId])).rows[0].p as string;
  const exists = async (day: Date) =>
    (await db.owner.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [partitionName(day)])).rows[0].e as boolean;

  beforeAll(async () => {
    db = await createTestDatabase();
    ownerId = (
      await db.owner.query(
        `INSERT INTO users (email, display_name, role, password_hash) VALUES ('o@x.vn', 'O', 'resident', 'x') RETURNING id`,
      )
    ).rows[0].id;
    wardId = await seedWard(db.owner, 'w1');
    cameraId = await seedCamera(db.owner, ownerId, { wardId });
    dataSource = new DataSource({ type: 'postgres', url: db.appUrl, entities: [AuditEntryEntity] });
    await dataSource.initialize();
    index = new EventIndexRepository(dataSource);
    partitions = new MotionEventPartitions(dataSource, new AuditService(new AuditLogRepository(dataSource)));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('creates today and the days ahead (as the worker, which owns no table), and routes rows to their day', async () => {
    const made = await partitions.createAhead(8);
    expect(made).toEqual(Array.from({ length: 9 }, (_, i) => partitionName(new Date(today.getTime() + i * DAY))));
    expect(await partitions.createAhead(8)).toEqual(made);
    const at = new Date(today.getTime() + 3 * DAY + 3_600_000);
    await index.apply(
      cameraId,
      0,
      planEventWrites(cameraId, 0, [motion(true, at), motion(false, new Date(at.getTime() + 5000))], at).writes,
    );
    const { id } = (await db.owner.query(`SELECT id FROM motion_events WHERE started_at = $1`, [at])).rows[0];
    expect(await partitionOf(id)).toBe(partitionName(new Date(today.getTime() + 3 * DAY)));
    // A day with no partition (a wild clock, a worker that did not run) goes to the default partition.
    const far = new Date(today.getTime() + 40 * DAY);
    await index.apply(
      cameraId,
      0,
      planEventWrites(cameraId, 0, [motion(true, far), motion(false, new Date(far.getTime() + 1000))], far).writes,
    );
    const farRow = (await db.owner.query(`SELECT id FROM motion_events WHERE started_at = $1`, [far])).rows[0];
    expect(await partitionOf(farRow.id)).toBe('motion_events_default');
    // ... and then that day is not partitioned later (its rows would not fit): they stay where they are.
    expect(await partitions.createAhead(0, far)).toEqual([]);
  });

  it('dedupes a message that arrives twice with clock offsets that put it on either side of midnight', async () => {
    const midnight = new Date(today.getTime() + DAY);
    const cameraAt = new Date(midnight.getTime() - 500);
    // First pull: the camera's clock is right; the start falls on today. Then the offset is measured
    // again (the camera is 1.5 s slow) and the same queued message, pulled again, falls on tomorrow.
    const first = await index.apply(cameraId, 0, planEventWrites(cameraId, 0, [motion(true, cameraAt)], cameraAt).writes);
    const second = await index.apply(
      cameraId,
      -1500,
      planEventWrites(
        cameraId,
        -1500,
        [motion(true, cameraAt), motion(false, new Date(cameraAt.getTime() + 4000))],
        new Date(midnight.getTime() + 3000),
      ).writes,
    );
    expect(first.opened).toBe(1);
    expect(second).toMatchObject({ opened: 0, duplicates: 1, closed: 1 });
    const rows = (
      await db.owner.query(`SELECT id, started_at, ended_at FROM motion_events WHERE camera_id = $1 AND camera_started_at = $2`, [
        cameraId,
        cameraAt,
      ])
    ).rows;
    expect(rows).toHaveLength(1);
    expect(await partitionOf(rows[0].id)).toBe(partitionName(today));
    expect(rows[0].ended_at).not.toBeNull();
    // The closed episode gave its open-episode slot back: a new start opens a new episode.
    const later = new Date(midnight.getTime() + 60_000);
    expect((await index.apply(cameraId, 0, planEventWrites(cameraId, 0, [motion(true, later)], later).writes)).opened).toBe(1);
    expect(
      (await index.apply(cameraId, 0, planEventWrites(cameraId, 0, [motion(true, new Date(later.getTime() + 1000))], later).writes))
        .duplicates,
    ).toBe(1);
    expect(await index.closeOverdue(1000, new Date(later.getTime() + 10_000))).toBe(1);
    const keys = (
      await db.owner.query(`SELECT count(*)::int AS n FROM motion_event_keys WHERE camera_id = $1 AND open_episode IS NOT NULL`, [cameraId])
    ).rows[0];
    expect(keys.n).toBe(0);
  });

  it('drops only the days past every retention that no hold overlaps and no clip names, with an audit entry each', async () => {
    // Retention: 7 days (seeded), and a second camera with 20: the longest, 20, decides.
    const other = await seedCamera(db.owner, ownerId, { wardId, label: 'long' });
    await db.owner.query(
      `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
       SELECT camera_id, 2, state, purposes, 20, sharing_mode, notice_version, notice_language, method, given_by, now() FROM camera_consents WHERE camera_id = $1`,
      [other],
    );
    const dayAgo = (n: number) => new Date(today.getTime() - n * DAY);
    const [free, held, withClip, within] = [dayAgo(40), dayAgo(39), dayAgo(38), dayAgo(15)];
    const eventOn = async (day: Date) => {
      await db.owner.query(`SELECT motion_events_add_day($1::date)`, [isoDay(day)]);
      const at = new Date(day.getTime() + 7_200_000);
      await index.apply(
        cameraId,
        0,
        planEventWrites(cameraId, 0, [motion(true, at), motion(false, new Date(at.getTime() + 3000))], at).writes,
      );
      return (await db.owner.query(`SELECT id FROM motion_events WHERE started_at = $1`, [at])).rows[0].id as string;
    };
    const freeEvent = await eventOn(free);
    await eventOn(held);
    const clipEvent = await eventOn(withClip);
    await eventOn(within);
    await db.owner.query(`INSERT INTO legal_holds (camera_id, "from", "until", kind, reason) VALUES ($1, $2, $3, 'manual', 'case 7')`, [
      cameraId,
      new Date(held.getTime() + 3_600_000),
      new Date(held.getTime() + 4 * 3_600_000),
    ]);
    // A lifted hold over the free day protects nothing.
    await db.owner.query(
      `INSERT INTO legal_holds (camera_id, "from", "until", kind, reason, lifted_at) VALUES ($1, $2, $3, 'manual', 'lifted', now())`,
      [cameraId, free, new Date(free.getTime() + DAY)],
    );
    await db.owner.query(
      `INSERT INTO clips (camera_id, motion_event_id, status, requested_from, requested_to, retain_until) VALUES ($1, $2, 'failed', now(), now(), now())`,
      [cameraId, clipEvent],
    );

    const result = await partitions.dropBehind(30);
    expect(result.dropped).toEqual([{ day: isoDay(free), rows: 1 }]);
    expect(result.kept).toEqual([
      { day: isoDay(held), reason: 'held' },
      { day: isoDay(withClip), reason: 'clips' },
    ]);
    expect(await exists(free)).toBe(false);
    for (const day of [held, withClip, within, today]) expect(await exists(day)).toBe(true);
    expect((await db.owner.query(`SELECT count(*)::int AS n FROM motion_event_keys WHERE event_id = $1`, [freeEvent])).rows[0].n).toBe(0);
    const audit = (await db.owner.query(`SELECT subject_id, details FROM audit_entries WHERE action = 'events.partition_dropped'`)).rows;
    expect(audit).toEqual([{ subject_id: partitionName(free), details: { day: isoDay(free), rows: 1, retentionDays: 20 } }]);
    // The rule holds in the database too: a day whose events have clips cannot be dropped.
    await expect(db.owner.query(`SELECT motion_events_drop_day($1::date)`, [isoDay(withClip)])).rejects.toThrow(/foreign key/);
  });

  it("the worker's open-motion queries read the partial index, and a time range prunes to its days", async () => {
    await db.owner.query(`ANALYZE motion_events`);
    const plan = async (sql: string, params: unknown[]) =>
      (await db.owner.query(`EXPLAIN (COSTS OFF) ${sql}`, params)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    await db.owner.query(`SET enable_seqscan = off`);
    const open = await plan(`SELECT id FROM motion_events WHERE camera_id = $1 AND kind = 'motion' AND ended_at IS NULL`, [cameraId]);
    // Each partition's copy of idx_motion_events_open (their names are PostgreSQL's own).
    const partial = new Set(
      (
        await db.owner.query(
          `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'idx_motion_events_open'::regclass`,
        )
      ).rows.map((r: { relname: string }) => r.relname),
    );
    const used = [...open.matchAll(/Index (?:Only )?Scan using (\S+) on/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !partial.has(name))).toEqual([]);
    expect(open).not.toMatch(/Seq Scan/);
    const ranged = await plan(`SELECT id FROM motion_events WHERE camera_id = $1 AND started_at >= $2 AND started_at < $3`, [
      cameraId,
      today,
      new Date(today.getTime() + DAY),
    ]);
    expect(ranged.match(/on motion_events_\w+/g)).toEqual([`on ${partitionName(today)}`]);
    await db.owner.query(`RESET enable_seqscan`);
  });
});

describe('migration: motion_events becomes partitioned, keeping its rows, keys and clips', () => {
  it('converts a table with rows (open, closed, with a clip) and reverts to it', async () => {
    const harness = await openMigrationHarness(new MotionEventsByDay1796166048725());
    const { db } = harness;
    try {
      await harness.run('down');
      const ownerId = (
        await db.owner.query(
          `INSERT INTO users (email, display_name, role, password_hash) VALUES ('m@x.vn', 'M', 'resident', 'x') RETURNING id`,
        )
      ).rows[0].id;
      const cameraId = await seedCamera(db.owner, ownerId, { wardId: await seedWard(db.owner, 'w2') });
      const t = Date.now();
      const insert = async (at: number, ended: boolean, key: string) =>
        (
          await db.owner.query(
            `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, clock_offset_ms, dedupe_key)
             VALUES ($1, 'motion', 't', 'Rule=R1', $2, $3, $2, 0, repeat($4, 40)) RETURNING id`,
            [cameraId, new Date(at), ended ? new Date(at + 1000) : null, key],
          )
        ).rows[0].id as string;
      const old = await insert(t - 100 * DAY, true, 'a');
      const yesterday = await insert(t - DAY, true, 'b');
      const open = await insert(t - 60_000, false, 'c');
      await db.owner.query(
        `INSERT INTO clips (camera_id, motion_event_id, status, requested_from, requested_to, retain_until) VALUES ($1, $2, 'failed', now(), now(), now())`,
        [cameraId, yesterday],
      );
      await harness.run('up');
      const rows = (await db.owner.query(`SELECT id, tableoid::regclass::text AS p FROM motion_events ORDER BY started_at`)).rows;
      expect(rows).toEqual([
        { id: old, p: 'motion_events_default' },
        { id: yesterday, p: partitionName(utcDay(new Date(t - DAY))) },
        { id: open, p: partitionName(utcDay(new Date(t - 60_000))) },
      ]);
      const keys = (
        await db.owner.query(`SELECT event_id, open_episode IS NOT NULL AS open FROM motion_event_keys ORDER BY event_started_at`)
      ).rows;
      expect(keys).toEqual([
        { event_id: old, open: false },
        { event_id: yesterday, open: false },
        { event_id: open, open: true },
      ]);
      const clip = (await db.owner.query(`SELECT motion_event_started_at FROM clips`)).rows[0];
      expect(clip.motion_event_started_at).toEqual(new Date(t - DAY));
      await expect(db.owner.query(`DELETE FROM motion_events WHERE id = $1`, [yesterday])).rejects.toThrow(/foreign key/);
      await harness.run('down');
      expect((await db.owner.query(`SELECT count(*)::int AS n FROM motion_events`)).rows[0].n).toBe(3);
      await harness.run('up');
    } finally {
      await harness.close();
    }
  });
});
