import { SYSTEM_ACTOR } from '@wardwatch/audit';
import { FootageRetentionService, LegalHoldService } from '@wardwatch/footage';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness } from '../support/api-harness';
import { seedCamera, seedStoredClip, seedWard, type SeededClip } from '../support/seed-footage';

/** Retention in batches: what goes, what stays, what each batch audits, and the outbox. */
describe('clip retention in batches', () => {
  let h: ApiHarness;
  let retention: FootageRetentionService;
  let holds: LegalHoldService;
  let store: ObjectStore;
  let ownerId: string;
  let wardId: string;
  let minute = 0;

  beforeAll(async () => {
    h = await startApi();
    retention = h.app.get(FootageRetentionService);
    holds = h.app.get(LegalHoldService);
    store = h.app.get(ObjectStore);
    ownerId = (await h.user('resident')).id;
    wardId = await seedWard(h.db.owner, 'batches');
  });
  afterAll(() => h.close());
  afterEach(() => jest.restoreAllMocks());

  async function clip(cameraId: string, expired: boolean): Promise<SeededClip> {
    const from = new Date(Date.UTC(2026, 10, 2, 8, minute++));
    const c = await seedStoredClip(h.db.owner, store, cameraId, from, new Date(from.getTime() + 20_000));
    const until = expired ? `now() - interval '1 minute'` : `now() + interval '7 days'`;
    await h.db.owner.query(`UPDATE clips SET retain_until = ${until} WHERE id = $1`, [c.id]);
    return c;
  }

  async function holdOn(cameraId: string, c: SeededClip): Promise<void> {
    const { rows } = await h.db.owner.query<{ from: Date; until: Date }>(
      `SELECT started_at AS "from", ended_at AS "until" FROM clips WHERE id = $1`,
      [c.id],
    );
    await holds.place({ cameraId, ...rows[0], kind: 'manual', reason: 'test: kept' }, SYSTEM_ACTOR);
  }

  const exists = async (c: SeededClip) => ((await h.db.owner.query(`SELECT 1 FROM clips WHERE id = $1`, [c.id])).rowCount ?? 0) > 0;
  const objects = async (c: SeededClip) =>
    [await store.stat(c.objectKey), await store.stat(c.thumbnailKey)].filter((o) => o !== null).length;
  const deletedAudits = async (cameraId: string) =>
    (
      await h.db.owner.query<{ subject_id: string; reason: string }>(
        `SELECT subject_id, details->>'reason' AS reason FROM audit_entries WHERE action = 'clip.deleted' AND camera_id = $1 ORDER BY seq`,
        [cameraId],
      )
    ).rows;

  it('deletes every expired clip, rows and objects, batch after batch, and keeps held and unexpired ones', async () => {
    const cameraId = await seedCamera(h.db.owner, ownerId, { wardId });
    const expired = [];
    for (let i = 0; i < 7; i++) expired.push(await clip(cameraId, true));
    const held = [await clip(cameraId, true), await clip(cameraId, true)];
    for (const c of held) await holdOn(cameraId, c);
    const current = await clip(cameraId, false);

    const pass = await retention.enforce({ batch: 3 });

    expect(pass).toEqual(expect.objectContaining({ deleted: 7, batches: 3, objectsRemoved: 14, objectsQueued: 0, more: false }));
    for (const c of expired) {
      expect(await exists(c)).toBe(false);
      expect(await objects(c)).toBe(0);
    }
    for (const c of [...held, current]) {
      expect(await exists(c)).toBe(true);
      expect(await objects(c)).toBe(2);
    }
    const audits = await deletedAudits(cameraId);
    expect(audits.map((a) => a.subject_id).sort()).toEqual(expired.map((c) => c.id).sort());
    expect(audits.every((a) => a.reason === 'retention')).toBe(true);
    expect((await h.db.owner.query(`SELECT 1 FROM footage_object_deletions`)).rowCount).toBe(0);
  });

  it('a pass whose budget runs out with clips left says so after one batch (the schedule runs the next at once)', async () => {
    const cameraId = await seedCamera(h.db.owner, ownerId, { wardId });
    for (let i = 0; i < 5; i++) await clip(cameraId, true);
    const first = await retention.enforce({ batch: 2, budgetMs: 0 });
    expect(first).toEqual(expect.objectContaining({ deleted: 2, batches: 1, more: true }));
    const rest = await retention.enforce({ batch: 10 });
    expect(rest).toEqual(expect.objectContaining({ deleted: 3, more: false }));
  });

  it('a hold placed while a batch waits for the lock keeps its clip; the rest of the batch goes', async () => {
    const cameraId = await seedCamera(h.db.owner, ownerId, { wardId });
    const [a, b, c] = [await clip(cameraId, true), await clip(cameraId, true), await clip(cameraId, true)];
    const { rows } = await h.db.owner.query<{ from: Date; until: Date }>(
      `SELECT started_at AS "from", ended_at AS "until" FROM clips WHERE id = $1`,
      [b.id],
    );
    // The batch is chosen before the hold exists; the hold commits before the batch deletes.
    const chosen = retention['clips'].deletableIds.bind(retention['clips']);
    jest.spyOn(retention['clips'], 'deletableIds').mockImplementationOnce(async (limit: number) => {
      const ids = await chosen(limit);
      await holds.place({ cameraId, ...rows[0], kind: 'preservation', reason: 'test: filed meanwhile' }, SYSTEM_ACTOR);
      return ids;
    });

    const pass = await retention.enforce({ batch: 10 });

    expect(pass.deleted).toBe(2);
    expect(await exists(b)).toBe(true);
    expect(await objects(b)).toBe(2);
    for (const gone of [a, c]) {
      expect(await exists(gone)).toBe(false);
      expect(await objects(gone)).toBe(0);
    }
    expect((await deletedAudits(cameraId)).map((r) => r.subject_id).sort()).toEqual([a.id, c.id].sort());
  });

  it('objects the store refused stay queued and go on the next pass', async () => {
    const cameraId = await seedCamera(h.db.owner, ownerId, { wardId });
    const [a, b] = [await clip(cameraId, true), await clip(cameraId, true)];
    const removeMany = store.removeMany.bind(store);
    jest.spyOn(store, 'removeMany').mockImplementation(async (keys: string[]) => {
      const refused = keys.filter((k) => k === a.objectKey);
      const done = await removeMany(keys.filter((k) => k !== a.objectKey));
      return { removed: done.removed, failed: [...done.failed, ...refused.map((key) => ({ key, error: 'AccessDenied (test)' }))] };
    });
    const first = await retention.enforce();
    expect(first).toEqual(expect.objectContaining({ deleted: 2, objectsRemoved: 3, objectsQueued: 1 }));
    expect(await store.stat(a.objectKey)).not.toBeNull();
    expect(await objects(b)).toBe(0);
    expect((await h.db.owner.query(`SELECT object_key FROM footage_object_deletions`)).rows).toEqual([{ object_key: a.objectKey }]);
    jest.restoreAllMocks();

    const second = await retention.enforce();
    expect(second).toEqual(expect.objectContaining({ deleted: 0, objectsRemoved: 1, objectsQueued: 0 }));
    expect(await store.stat(a.objectKey)).toBeNull();
    expect((await h.db.owner.query(`SELECT 1 FROM footage_object_deletions`)).rowCount).toBe(0);
  });

  it('withdrawal purges a camera in batches, and retention deletes clips of a camera without clip consent', async () => {
    const withdrawn = await seedCamera(h.db.owner, ownerId, { wardId });
    const clips = [];
    for (let i = 0; i < 5; i++) clips.push(await clip(withdrawn, false));
    await holdOn(withdrawn, clips[4]);
    const purge = await retention.purgeCamera(withdrawn, { batch: 2 });
    expect(purge).toEqual(expect.objectContaining({ deleted: 4, batches: 2 }));
    expect(await exists(clips[4])).toBe(true);
    expect((await deletedAudits(withdrawn)).every((a) => a.reason === 'consent_withdrawn')).toBe(true);

    const unconsented = await seedCamera(h.db.owner, ownerId, { wardId, purposes: ['event_metadata'] });
    const [x, y] = [await clip(unconsented, false), await clip(unconsented, false)];
    const pass = await retention.enforce({ batch: 1 });
    expect(pass.deleted).toBe(2);
    for (const c of [x, y]) expect(await exists(c)).toBe(false);
    expect((await deletedAudits(unconsented)).map((a) => a.reason)).toEqual(['consent_withdrawn', 'consent_withdrawn']);
    expect(await exists(clips[4])).toBe(true); // the held clip of the withdrawn camera is still kept
  });
});
