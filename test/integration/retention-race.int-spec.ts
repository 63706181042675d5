import { SYSTEM_ACTOR } from '@wardwatch/audit';
import { FootageRetentionService, LegalHoldService } from '@wardwatch/footage';
import { ObjectStore } from '@wardwatch/storage';
import { DataSource } from 'typeorm';
import { startApi, type ApiHarness } from '../support/api-harness';
import { seedCamera, seedStoredClip, seedWard, type SeededClip } from '../support/seed-footage';
import { sleep } from '../support/waiting';

/**
 * Retention against hold placement, interleaved on purpose. The invariant an officer relies on:
 * a clip row that still exists has its footage; a hold placed before retention decided keeps both.
 */
describe('retention and legal holds race', () => {
  let h: ApiHarness;
  let retention: FootageRetentionService;
  let holds: LegalHoldService;
  let store: ObjectStore;
  let cameraId: string;

  beforeAll(async () => {
    h = await startApi();
    retention = h.app.get(FootageRetentionService);
    holds = h.app.get(LegalHoldService);
    store = h.app.get(ObjectStore);
    const owner = await h.user('resident');
    cameraId = await seedCamera(h.db.owner, owner.id, { wardId: await seedWard(h.db.owner, 'race') });
  });
  afterAll(() => h.close());
  afterEach(() => jest.restoreAllMocks());

  /** A stored clip whose retention ran out a minute ago. */
  async function expiredClip(minute: number): Promise<SeededClip> {
    const from = new Date(Date.UTC(2026, 10, 1, 8, minute));
    const clip = await seedStoredClip(h.db.owner, store, cameraId, from, new Date(from.getTime() + 20_000));
    await h.db.owner.query(`UPDATE clips SET retain_until = now() - interval '1 minute' WHERE id = $1`, [clip.id]);
    return clip;
  }

  /** The clip's own window (read up front: the row may be gone when the hold is placed). */
  const windowOf = async (clip: SeededClip) =>
    (
      await h.db.owner.query<{ from: Date; until: Date }>(`SELECT started_at AS "from", ended_at AS "until" FROM clips WHERE id = $1`, [
        clip.id,
      ])
    ).rows[0];

  const rowExists = async (clip: SeededClip) =>
    ((await h.db.owner.query(`SELECT 1 FROM clips WHERE id = $1`, [clip.id])).rowCount ?? 0) > 0;

  it('a hold placed while retention is deleting never leaves a row that points at deleted footage', async () => {
    const clip = await expiredClip(0);
    const window = await windowOf(clip);
    // The hook: the moment retention first touches the store, an officer's request places a hold.
    const removeMany = store.removeMany.bind(store);
    let placed: Promise<unknown> | undefined;
    jest.spyOn(store, 'removeMany').mockImplementation(async (keys: string[]) => {
      placed ??= holds.place({ cameraId, ...window, kind: 'manual', reason: 'test: filed while retention ran' }, SYSTEM_ACTOR);
      await placed;
      return removeMany(keys);
    });

    await retention.enforce();
    await placed;

    const exists = await rowExists(clip);
    const objects = [await store.stat(clip.objectKey), await store.stat(clip.thumbnailKey)];
    // Either the clip is gone entirely (retention decided first) or it is whole; never a held row without footage.
    if (exists) expect(objects.every((o) => o !== null)).toBe(true);
    else expect(objects).toEqual([null, null]);
    expect(exists).toBe(false); // here retention decided first: the hold came after the delete committed
    const { rows } = await h.db.owner.query<{ action: string }>(
      `SELECT action FROM audit_entries WHERE action IN ('clip.deleted', 'hold.placed') AND camera_id = $1 ORDER BY seq`,
      [cameraId],
    );
    expect(rows.map((r) => r.action)).toEqual(['clip.deleted', 'hold.placed']);
  });

  it('a hold placed first, in a transaction still open when retention runs, wins', async () => {
    const clip = await expiredClip(5);
    const window = await windowOf(clip);
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    let holdPlaced!: () => void;
    const holdInserted = new Promise<void>((r) => (holdPlaced = r));
    // A footage request being filed: the hold is in, the transaction not yet committed.
    const filing = h.app.get(DataSource).transaction('READ COMMITTED', async (m) => {
      await holds.place({ cameraId, ...window, kind: 'preservation', reason: 'test: filing in progress' }, SYSTEM_ACTOR, m);
      holdPlaced();
      await committed;
    });
    await holdInserted;

    let finished = false;
    const pass = retention.enforce().then((n) => ((finished = true), n));
    await sleep(500);
    expect(finished).toBe(false); // retention waits for the filing to commit or roll back
    commit();
    await filing;
    expect((await pass).deleted).toBe(0);

    expect(await rowExists(clip)).toBe(true);
    expect(await store.stat(clip.objectKey)).not.toBeNull();
    expect(await store.stat(clip.thumbnailKey)).not.toBeNull();
  });

  it('in a batch: a hold placed first, still open when the batch deletes, keeps its clip and only its clip', async () => {
    const batch = [await expiredClip(20), await expiredClip(21), await expiredClip(22)];
    const window = await windowOf(batch[1]);
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    let holdPlaced!: () => void;
    const holdInserted = new Promise<void>((r) => (holdPlaced = r));
    const filing = h.app.get(DataSource).transaction('READ COMMITTED', async (m) => {
      await holds.place({ cameraId, ...window, kind: 'preservation', reason: 'test: filing in progress' }, SYSTEM_ACTOR, m);
      holdPlaced();
      await committed;
    });
    await holdInserted;

    // The batch is chosen while the hold is not yet visible: all three are candidates.
    const pass = retention.enforce({ batch: 10 });
    await sleep(300);
    commit();
    await filing;
    expect((await pass).deleted).toBe(2);

    expect(await rowExists(batch[1])).toBe(true);
    expect(await store.stat(batch[1].objectKey)).not.toBeNull();
    for (const gone of [batch[0], batch[2]]) {
      expect(await rowExists(gone)).toBe(false);
      expect(await store.stat(gone.objectKey)).toBeNull();
    }
  });

  it('objects whose removal failed after the row was deleted are removed on the next pass', async () => {
    const clip = await expiredClip(10);
    jest.spyOn(store, 'removeMany').mockRejectedValue(new Error('store unavailable (test)'));
    expect((await retention.enforce()).deleted).toBe(1);
    expect(await rowExists(clip)).toBe(false);
    expect(await store.stat(clip.objectKey)).not.toBeNull();
    jest.restoreAllMocks();

    await retention.enforce();
    expect(await store.stat(clip.objectKey)).toBeNull();
    expect(await store.stat(clip.thumbnailKey)).toBeNull();
    expect((await h.db.owner.query(`SELECT 1 FROM footage_object_deletions`)).rowCount).toBe(0);
  });
});
