import { DataSource } from 'typeorm';
import { EventIndexRepository, planEventWrites } from '@wardwatch/events';
import type { CameraNotification } from '@wardwatch/onvif';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const motion = (isMotion: boolean, at: string, operation: CameraNotification['operation'] = 'Changed'): CameraNotification => ({
  topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
  cameraTime: new Date(at),
  operation,
  source: { Rule: 'R1' },
  data: { IsMotion: String(isMotion) },
});

describe('the event index in PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let index: EventIndexRepository;
  let cameraId: string;

  const events = async () =>
    (
      await db.owner.query(
        `SELECT kind, started_at, ended_at, camera_started_at, closed_by FROM motion_events WHERE camera_id = $1 ORDER BY started_at`,
        [cameraId],
      )
    ).rows as { kind: string; started_at: Date; ended_at: Date | null; camera_started_at: Date; closed_by: string | null }[];

  const ingest = (notifications: CameraNotification[], offsetMs = 0, receivedAt = new Date('2026-11-29T02:00:00Z')) =>
    index.apply(cameraId, offsetMs, planEventWrites(cameraId, offsetMs, notifications, receivedAt).writes);

  beforeEach(async () => {
    db = await createTestDatabase();
    // The smallest camera the foreign keys accept, written as the owner.
    const owner = (
      await db.owner.query(
        `INSERT INTO users (email, display_name, role, password_hash) VALUES ('o@x.vn', 'O', 'resident', 'x') RETURNING id`,
      )
    ).rows[0].id;
    const ward = (await db.owner.query(`INSERT INTO wards (code, name) VALUES ('w', 'W') RETURNING id`)).rows[0].id;
    cameraId = (
      await db.owner.query(
        `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path, credentials_sealed,
           device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, last_probed_at)
         VALUES ($1, 'c', $2, 's', '1', 10.79, 106.69, '127.0.0.1', 80, '/', 'x', '{}', 'p', 'rtsp://127.0.0.1/c', 'H264', 320, 240, 0, 'active', now())
         RETURNING id`,
        [owner, ward],
      )
    ).rows[0].id;
    dataSource = new DataSource({ type: 'postgres', url: db.appUrl });
    await dataSource.initialize();
    index = new EventIndexRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('a start and a stop make one event with server and camera times', async () => {
    const r = await ingest([motion(true, '2026-11-29T02:00:30.000Z'), motion(false, '2026-11-29T02:00:37.250Z')], 30_000);
    expect(r).toEqual({ opened: 1, closed: 1, points: 0, duplicates: 0, unmatchedStops: 0, rejected: [] });
    expect(await events()).toEqual([
      {
        kind: 'motion',
        started_at: new Date('2026-11-29T02:00:00.000Z'),
        ended_at: new Date('2026-11-29T02:00:07.250Z'),
        camera_started_at: new Date('2026-11-29T02:00:30.000Z'),
        closed_by: 'stop',
      },
    ]);
  });

  it('the same response pulled twice creates nothing new', async () => {
    const batch = [motion(true, '2026-11-29T02:00:00Z'), motion(false, '2026-11-29T02:00:05Z'), motion(true, '2026-11-29T02:00:09Z')];
    await ingest(batch);
    const again = await ingest(batch);
    expect(again).toMatchObject({ opened: 0, duplicates: 2 });
    expect((await events()).map((e) => [e.ended_at?.toISOString() ?? null])).toEqual([['2026-11-29T02:00:05.000Z'], [null]]);
  });

  it('a stop without its start changes nothing and is counted', async () => {
    expect(await ingest([motion(false, '2026-11-29T02:00:05Z')])).toMatchObject({ closed: 0, unmatchedStops: 1 });
    expect(await events()).toEqual([]);
  });

  it('after a re-subscription, the Initialized state closes motion that ended unseen, or opens motion that started unseen', async () => {
    await ingest([motion(true, '2026-11-29T02:00:00Z')]);
    await ingest([motion(false, '2026-11-29T02:05:00Z', 'Initialized')], 0, new Date('2026-11-29T02:05:01Z'));
    expect((await events())[0]).toMatchObject({ ended_at: new Date('2026-11-29T02:05:01Z'), closed_by: 'subscription_lost' });

    await ingest([motion(true, '2026-11-29T02:10:00Z', 'Initialized')], 0, new Date('2026-11-29T02:10:00.500Z'));
    await ingest([motion(true, '2026-11-29T02:10:00Z', 'Initialized')], 0, new Date('2026-11-29T02:10:00.500Z'));
    const all = await events();
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ started_at: new Date('2026-11-29T02:10:00.500Z'), ended_at: null });
  });

  it('an event left open past the maximum is closed at start + maximum', async () => {
    await ingest([motion(true, '2026-11-29T02:00:00Z')]);
    expect(await index.closeOverdue(60_000, new Date('2026-11-29T02:00:30Z'))).toBe(0);
    expect(await index.closeOverdue(60_000, new Date('2026-11-29T02:05:00Z'))).toBe(1);
    expect((await events())[0]).toMatchObject({ ended_at: new Date('2026-11-29T02:01:00Z'), closed_by: 'max_duration' });
  });

  it('a repeated start while motion is open is the same episode (later pulls or the same pull); only the stop ends it', async () => {
    expect(await ingest([motion(true, '2026-11-29T02:00:00Z')])).toMatchObject({ opened: 1 });
    // A camera that re-sends "motion" every few seconds and no stop: each start is part of the episode.
    for (const at of ['2026-11-29T02:00:05Z', '2026-11-29T02:00:10Z', '2026-11-29T02:00:15Z']) {
      expect(await ingest([motion(true, at)])).toMatchObject({ opened: 0, duplicates: 1 });
    }
    // A repeat and the stop in one pull: the stop closes the open episode, no second row.
    expect(await ingest([motion(true, '2026-11-29T02:00:20Z'), motion(false, '2026-11-29T02:00:21Z')])).toMatchObject({
      opened: 0,
      closed: 1,
      duplicates: 1,
    });
    expect((await events()).map((e) => [e.started_at.toISOString(), e.ended_at?.toISOString(), e.closed_by])).toEqual([
      ['2026-11-29T02:00:00.000Z', '2026-11-29T02:00:21.000Z', 'stop'],
    ]);
    // Once it is closed, the next start is a new episode.
    expect(await ingest([motion(true, '2026-11-29T02:01:00Z')])).toMatchObject({ opened: 1 });
    expect(await events()).toHaveLength(2);
  });

  it('motion that is re-started but never stopped is one event, closed at the maximum duration', async () => {
    for (let s = 0; s < 50; s += 2) await ingest([motion(true, new Date(Date.parse('2026-11-29T02:00:00Z') + s * 1000).toISOString())]);
    expect(await index.closeOverdue(60_000, new Date('2026-11-29T02:05:00Z'))).toBe(1);
    expect(await events()).toEqual([expect.objectContaining({ ended_at: new Date('2026-11-29T02:01:00Z'), closed_by: 'max_duration' })]);
  });

  it('analytics and unknown topics are kept as point events, idempotently', async () => {
    const field: CameraNotification = {
      topic: 'tns1:RuleEngine/FieldDetector/ObjectsInside',
      cameraTime: new Date('2026-11-29T02:00:00Z'),
      operation: 'Changed',
      source: {},
      data: { IsInside: 'true' },
    };
    const odd: CameraNotification = {
      topic: 'tns1:Device/Trigger/DigitalInput',
      cameraTime: new Date('2026-11-29T02:00:01Z'),
      operation: 'Changed',
      source: {},
      data: { LogicalState: 'true' },
    };
    expect(await ingest([field, odd])).toMatchObject({ points: 2 });
    expect(await ingest([field, odd])).toMatchObject({ points: 0, duplicates: 2 });
    expect((await events()).map((e) => e.kind)).toEqual(['analytics', 'other']);
  });

  it('a write PostgreSQL refuses is skipped and reported; the rest of the batch is written', async () => {
    const planned = planEventWrites(
      cameraId,
      0,
      [motion(true, '2026-11-29T02:00:00Z'), motion(false, '2026-11-29T02:00:05Z'), motion(true, '2026-11-29T02:00:09Z')],
      new Date('2026-11-29T02:00:10Z'),
    ).writes;
    // Past the planner's cleaning, as a future bug might let through: 300 characters into varchar(255).
    const refused = { ...planned[2], topic: `tns1:${'x'.repeat(300)}`, dedupeKey: 'f'.repeat(40) };
    const result = await index.apply(cameraId, 0, [planned[0], refused, planned[1], planned[2]]);
    expect(result).toMatchObject({
      opened: 2,
      closed: 1,
      rejected: [{ op: 'open', topic: refused.topic, error: expect.stringMatching(/too long/) }],
    });
    expect((await events()).map((e) => [e.started_at.toISOString(), e.ended_at?.toISOString() ?? null])).toEqual([
      ['2026-11-29T02:00:00.000Z', '2026-11-29T02:00:05.000Z'],
      ['2026-11-29T02:00:09.000Z', null],
    ]);
  });

  it('a start and its stop in one batch are one closed row; pulled again they change nothing', async () => {
    const batch = [
      motion(true, '2026-11-29T02:00:00.000Z'),
      motion(false, '2026-11-29T02:00:00.001Z'),
      motion(true, '2026-11-29T02:00:00.002Z'),
      motion(false, '2026-11-29T02:00:00.003Z'),
    ];
    expect(await ingest(batch)).toMatchObject({ opened: 2, closed: 2, duplicates: 0, unmatchedStops: 0 });
    expect(await ingest(batch)).toMatchObject({ opened: 0, closed: 0, duplicates: 2, unmatchedStops: 2 });
    expect((await events()).map((e) => [e.started_at.toISOString(), e.ended_at?.toISOString(), e.closed_by])).toEqual([
      ['2026-11-29T02:00:00.000Z', '2026-11-29T02:00:00.001Z', 'stop'],
      ['2026-11-29T02:00:00.002Z', '2026-11-29T02:00:00.003Z', 'stop'],
    ]);
  });
});
