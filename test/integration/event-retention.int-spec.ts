import { createHash, randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '@wardwatch/audit';
import { Queue, type Job } from 'bullmq';
import { EventRetentionService, FootageIntegrityService, FootageRetentionService, LegalHoldService } from '@wardwatch/footage';
import { QUEUES } from '@wardwatch/queue';
import { ObjectStore } from '@wardwatch/storage';
import { FootageProcessor } from '../../libs/footage/src/footage.processor';
import { DataSource } from 'typeorm';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL } from '../support/fixtures';
import { seedCamera, seedStoredClip, seedWard } from '../support/seed-footage';
import { sleep } from '../support/waiting';
import { workerConfig } from '../support/test-environment';

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY);

/**
 * Each retention rule the consent notice promises, on the real database and store: events, gaps,
 * subscription records and clips expire after the consented days, withdrawal purges them at once,
 * holds protect them, shortening applies to what is stored and lengthening brings nothing back.
 */
describe('retention of events, gaps, subscription records and clips', () => {
  let h: ApiHarness;
  let events: EventRetentionService;
  let clips: FootageRetentionService;
  let holds: LegalHoldService;
  let store: ObjectStore;
  let processor: FootageProcessor;
  let queue: Queue;
  let owner: TestUser;
  let ward: string;

  beforeAll(async () => {
    h = await startApi();
    events = h.app.get(EventRetentionService);
    clips = h.app.get(FootageRetentionService);
    holds = h.app.get(LegalHoldService);
    store = h.app.get(ObjectStore);
    // The worker's footage job handler, over the same services (the API app has no worker queues).
    // A pass that leaves a backlog queues the next one on this queue (the test's own prefix).
    const config = workerConfig({ DATABASE_URL: h.db.appUrl });
    queue = new Queue(QUEUES.footage, { connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX });
    processor = new FootageProcessor(clips, h.app.get(FootageIntegrityService), config, queue, events);
    owner = await h.user('resident');
    ward = await seedWard(h.db.owner, 'retention');
  });
  afterAll(async () => {
    await queue.close();
    await h.close();
  });

  const run = (name: 'footage.retention' | 'footage.purge-camera', data: object) => processor.process({ name, data } as Job as never);
  /** The worker's scheduled retention job (clips first, then events, gaps and subscription records). */
  const pass = () => run('footage.retention', { requestedBy: 'schedule' });

  async function seedEvent(cameraId: string, from: Date, to: Date | null): Promise<string> {
    return (
      await h.db.owner.query(
        `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, camera_ended_at, clock_offset_ms, dedupe_key)
         VALUES ($1, 'motion', 'tns1:VideoSource/MotionAlarm', 'VideoSourceToken', $2, $3, $2, $3, 0, $4) RETURNING id`,
        [cameraId, from, to, createHash('sha1').update(randomUUID()).digest('hex')],
      )
    ).rows[0].id as string;
  }
  async function seedGap(cameraId: string, from: Date, to: Date | null): Promise<void> {
    await h.db.owner.query(`INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at) VALUES ($1, 'offline', $2, $3)`, [
      cameraId,
      from,
      to,
    ]);
  }
  async function seedSubscription(cameraId: string, terminatesAt: Date): Promise<void> {
    await h.db.owner.query(
      `INSERT INTO camera_subscriptions (camera_id, address, reference_parameters, camera_terminates_at, terminates_at, worker_id, created_at)
       VALUES ($1, 'http://127.0.0.1/sub', '', $2, $2, 'w-1', $2)`,
      [cameraId, terminatesAt],
    );
  }
  const count = async (table: string, cameraId: string) =>
    Number((await h.db.owner.query(`SELECT count(*) AS n FROM ${table} WHERE camera_id = $1`, [cameraId])).rows[0].n);
  const counts = async (cameraId: string) => ({
    events: await count('motion_events', cameraId),
    gaps: await count('camera_gaps', cameraId),
    subscriptions: await count('camera_subscriptions', cameraId),
    clips: await count('clips', cameraId),
  });
  const as = (path: string) => ({
    put: (body: object) => h.http().put(path).set('Authorization', `Bearer ${owner.token}`).send(body),
    post: () => h.http().post(path).set('Authorization', `Bearer ${owner.token}`),
  });
  const hold = (cameraId: string, from: Date, until: Date) =>
    holds.place({ cameraId, from, until, kind: 'manual', reason: 'test: an investigation needs it' }, SYSTEM_ACTOR);

  it('a pass that leaves a backlog queues the next pass at once, once even if the job is retried', async () => {
    // Clip retention that stopped at its budget with clips left (as at a city's volume).
    const backlog = { enforce: () => Promise.resolve({ deleted: 500, more: true }) } as unknown as FootageRetentionService;
    const config = workerConfig({ DATABASE_URL: h.db.appUrl });
    const chained = new FootageProcessor(backlog, h.app.get(FootageIntegrityService), config, queue, events);
    const job = { id: 'repeat:footage-retention:1764633600000', name: 'footage.retention', data: { requestedBy: 'schedule' } };
    await chained.process(job as Job as never);
    await chained.process(job as Job as never); // BullMQ retries a failed attempt with the same job
    const waiting = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    const next = waiting.filter((j) => j.name === 'footage.retention');
    expect(next).toHaveLength(1);
    expect(next[0].id).toMatch(/^retention-after-[0-9a-f]{16}$/);
    await queue.obliterate({ force: true });
  });

  it('events, closed gaps and terminated subscription records past the 7 days expire; recent and open ones stay; the pass is audited per camera', async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    await seedEvent(cam, daysAgo(9), daysAgo(8.9));
    await seedEvent(cam, daysAgo(2), daysAgo(1.9));
    await seedEvent(cam, daysAgo(10), null); // still open: being observed
    await seedGap(cam, daysAgo(9), daysAgo(8.5));
    await seedGap(cam, daysAgo(12), null); // an outage going on
    await seedGap(cam, daysAgo(1), daysAgo(0.5));
    await seedSubscription(cam, daysAgo(8));

    await pass();

    expect(await counts(cam)).toEqual({ events: 2, gaps: 2, subscriptions: 0, clips: 0 });
    const open = await h.db.owner.query(`SELECT 1 FROM motion_events WHERE camera_id = $1 AND ended_at IS NULL`, [cam]);
    expect(open.rowCount).toBe(1);
    const audit = await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'events.deleted' AND camera_id = $1`, [cam]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].details).toMatchObject({ reason: 'retention', events: 1, gaps: 1, subscriptions: 1 });
    expect(new Date(audit.rows[0].details.cutoff).getTime()).toBeCloseTo(daysAgo(7).getTime(), -5);
  });

  it('a live subscription record stays, even past retention of its creation: the worker needs it to unsubscribe', async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    await seedSubscription(cam, new Date(Date.now() + 600_000));
    await pass();
    expect(await count('camera_subscriptions', cam)).toBe(1);
  });

  it('a hold protects expired events and gaps in its window, and an event whose clip is held stays with its clip', async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    await seedEvent(cam, daysAgo(9), daysAgo(8.9));
    await seedGap(cam, daysAgo(9), daysAgo(8.8));
    await seedEvent(cam, daysAgo(20), daysAgo(19.9)); // outside the hold: goes
    const clip = await seedStoredClip(h.db.owner, store, cam, daysAgo(30), new Date(daysAgo(30).getTime() + 20_000));
    await h.db.owner.query(`UPDATE clips SET retain_until = now() - interval '1 day' WHERE id = $1`, [clip.id]);
    await hold(cam, daysAgo(9.5), daysAgo(8));
    await hold(cam, daysAgo(30.1), daysAgo(29.9));

    await pass();

    // The held window's event and gap, the held clip and its event.
    expect(await counts(cam)).toEqual({ events: 2, gaps: 1, subscriptions: 0, clips: 1 });
    expect(await store.stat(clip.objectKey)).not.toBeNull();
  });

  it('an expired event with an expired, unheld clip goes with it in one pass (clips first)', async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    const clip = await seedStoredClip(h.db.owner, store, cam, daysAgo(10), new Date(daysAgo(10).getTime() + 20_000));
    await pass();
    expect(await counts(cam)).toEqual({ events: 0, gaps: 0, subscriptions: 0, clips: 0 });
    expect(await store.stat(clip.objectKey)).toBeNull();
  });

  it("withdrawal purges the camera's events, gaps (open ones too), ended subscription records and clips at once, except what a hold covers", async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    await seedEvent(cam, daysAgo(1), daysAgo(0.9));
    await seedEvent(cam, daysAgo(0.1), null);
    await seedGap(cam, daysAgo(0.5), null);
    await seedSubscription(cam, new Date(Date.now() - 60_000));
    const kept = await seedStoredClip(h.db.owner, store, cam, daysAgo(2), new Date(daysAgo(2).getTime() + 20_000));
    const gone = await seedStoredClip(h.db.owner, store, cam, daysAgo(0.2), new Date(daysAgo(0.2).getTime() + 20_000));
    await hold(cam, daysAgo(2.1), daysAgo(1.9));

    // A pause does not purge.
    expect((await as(`/cameras/${cam}/consent/pause`).post()).status).toBe(200);
    await pass();
    expect(await counts(cam)).toEqual({ events: 4, gaps: 1, subscriptions: 1, clips: 2 });

    expect((await as(`/cameras/${cam}/consent/withdraw`).post()).status).toBe(200);
    // What the worker's footage.purge-camera job runs on the withdrawal signal.
    await run('footage.purge-camera', { cameraId: cam, consentVersion: 3 });

    expect(await counts(cam)).toEqual({ events: 1, gaps: 0, subscriptions: 0, clips: 1 });
    expect(await store.stat(gone.objectKey)).toBeNull();
    expect(await store.stat(kept.objectKey)).not.toBeNull();
  });

  it('shortening retention deletes already-stored clips and events on the next pass; lengthening brings nothing back and extends no stored clip', async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    await seedEvent(cam, daysAgo(4), daysAgo(3.9));
    await seedGap(cam, daysAgo(4), daysAgo(3.5));
    const old = await seedStoredClip(h.db.owner, store, cam, daysAgo(5), new Date(daysAgo(5).getTime() + 20_000));
    const recent = await seedStoredClip(h.db.owner, store, cam, daysAgo(1), new Date(daysAgo(1).getTime() + 20_000));
    await pass();
    expect(await counts(cam)).toEqual({ events: 3, gaps: 1, subscriptions: 0, clips: 2 });

    const shortened = await as(`/cameras/${cam}/consent`).put({ ...CONSENT_ALL, retentionDays: 3 });
    expect(shortened.status).toBe(200);
    await pass();
    expect(await counts(cam)).toEqual({ events: 1, gaps: 0, subscriptions: 0, clips: 1 });
    expect(await store.stat(old.objectKey)).toBeNull();
    const deadline = async () =>
      ((await h.db.owner.query(`SELECT retain_until FROM clips WHERE id = $1`, [recent.id])).rows[0].retain_until as Date).getTime();
    const shortDeadline = await deadline();
    expect(shortDeadline).toBeCloseTo(daysAgo(1).getTime() + 20_000 + 3 * DAY, -4);

    const lengthened = await as(`/cameras/${cam}/consent`).put({ ...CONSENT_ALL, retentionDays: 30 });
    expect(lengthened.status).toBe(200);
    await pass();
    expect(await counts(cam)).toEqual({ events: 1, gaps: 0, subscriptions: 0, clips: 1 });
    expect(await deadline()).toBe(shortDeadline);
  });

  it('a consent that no longer names event_metadata keeps no events or gaps (except held ones) from the next pass', async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    await seedEvent(cam, daysAgo(1), daysAgo(0.9));
    await seedEvent(cam, daysAgo(0.5), null);
    await seedGap(cam, daysAgo(0.4), daysAgo(0.3));
    const held = await seedEvent(cam, daysAgo(2), daysAgo(1.9));
    await hold(cam, daysAgo(2.1), daysAgo(1.8));
    await pass();
    expect(await counts(cam)).toMatchObject({ events: 3, gaps: 1 });

    const narrowed = await as(`/cameras/${cam}/consent`).put({ ...CONSENT_ALL, purposes: [] });
    expect(narrowed.status).toBe(200);
    await pass();
    expect(await counts(cam)).toMatchObject({ events: 1, gaps: 0 });
    expect((await h.db.owner.query(`SELECT id FROM motion_events WHERE camera_id = $1`, [cam])).rows).toEqual([{ id: held }]);
    const audited = await h.db.owner.query(
      `SELECT details FROM audit_entries WHERE action = 'events.deleted' AND camera_id = $1 ORDER BY seq DESC LIMIT 1`,
      [cam],
    );
    expect(audited.rows[0].details).toMatchObject({ reason: 'event_metadata_not_consented', cutoff: null, events: 2, gaps: 1 });
  });

  it('deletes in bounded batches until nothing expired is left, one audit entry per camera and batch', async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    for (let i = 0; i < 12; i++) await seedEvent(cam, daysAgo(9 + i / 100), daysAgo(8.9));
    expect(await events.enforce(5)).toBeGreaterThanOrEqual(12);
    expect(await count('motion_events', cam)).toBe(0);
    const audit = await h.db.owner.query<{ n: number }>(
      `SELECT (details->>'events')::int AS n FROM audit_entries WHERE action = 'events.deleted' AND camera_id = $1 ORDER BY seq`,
      [cam],
    );
    expect(audit.rows.map((r) => r.n)).toEqual([5, 5, 2]);
  });

  it('a hold being placed (its transaction still open) when the pass runs wins: the pass waits, then keeps what it covers', async () => {
    const cam = await seedCamera(h.db.owner, owner.id, { wardId: ward });
    await seedEvent(cam, daysAgo(9), daysAgo(8.9));
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    let placed!: () => void;
    const holdInserted = new Promise<void>((r) => (placed = r));
    const filing = h.app.get(DataSource).transaction('READ COMMITTED', async (m) => {
      await holds.place(
        { cameraId: cam, from: daysAgo(10), until: daysAgo(8), kind: 'preservation', reason: 'test: filing' },
        SYSTEM_ACTOR,
        m,
      );
      placed();
      await committed;
    });
    await holdInserted;
    let finished = false;
    const running = events.purgeCamera(cam).then((c) => ((finished = true), c));
    await sleep(300);
    expect(finished).toBe(false);
    commit();
    await filing;
    expect(await running).toEqual({ events: 0, gaps: 0, subscriptions: 0 });
    expect(await count('motion_events', cam)).toBe(1);
  });
});
