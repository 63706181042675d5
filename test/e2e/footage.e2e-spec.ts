import { createHash } from 'node:crypto';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness } from '../support/api-harness';
import { seedCamera, seedStoredClip, seedWard } from '../support/seed-footage';

describe('footage: integrity checks, and residents playing their own clips', () => {
  let h: ApiHarness;
  let store: ObjectStore;

  beforeAll(async () => {
    h = await startApi();
    store = h.app.get(ObjectStore);
  });
  afterAll(() => h.close());

  it('passes untouched footage, names a changed clip and a missing thumbnail, and audits each', async () => {
    const resident = await h.user('resident');
    const admin = await h.user('admin');
    const wardId = await seedWard(h.db.owner, 'integrity-ward');
    const cameraId = await seedCamera(h.db.owner, resident.id, { wardId });
    const t = Date.now() - 3_600_000;
    const good = await seedStoredClip(h.db.owner, store, cameraId, new Date(t), new Date(t + 10_000));
    const changed = await seedStoredClip(h.db.owner, store, cameraId, new Date(t + 60_000), new Date(t + 70_000));
    const thumbless = await seedStoredClip(h.db.owner, store, cameraId, new Date(t + 120_000), new Date(t + 130_000));

    const clean = await h.http().post('/footage/integrity-checks').set('Authorization', `Bearer ${admin.token}`).send({}).expect(200);
    expect(clean.body).toEqual(expect.objectContaining({ checked: 3, ok: 3, mismatches: [] }));

    // One flipped byte in a stored clip, and a thumbnail gone from the store.
    const tampered = Buffer.from(changed.bytes);
    tampered[tampered.length - 1] ^= 0xff;
    await store.put(changed.objectKey, tampered, tampered.length, 'video/mp4');
    await store.remove(thumbless.thumbnailKey);

    const res = await h.http().post('/footage/integrity-checks').set('Authorization', `Bearer ${admin.token}`).send({}).expect(200);
    const body = res.body as { checked: number; ok: number; mismatches: { clipId: string; object: string; problem: string }[] };
    expect(body.checked).toBe(3);
    expect(body.ok).toBe(1);
    expect(body.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clipId: changed.id, object: 'clip', problem: 'hash_differs' }),
        expect.objectContaining({ clipId: thumbless.id, object: 'thumbnail', problem: 'missing' }),
      ]),
    );
    expect(body.mismatches).toHaveLength(2);
    expect(body.mismatches.map((m) => m.clipId)).not.toContain(good.id);

    const audited = (
      await h.db.owner.query(`SELECT subject_id, camera_id FROM audit_entries WHERE action = 'clip.integrity_failed' ORDER BY seq`)
    ).rows as { subject_id: string; camera_id: string }[];
    expect(audited.map((a) => a.subject_id).sort()).toEqual([changed.id, thumbless.id].sort());
    expect(audited.every((a) => a.camera_id === cameraId)).toBe(true);
    const runs = await h.db.owner.query(`SELECT 1 FROM audit_entries WHERE action = 'footage.integrity_checked'`);
    expect(runs.rowCount).toBe(2);
  });

  it('refuses a malformed limit', async () => {
    const admin = await h.user('admin');
    await h.http().post('/footage/integrity-checks').set('Authorization', `Bearer ${admin.token}`).send({ limit: 0 }).expect(400);
  });

  it('lets the owner, and only the owner, list and play their camera’s clips, each link audited', async () => {
    const owner = await h.user('resident');
    const neighbour = await h.user('resident');
    const admin = await h.user('admin');
    const officer = await h.user('officer');
    const wardId = await seedWard(h.db.owner, 'owner-clips-ward');
    const cameraId = await seedCamera(h.db.owner, owner.id, { wardId });
    const t = Date.now() - 7_200_000;
    const clip = await seedStoredClip(h.db.owner, store, cameraId, new Date(t), new Date(t + 10_000));

    const list = await h.http().get(`/cameras/${cameraId}/clips`).set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(list.body).toEqual({ items: [expect.objectContaining({ id: clip.id, status: 'stored', onHold: false })], next: null });
    expect(JSON.stringify(list.body)).not.toContain(clip.objectKey);

    const link = await h
      .http()
      .post(`/cameras/${cameraId}/clips/${clip.id}/links`)
      .set('Authorization', `Bearer ${owner.token}`)
      .send({ asset: 'clip' })
      .expect(200);
    const fetched = Buffer.from(await (await fetch((link.body as { url: string }).url)).arrayBuffer());
    expect(createHash('sha256').update(fetched).digest('hex')).toBe((link.body as { sha256: string }).sha256);
    expect(fetched.equals(clip.bytes)).toBe(true);

    for (const other of [neighbour, admin, officer]) {
      await h.http().get(`/cameras/${cameraId}/clips`).set('Authorization', `Bearer ${other.token}`).expect(403);
      await h
        .http()
        .post(`/cameras/${cameraId}/clips/${clip.id}/links`)
        .set('Authorization', `Bearer ${other.token}`)
        .send({ asset: 'clip' })
        .expect(403);
    }

    const log = await h.http().get(`/cameras/${cameraId}/access-log`).set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(JSON.stringify(log.body)).toContain('link.issued');
  });

  it('lets the owner set the camera’s pre- and post-roll within the administrators’ limits, audited', async () => {
    const owner = await h.user('resident');
    const neighbour = await h.user('resident');
    const wardId = await seedWard(h.db.owner, 'clip-settings-ward');
    const cameraId = await seedCamera(h.db.owner, owner.id, { wardId });
    const put = (token: string, body: object) =>
      h.http().put(`/cameras/${cameraId}/clip-settings`).set('Authorization', `Bearer ${token}`).send(body);

    const res = await put(owner.token, { preRollSeconds: 8, postRollSeconds: 20 }).expect(200);
    expect((res.body as { clipSettings: unknown }).clipSettings).toEqual({ preRollSeconds: 8, postRollSeconds: 20 });
    const tooLong = await put(owner.token, { preRollSeconds: 31, postRollSeconds: 20 }).expect(422);
    expect((tooLong.body as { detail: string }).detail).toMatch(/CLIP_MAX_PRE_ROLL_S/);
    await put(owner.token, { preRollSeconds: -1, postRollSeconds: 20 }).expect(400);
    await put(neighbour.token, { preRollSeconds: 1, postRollSeconds: 1 }).expect(403);
    await put(owner.token, { preRollSeconds: null, postRollSeconds: null }).expect(200);

    const rows = (await h.db.owner.query(`SELECT clip_pre_roll_s, clip_post_roll_s FROM cameras WHERE id = $1`, [cameraId])).rows;
    expect(rows).toEqual([{ clip_pre_roll_s: null, clip_post_roll_s: null }]);
    const audited = await h.db.owner.query(`SELECT 1 FROM audit_entries WHERE action = 'camera.clip_settings_changed' AND camera_id = $1`, [
      cameraId,
    ]);
    expect(audited.rowCount).toBe(2);
  });
});
