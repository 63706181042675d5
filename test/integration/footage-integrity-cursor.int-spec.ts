import { SYSTEM_ACTOR } from '@wardwatch/audit';
import { FootageIntegrityService, type PacerClock } from '@wardwatch/footage';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness } from '../support/api-harness';
import { seedCamera, seedStoredClip, seedWard, type SeededClip } from '../support/seed-footage';

const READ_BYTES_PER_S = 4096;

/** The rolling integrity check: a cursor over stored clips, a cycle that wraps, a paced read rate. */
describe('integrity check with a cursor', () => {
  let h: ApiHarness;
  let integrity: FootageIntegrityService;
  let store: ObjectStore;
  let cameraId: string;
  let clips: SeededClip[];
  /** Fake time: moves only when the pacer sleeps, so pacing is measured, not waited for. */
  let now = 0;
  const clock: PacerClock = { now: () => now, sleep: (ms) => ((now += ms), Promise.resolve()) };
  /** Clip ids whose clip object a run read, in order; and every clip object key read. */
  let read: string[] = [];
  let readKeys: string[] = [];

  beforeAll(async () => {
    h = await startApi({ INTEGRITY_READ_BYTES_PER_S: String(READ_BYTES_PER_S), INTEGRITY_CYCLE_DAYS: '5', INTEGRITY_EVERY_S: '86400' });
    integrity = h.app.get(FootageIntegrityService);
    integrity.clock = clock;
    store = h.app.get(ObjectStore);
    const owner = await h.user('resident');
    cameraId = await seedCamera(h.db.owner, owner.id, { wardId: await seedWard(h.db.owner, 'cursor') });
    clips = [];
    for (let i = 0; i < 5; i++) {
      const from = new Date(Date.UTC(2026, 10, 3, 8, i));
      clips.push(await seedStoredClip(h.db.owner, store, cameraId, from, new Date(from.getTime() + 10_000)));
    }
    clips.sort((a, b) => (a.id < b.id ? -1 : 1)); // the cursor walks ids in order
    const get = store.get.bind(store);
    jest.spyOn(store, 'get').mockImplementation((key: string) => {
      const clip = clips.find((c) => c.objectKey === key);
      if (clip) read.push(clip.id);
      if (key.endsWith('.mp4')) readKeys.push(key);
      return get(key);
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await h.close();
  });
  beforeEach(() => {
    read = [];
    readKeys = [];
  });

  const auditedRuns = async () =>
    (
      await h.db.owner.query<{ details: Record<string, unknown> }>(
        `SELECT details FROM audit_entries WHERE action = 'footage.integrity_checked' ORDER BY seq`,
      )
    ).rows.map((r) => r.details);

  it('two runs with a small quota check different clips, then the cycle wraps around', async () => {
    const first = await integrity.verify(SYSTEM_ACTOR, 2);
    expect(read).toEqual([clips[0].id, clips[1].id]);
    expect(first.progress).toEqual(
      expect.objectContaining({ cycle: 1, position: clips[1].id, checkedInCycle: 2, cycleTotal: 5, remainingInCycle: 3 }),
    );
    expect(first.cycleCompleted).toBe(false);

    read = [];
    const second = await integrity.verify(SYSTEM_ACTOR, 2);
    expect(read).toEqual([clips[2].id, clips[3].id]);
    expect(second.progress).toEqual(expect.objectContaining({ cycle: 1, position: clips[3].id, checkedInCycle: 4, remainingInCycle: 1 }));

    read = [];
    const third = await integrity.verify(SYSTEM_ACTOR, 2);
    expect(read).toEqual([clips[4].id]); // the end of the cycle ends the run: no clip twice in one run
    expect(third.cycleCompleted).toBe(true);
    expect(third.progress).toEqual(expect.objectContaining({ cycle: 1, cycleStartedAt: null, position: null, checkedInCycle: 5 }));
    expect(third.progress.lastCycleFinishedAt).not.toBeNull();

    read = [];
    const fourth = await integrity.verify(SYSTEM_ACTOR, 2);
    expect(read).toEqual([clips[0].id, clips[1].id]);
    expect(fourth.progress).toEqual(expect.objectContaining({ cycle: 2, checkedInCycle: 2, cycleTotal: 5 }));

    // Each run's audit entry carries the progress figures.
    const runs = await auditedRuns();
    expect(runs.at(-1)).toEqual(
      expect.objectContaining({ checked: 2, cycle: 2, position: clips[1].id, checkedInCycle: 2, cycleTotal: 5, remainingInCycle: 3 }),
    );
    expect(runs.at(-2)).toEqual(expect.objectContaining({ checked: 1, cycleCompleted: true }));
    // What the API reads is the same.
    const admin = await h.user('admin');
    const api = await h.http().get('/footage/integrity-checks/progress').set('Authorization', `Bearer ${admin.token}`).expect(200);
    expect(api.body).toEqual(expect.objectContaining({ cycle: 2, position: clips[1].id, checkedInCycle: 2, cycleTotal: 5 }));
  });

  it('finds a tampered clip when the cursor reaches it, and not before', async () => {
    // The cursor stands after clips[1] (the last test); tamper with clips[3].
    const tampered = Buffer.from(clips[3].bytes);
    tampered[0] ^= 0xff;
    await store.put(clips[3].objectKey, tampered, tampered.length, 'video/mp4');

    const before = await integrity.verify(SYSTEM_ACTOR, 1);
    expect(read).toEqual([clips[2].id]);
    expect(before.mismatches).toEqual([]);

    const reached = await integrity.verify(SYSTEM_ACTOR, 1);
    expect(reached.mismatches).toEqual([expect.objectContaining({ clipId: clips[3].id, object: 'clip', problem: 'hash_differs' })]);
    await store.put(clips[3].objectKey, clips[3].bytes, clips[3].bytes.length, 'video/mp4');
  });

  it('a clip deleted ahead of the cursor is not met; one stored behind it waits for the next cycle', async () => {
    // The cursor stands after clips[3] in cycle 2; clips[4] goes, and a clip arrives with the smallest id.
    await h.db.owner.query(`DELETE FROM clips WHERE id = $1`, [clips[4].id]);
    const from = new Date(Date.UTC(2026, 10, 3, 9, 0));
    const late = await seedStoredClip(h.db.owner, store, cameraId, from, new Date(from.getTime() + 10_000));
    await h.db.owner.query(`UPDATE clips SET id = '00000000-0000-4000-8000-000000000000' WHERE id = $1`, [late.id]);
    expect((await integrity.progress()).remainingInCycle).toBe(0); // behind the cursor: not this cycle's

    const run = await integrity.verify(SYSTEM_ACTOR, 2);
    // Cycle 2 ends without meeting the deleted clip; the run goes on into cycle 3, which starts with the late clip.
    expect(run.cycleCompleted).toBe(true);
    expect(readKeys).toEqual([late.objectKey, clips[0].objectKey]);
    expect(run.mismatches).toEqual([]);
    expect(run.progress).toEqual(expect.objectContaining({ cycle: 3, checkedInCycle: 2, cycleTotal: 5, remainingInCycle: 3 }));
  });

  it('reads no faster than INTEGRITY_READ_BYTES_PER_S (the pacing, in fake time)', async () => {
    const startedAt = now;
    const run = await integrity.verify(SYSTEM_ACTOR, 3);
    const elapsedMs = now - startedAt;
    expect(run.bytesRead).toBeGreaterThan(READ_BYTES_PER_S); // enough to have to wait
    expect(run.readBytesPerSecond).toBe(READ_BYTES_PER_S);
    // The store answers at once in fake time: all of the run's time is the pacing, and it is exactly
    // what the bytes take at the bound (rounded up to whole milliseconds per object).
    expect(run.pausedMs).toBe(elapsedMs);
    expect(elapsedMs).toBeGreaterThanOrEqual((run.bytesRead * 1000) / READ_BYTES_PER_S);
    expect(elapsedMs).toBeLessThanOrEqual((run.bytesRead * 1000) / READ_BYTES_PER_S + 2 * run.checked);
  });

  it('a scheduled run takes its share of the cycle', async () => {
    // 5 days, one run a day: a fifth of the stored clips (at least one) per run.
    expect(integrity.quotaFor(5)).toBe(1);
    expect(integrity.quotaFor(1_000_000)).toBe(200_000);
    expect(integrity.quotaFor(2_000_000)).toBe(200_000); // INTEGRITY_MAX_PER_RUN caps it
    const scheduled = await integrity.verify(SYSTEM_ACTOR);
    expect(scheduled.checked).toBe(1);
    expect(scheduled.progress.quotaPerRun).toBe(1);
  });
});
