import { CameraLeases } from '@wardwatch/holdings';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { osmLikeExport } from '../support/osm-export';
import { seedCamera, seedWard } from '../support/seed-footage';

describe('administrators’ console: imports, camera networks, the camera roster', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let resident: TestUser;
  let wardId: string;
  const asAdmin = () => ({ Authorization: `Bearer ${admin.token}` });

  beforeAll(async () => {
    h = await startApi();
    admin = await h.user('admin');
    resident = await h.user('resident');
    wardId = await seedWard(h.db.owner, 'console-ward');
  });
  afterAll(() => h.close());

  it('the streets import takes a body over the general limit; the same size is refused elsewhere, naming the limit', async () => {
    const body = JSON.stringify(osmLikeExport(60), null, 2);
    expect(body.length).toBeGreaterThan(200 * 1024);
    const res = await h
      .http()
      .post(`/wards/${wardId}/streets/import`)
      .set(asAdmin())
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(201);
    expect(res.body).toMatchObject({
      imported: 60,
      updated: 0,
      features: 183,
      skipped: { no_name: 1, not_a_line: 2, not_a_feature: 0, invalid_line: 0 },
    });
    // The ways of one street are one street, with all their lines.
    expect(res.body.streets).toHaveLength(60);
    expect(res.body.skippedExamples.map((s: { reason: string }) => s.reason)).toEqual(['no_name', 'not_a_line', 'not_a_line']);

    const elsewhere = await h
      .http()
      .post('/users')
      .set(asAdmin())
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          email: 'big@test.wardwatch',
          displayName: 'x'.repeat(body.length),
          password: 'a-long-password-1',
          role: 'officer',
        }),
      )
      .expect(413);
    expect(elsewhere.body).toMatchObject({ code: 'request.too_large' });
    expect(elsewhere.body.detail).toMatch(/HTTP_BODY_LIMIT/);

    // Again: the same streets are updated, not added; audited with the counts.
    const again = await h.http().post(`/wards/${wardId}/streets/import`).set(asAdmin()).send(osmLikeExport(60)).expect(201);
    expect(again.body).toMatchObject({ imported: 0, updated: 60 });
    const audits = await h.db.owner.query(
      `SELECT details FROM audit_entries WHERE action = 'street.imported' AND subject_id = $1 ORDER BY seq`,
      [wardId],
    );
    expect(audits.rows.map((r: { details: { imported: number; updated: number } }) => [r.details.imported, r.details.updated])).toEqual([
      [60, 0],
      [0, 60],
    ]);
  });

  it('an import over its own limit is a 413 naming HTTP_IMPORT_BODY_LIMIT', async () => {
    const small = await startApi({ HTTP_IMPORT_BODY_LIMIT: '50kb' });
    try {
      const smallAdmin = await small.user('admin');
      const ward = await seedWard(small.db.owner, 'small-ward');
      const res = await small
        .http()
        .post(`/wards/${ward}/streets/import`)
        .set('Authorization', `Bearer ${smallAdmin.token}`)
        .send(osmLikeExport(60))
        .expect(413);
      expect(res.body.detail).toMatch(/HTTP_IMPORT_BODY_LIMIT/);
    } finally {
      await small.close();
    }
  });

  it('lists each camera network with the cameras it covers, and those outside every network; refuses to remove a used one without force', async () => {
    // A range that would make any host a "camera" is refused, like it is in CAMERA_NETWORKS.
    for (const cidr of ['0.0.0.0/0', '10.0.0.0/7', '2000::/3']) {
      const broad = await h.http().post('/camera-networks').set(asAdmin()).send({ cidr, label: 'everything' }).expect(400);
      expect(broad.body.code).toBe('camera_network.too_broad');
    }
    const a = await h.http().post('/camera-networks').set(asAdmin()).send({ cidr: '10.77.0.0/16', label: 'overlay A' }).expect(201);
    const b = await h.http().post('/camera-networks').set(asAdmin()).send({ cidr: '10.78.0.0/16', label: 'overlay B' }).expect(201);
    const inA = [
      await seedCamera(h.db.owner, resident.id, { wardId, label: 'net-a1' }),
      await seedCamera(h.db.owner, resident.id, { wardId, label: 'net-a2' }),
    ];
    const outside = await seedCamera(h.db.owner, resident.id, { wardId, label: 'net-out' });
    const withdrawn = await seedCamera(h.db.owner, resident.id, { wardId, label: 'net-gone', state: 'withdrawn' });
    await h.db.owner.query(`UPDATE cameras SET onvif_host = '10.77.3.' || (onvif_port % 250) WHERE id = ANY($1)`, [inA]);
    await h.db.owner.query(`UPDATE cameras SET onvif_host = '192.0.2.9' WHERE id = $1`, [outside]);
    await h.db.owner.query(`UPDATE cameras SET onvif_host = '10.77.9.9' WHERE id = $1`, [withdrawn]);

    const list = await h.http().get('/camera-networks').set(asAdmin()).expect(200);
    const byCidr = Object.fromEntries((list.body.items as { cidr: string; cameras: number }[]).map((n) => [n.cidr, n.cameras]));
    expect(byCidr).toMatchObject({ '10.77.0.0/16': 2, '10.78.0.0/16': 0 });
    expect(list.body.camerasOutside).toBe(1);

    const refused = await h.http().delete(`/camera-networks/${a.body.id}`).set(asAdmin()).expect(409);
    expect(refused.body).toMatchObject({ code: 'camera_network.in_use', cameras: 2 });
    await h.http().delete(`/camera-networks/${b.body.id}`).set(asAdmin()).expect(204);
    await h.http().delete(`/camera-networks/${a.body.id}?force=true`).set(asAdmin()).expect(204);
    const after = await h.http().get('/camera-networks').set(asAdmin()).expect(200);
    expect(after.body.camerasOutside).toBe(3);
    const audit = await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'camera_network.removed' ORDER BY seq`);
    expect(audit.rows.map((r: { details: { camerasCutOff: number } }) => r.details.camerasCutOff)).toEqual([0, 2]);
    await h.db.owner.query(`UPDATE cameras SET lifecycle = 'withdrawn' WHERE ward_id = $1`, [wardId]);
  });

  it('the roster shows each enrolled camera with the worker that holds it, and the ones nobody covers', async () => {
    const ward = await seedWard(h.db.owner, 'roster-ward');
    const held = await seedCamera(h.db.owner, resident.id, { wardId: ward, label: 'roster-held' });
    const free = await seedCamera(h.db.owner, resident.id, { wardId: ward, label: 'roster-free' });
    const paused = await seedCamera(h.db.owner, resident.id, { wardId: ward, label: 'roster-paused', state: 'paused' });
    await seedCamera(h.db.owner, resident.id, { wardId: ward, label: 'roster-withdrawn', state: 'withdrawn' });
    const leases = h.app.get(CameraLeases);
    const token = await leases.acquire(held, 'worker-test-1', 60_000);
    expect(token).toEqual(expect.any(Number));

    const res = await h.http().get(`/wards/${ward}/camera-roster`).set(asAdmin()).expect(200);
    const rows = res.body.items as {
      id: string;
      label: string;
      owner: { displayName: string };
      consent: { state: string; retentionDays: number } | null;
      coverage: { held: boolean; workerId: string | null; leaseExpiresAt: string | null; expected: boolean };
    }[];
    expect(rows.map((r) => r.label).sort()).toEqual(['roster-free', 'roster-held', 'roster-paused']);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[held].coverage).toMatchObject({ held: true, workerId: 'worker-test-1', expected: true });
    expect(Date.parse(byId[held].coverage.leaseExpiresAt!)).toBeGreaterThan(Date.now());
    expect(byId[free].coverage).toEqual({ held: false, workerId: null, leaseExpiresAt: null, expected: true });
    expect(byId[paused].coverage).toMatchObject({ held: false, expected: false });
    expect(byId[held]).toMatchObject({ owner: { displayName: expect.any(String) }, consent: { state: 'given', retentionDays: 7 } });

    const notCovered = await h.http().get(`/wards/${ward}/camera-roster?covered=false`).set(asAdmin()).expect(200);
    expect(notCovered.body.items.map((r: { id: string }) => r.id)).toEqual([free]);
    const covered = await h.http().get(`/wards/${ward}/camera-roster?covered=true`).set(asAdmin()).expect(200);
    expect(covered.body.items.map((r: { id: string }) => r.id)).toEqual([held]);
    const pausedOnly = await h.http().get(`/wards/${ward}/camera-roster?consent=paused`).set(asAdmin()).expect(200);
    expect(pausedOnly.body.items.map((r: { id: string }) => r.id)).toEqual([paused]);
    const byLabel = await h.http().get(`/wards/${ward}/camera-roster?q=ROSTER-FREE`).set(asAdmin()).expect(200);
    expect(byLabel.body.items.map((r: { id: string }) => r.id)).toEqual([free]);

    // Pages: one camera a page walks the whole roster once.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await h
        .http()
        .get(`/wards/${ward}/camera-roster?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .set(asAdmin())
        .expect(200);
      walked.push(...page.body.items.map((r: { id: string }) => r.id));
      cursor = page.body.next as string | null;
    } while (cursor);
    expect(walked).toEqual(rows.map((r) => r.id));
    await leases.release(held, 'worker-test-1', token!);
  });

  it('only admins read the roster; an unknown ward is a 404 and a bad filter a 400', async () => {
    const officer = await h.user('officer');
    await h.http().get(`/wards/${wardId}/camera-roster`).set('Authorization', `Bearer ${officer.token}`).expect(403);
    await h.http().get(`/wards/${wardId}/camera-roster`).set('Authorization', `Bearer ${resident.token}`).expect(403);
    await h.http().get('/wards/5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b/camera-roster').set(asAdmin()).expect(404);
    await h.http().get(`/wards/${wardId}/camera-roster?covered=maybe`).set(asAdmin()).expect(400);
    await h.http().get(`/wards/${wardId}/camera-roster?health=sleepy`).set(asAdmin()).expect(400);
  });
});
