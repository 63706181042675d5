import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { seedCamera, seedWard } from '../support/seed-footage';

/**
 * Issue 13: a request covers at most FOOTAGE_REQUEST_MAX_AREA_KM2 (0.5) and FOOTAGE_REQUEST_MAX_WINDOW_HOURS
 * (12) unless the officer writes why more is needed; such a request always goes to a supervisor, even
 * with FOOTAGE_SUPERVISOR_APPROVAL off (as here), and the supervisor reads the justification. A drawn
 * polygon selects the cameras that can see into it.
 */
describe('footage request limits and polygon selection (supervisor approval off)', () => {
  let h: ApiHarness;
  let officer: TestUser;
  let supervisor: TestUser;
  let owner: TestUser;
  let investigationId: string;
  const cam: Record<'inside' | 'facingIn' | 'facingAway' | 'nearNoView' | 'far', string> = {} as never;
  const HOUR = 3_600_000;
  const to = new Date(Date.now() - HOUR);
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const JUSTIFICATION = 'The suspect drove through the whole ward overnight; every street he could have taken is needed.';

  // About 104 m x 111 m around (21.39 N, 103.03 E): 0.0115 km².
  const square = {
    type: 'Polygon',
    coordinates: [
      [
        [103.0295, 21.3895],
        [103.0305, 21.3895],
        [103.0305, 21.3905],
        [103.0295, 21.3905],
        [103.0295, 21.3895],
      ],
    ],
  };
  const metresOfLon = 111_195 * Math.cos((21.39 * Math.PI) / 180);

  beforeAll(async () => {
    h = await startApi({ FOOTAGE_SUPERVISOR_APPROVAL: 'false' });
    officer = await h.user('officer');
    supervisor = await h.user('supervisor');
    owner = await h.user('resident');
    const db = h.db.owner;
    const ward = await seedWard(db, 'limits-area-ward');
    const at = (label: string, longitude: number, latitude = 21.39) =>
      seedCamera(db, owner.id, { wardId: ward, label, latitude, longitude });
    cam.inside = await at('inside', 103.03);
    // 60 m east of the square, looking west (into it) or east (away), 100 m range.
    cam.facingIn = await at('facing in', 103.0305 + 60 / metresOfLon);
    cam.facingAway = await at('facing away', 103.0305 + 60 / metresOfLon, 21.3901);
    // 15 m west of the square with no view direction (within 25 m), and one 200 m away.
    cam.nearNoView = await at('near, no view', 103.0295 - 15 / metresOfLon);
    cam.far = await at('far', 103.0295 - 200 / metresOfLon);
    await db.query(`UPDATE cameras SET view_azimuth_deg = 270, view_angle_deg = 60, view_range_m = 100 WHERE id = $1`, [cam.facingIn]);
    await db.query(`UPDATE cameras SET view_azimuth_deg = 90, view_angle_deg = 60, view_range_m = 100 WHERE id = $1`, [cam.facingAway]);
    investigationId = (
      await h.http().post('/investigations').set(auth(officer)).send({ caseNumber: 'LIM-1', title: 'Limits', summary: 's' }).expect(201)
    ).body.id;
  });
  afterAll(() => h.close());

  const file = (body: object, windowHours = 2) =>
    h
      .http()
      .post(`/investigations/${investigationId}/footage-requests`)
      .set(auth(officer))
      .send({ from: new Date(to.getTime() - windowHours * HOUR), to, reason: 'suspect passed', legalBasis: 'CPC art. 88', ...body });
  const holdCount = async () => (await h.db.owner.query(`SELECT count(*)::int AS n FROM legal_holds`)).rows[0].n as number;
  const cancelAll = () =>
    h.db.owner.query(
      `UPDATE footage_requests SET expires_at = now() - interval '1 second' WHERE state IN ('pending_supervisor', 'pending_owner')`,
    );

  it('GET /settings shows the limits the form must show', async () => {
    const res = await h.http().get('/settings').expect(200);
    expect(res.body.footageRequestLimits).toMatchObject({ maxAreaKm2: 0.5, maxWindowHours: 12, justificationMinChars: 30 });
  });

  it('a polygon takes the cameras inside it, those whose view cone reaches in, and those without a view within 25 m', async () => {
    const res = await file({ polygon: square }).expect(201);
    expect(res.body.cameras.map((c: { cameraId: string }) => c.cameraId).sort()).toEqual([cam.inside, cam.facingIn, cam.nearNoView].sort());
    expect(res.body.selection).toEqual({ kind: 'polygon', polygon: square });
    expect(res.body.area.type).toBe('Polygon');
    expect(res.body.areaKm2).toBeGreaterThan(0.0113);
    expect(res.body.areaKm2).toBeLessThan(0.0117);
    expect(res.body).toMatchObject({
      exceedsLimits: { area: false, window: false },
      justification: null,
      supervisorRequired: false,
      state: 'pending_owner',
    });
    const list = await h.http().get(`/investigations/${investigationId}/footage-requests`).set(auth(officer)).expect(200);
    expect(list.body.items[0]).toMatchObject({
      id: res.body.id,
      selectionKind: 'polygon',
      cameraCount: 3,
      cameraStates: { total: 3, pendingOwner: 3, pendingSupervisor: 0, released: 0, declined: 0, rejected: 0, expired: 0, cancelled: 0 },
    });
    await cancelAll();
  });

  it('a polygon that crosses itself or has too many corners is refused before anything is held', async () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [103.0295, 21.3895],
          [103.0305, 21.3905],
          [103.0305, 21.3895],
          [103.0295, 21.3905],
          [103.0295, 21.3895],
        ],
      ],
    };
    const holds = await holdCount();
    const res = await file({ polygon: bowTie }).expect(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors).toEqual([{ field: 'polygon', detail: expect.stringMatching(/crosses or touches itself/) }]);
    const ring: number[][] = [];
    for (let i = 0; i < 201; i++)
      ring.push([103.03 + 0.001 * Math.cos((2 * Math.PI * i) / 201), 21.39 + 0.001 * Math.sin((2 * Math.PI * i) / 201)]);
    ring.push(ring[0]);
    const many = await file({ polygon: { type: 'Polygon', coordinates: [ring] } }).expect(400);
    expect(many.body.errors[0].detail).toMatch(/201 corners; at most 200/);
    await file({ polygon: square, cameraIds: [cam.inside] }).expect(400);
    expect(await holdCount()).toBe(holds);
  });

  it('named cameras cover the hull of their positions buffered by 25 m', async () => {
    const one = await file({ cameraIds: [cam.inside] }).expect(201);
    // A 25 m disc is 0.00196 km²; PostGIS's buffer is a polygon just inside it.
    expect(one.body.areaKm2).toBeGreaterThan(0.0019);
    expect(one.body.areaKm2).toBeLessThan(0.00197);
    // Two cameras 185 m apart: a 50 m wide strip with round ends (185 x 50 + pi 25² m²).
    const two = await file({ cameraIds: [cam.nearNoView, cam.far] }).expect(201);
    expect(two.body.areaKm2).toBeGreaterThan(0.0109);
    expect(two.body.areaKm2).toBeLessThan(0.0113);
    expect(two.body.area.type).toBe('Polygon');
    await cancelAll();
  });

  it('an area beyond 0.5 km² is refused with the measured area and the limit, and nothing is held', async () => {
    const holds = await holdCount();
    const res = await file({ area: { latitude: 21.39, longitude: 103.03, radiusMetres: 500 } }).expect(400);
    expect(res.body).toMatchObject({
      code: 'footage_request.exceeds_limits',
      status: 400,
      limits: [{ limit: 'area', unit: 'km2', measured: 0.7854, max: 0.5 }],
      justificationMinChars: 30,
    });
    expect(res.body.detail).toMatch(
      /the area is 0.7854 km², more than the 0.5 km² one request may cover\. Narrow the request .* or give a written justification/,
    );
    expect(await holdCount()).toBe(holds);
  });

  it('a window beyond 12 hours is refused with the measured window and the limit; both limits are named together', async () => {
    const res = await file({ cameraIds: [cam.inside] }, 13).expect(400);
    expect(res.body.limits).toEqual([{ limit: 'window', unit: 'hours', measured: 13, max: 12 }]);
    expect(res.body.detail).toMatch(/the window is 13 hours, longer than the 12 hours/);
    const both = await file({ area: { latitude: 21.39, longitude: 103.03, radiusMetres: 500 } }, 24).expect(400);
    expect(both.body.limits.map((l: { limit: string }) => l.limit)).toEqual(['area', 'window']);
    // At the limit exactly is allowed.
    await file({ cameraIds: [cam.inside] }, 12).expect(201);
    await cancelAll();
  });

  it('a justification must be a real one (at least 30 characters)', async () => {
    const res = await file({ cameraIds: [cam.inside], justification: 'urgent' }, 13).expect(400);
    expect(res.body.errors).toEqual([{ field: 'justification', detail: expect.stringMatching(/30 to 2000 characters/) }]);
  });

  it('with a justification it is filed, flagged, and waits for a supervisor even with approval off; the supervisor reads why', async () => {
    const res = await file({ area: { latitude: 21.39, longitude: 103.03, radiusMetres: 500 }, justification: JUSTIFICATION }, 13).expect(
      201,
    );
    const id = res.body.id as string;
    expect(res.body).toMatchObject({
      exceedsLimits: { area: true, window: true },
      justification: JUSTIFICATION,
      supervisorRequired: true,
      state: 'pending_supervisor',
    });
    expect(res.body.areaKm2).toBeCloseTo(0.7854, 4);
    expect(res.body.cameras.every((c: { state: string }) => c.state === 'pending_supervisor')).toBe(true);
    // The owner is not asked before the supervisor's step.
    const inbox = await h.http().get('/owner/footage-requests').set(auth(owner)).expect(200);
    expect(inbox.body.items.map((i: { requestId: string }) => i.requestId)).not.toContain(id);
    // The supervisor's queue and the request itself carry the justification and the flags.
    const queue = await h.http().get('/footage-requests?state=pending_supervisor').set(auth(supervisor)).expect(200);
    expect(queue.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      justification: JUSTIFICATION,
      exceedsLimits: { area: true, window: true },
      supervisorRequired: true,
      selectionKind: 'radius',
    });
    const seen = await h.http().get(`/footage-requests/${id}`).set(auth(supervisor)).expect(200);
    expect(seen.body).toMatchObject({ justification: JUSTIFICATION, exceedsLimits: { area: true, window: true } });
    const audit = await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'footage_request.filed' AND subject_id = $1`, [
      id,
    ]);
    expect(audit.rows[0].details).toMatchObject({ justification: JUSTIFICATION, exceedsLimits: { area: true, window: true } });
    // And every supervisor who may decide it is told, with the justification.
    const told = await h.http().get('/notifications').set(auth(supervisor)).expect(200);
    const notice = told.body.items.find((n: { kind: string }) => n.kind === 'footage_request.awaiting_supervisor');
    expect(notice).toMatchObject({ subject: { type: 'footage_request', id } });
    expect(notice.text).toContain(JUSTIFICATION);
    expect(notice.text).toMatch(/beyond both the area and the window limits|vượt giới hạn diện tích và thời gian/);
    const officerTold = await h.http().get('/notifications').set(auth(officer)).expect(200);
    expect(officerTold.body.items.filter((n: { kind: string }) => n.kind === 'footage_request.awaiting_supervisor')).toEqual([]);
    const approved = await h
      .http()
      .post(`/footage-requests/${id}/supervisor-decision`)
      .set(auth(supervisor))
      .send({ decision: 'approve' })
      .expect(200);
    expect(approved.body.state).toBe('pending_owner');
    // A request within the limits still skips the supervisor with approval off.
    const small = await file({ cameraIds: [cam.inside] }).expect(201);
    expect(small.body).toMatchObject({ supervisorRequired: false, state: 'pending_owner' });
  });

  it('a ward covers its boundary: a ward larger than the limit needs a justification', async () => {
    const big = await seedWard(h.db.owner, 'big-ward');
    // About 1 km x 1.1 km.
    await h.db.owner.query(
      `UPDATE wards SET boundary = ST_GeomFromText('MULTIPOLYGON(((103.04 21.39, 103.05 21.39, 103.05 21.40, 103.04 21.40, 103.04 21.39)))', 4326)::geography
        WHERE id = $1`,
      [big],
    );
    await seedCamera(h.db.owner, owner.id, { wardId: big, label: 'in big ward', latitude: 21.395, longitude: 103.045 });
    const res = await file({ wardId: big }).expect(400);
    expect(res.body.limits).toEqual([{ limit: 'area', unit: 'km2', measured: expect.closeTo(1.152, 2), max: 0.5 }]);
    const justified = await file({ wardId: big, justification: JUSTIFICATION }).expect(201);
    expect(justified.body.area.type).toBe('MultiPolygon');
    expect(justified.body.exceedsLimits).toEqual({ area: true, window: false });
  });
});
