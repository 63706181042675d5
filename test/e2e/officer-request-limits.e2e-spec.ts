import { ApiConfig, ConfigurationError, loadConfig } from '@wardwatch/config';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { seedCamera, seedWard } from '../support/seed-footage';
import { testEnvironment } from '../support/test-environment';

/**
 * What one officer can preserve alone (issue 10, F12): preservation holds are placed at filing,
 * before anyone has looked, so they are capped per officer, short, and refiling is flagged.
 */
describe('footage requests an officer files alone are limited', () => {
  let h: ApiHarness;
  let supervisor: TestUser;
  const cameras: string[] = [];
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const hours = (n: number) => n * 3_600_000;
  const to = new Date(Date.now() - hours(1));

  beforeAll(async () => {
    h = await startApi({
      FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER: '2',
      FOOTAGE_PREAPPROVAL_MAX_CAMERA_HOURS: '10',
      FOOTAGE_PREAPPROVAL_HOLD_HOURS: '2',
      FOOTAGE_REQUEST_TTL_HOURS: '72',
    });
    supervisor = await h.user('supervisor');
    const owner = await h.user('resident');
    const ward = await seedWard(h.db.owner, 'limits-ward');
    for (let i = 0; i < 4; i++) cameras.push(await seedCamera(h.db.owner, owner.id, { wardId: ward, label: `cam ${i}` }));
  });
  afterAll(() => h.close());

  let cases = 0;
  const officerWithCase = async () => {
    const officer = await h.user('officer');
    const res = await h
      .http()
      .post('/investigations')
      .set(auth(officer))
      .send({ caseNumber: `LIMITS-${++cases}`, title: 'Limits', summary: 'limits' })
      .expect(201);
    return { officer, investigationId: res.body.id as string };
  };
  const file = (o: { officer: TestUser; investigationId: string }, cameraIds: string[], windowHours: number) =>
    h
      .http()
      .post(`/investigations/${o.investigationId}/footage-requests`)
      .set(auth(o.officer))
      .send({ cameraIds, from: new Date(to.getTime() - hours(windowHours)), to, reason: 'why', legalBasis: 'CPC art. 88' });
  const decide = (requestId: string, decision: 'approve' | 'reject') =>
    h
      .http()
      .post(`/footage-requests/${requestId}/supervisor-decision`)
      .set(auth(supervisor))
      .send({ decision, ...(decision === 'reject' ? { note: 'Not proportionate to the case' } : {}) })
      .expect(200);
  const holdCount = async () => (await h.db.owner.query(`SELECT count(*)::int AS n FROM legal_holds`)).rows[0].n as number;

  it('an officer has at most FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER open requests; a decision frees a place', async () => {
    const o = await officerWithCase();
    const first = (await file(o, [cameras[0]], 1).expect(201)).body.id as string;
    await file(o, [cameras[1]], 1).expect(201);
    const holds = await holdCount();
    const refused = await file(o, [cameras[2]], 1).expect(409);
    expect(refused.body.detail).toBe(
      'you have 2 open footage requests, the most one officer may have (FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER=2); wait for decisions on them first',
    );
    expect(await holdCount()).toBe(holds);
    // Another officer is not held back by this one.
    await file(await officerWithCase(), [cameras[2]], 1).expect(201);
    await decide(first, 'reject');
    await file(o, [cameras[2]], 1).expect(201);
  });

  it('pre-approval preservation per officer is capped in camera-hours; approved requests no longer count', async () => {
    const o = await officerWithCase();
    const first = (await file(o, [cameras[0], cameras[1], cameras[2]], 3).expect(201)).body.id as string; // 9 camera-hours
    const refused = await file(o, [cameras[3]], 2).expect(409);
    expect(refused.body.detail).toMatch(
      /would preserve 2 camera-hours .* on top of the 9 your requests already preserve before a supervisor's decision; one officer may hold at most 10 \(FOOTAGE_PREAPPROVAL_MAX_CAMERA_HOURS\)/,
    );
    await file(o, [cameras[3]], 1).expect(201); // exactly 10
    await decide(first, 'approve');
    // The approved 9 camera-hours were looked at by a supervisor: they no longer count against the officer.
    const other = await officerWithCase();
    expect((await file(other, [cameras[0], cameras[1], cameras[2]], 3).expect(201)).body.id).toBeDefined();
  });

  it('holds placed before a decision are short (FOOTAGE_PREAPPROVAL_HOLD_HOURS); approval gives the owners the full time', async () => {
    const o = await officerWithCase();
    const filed = (await file(o, [cameras[0]], 1).expect(201)).body as { id: string; expiresAt: string; createdAt: string };
    const lapse = new Date(filed.expiresAt).getTime() - new Date(filed.createdAt).getTime();
    expect(lapse).toBeGreaterThan(hours(2) - 1000);
    expect(lapse).toBeLessThanOrEqual(hours(2) + 1000);
    const approved = (await decide(filed.id, 'approve')).body as { expiresAt: string };
    expect(new Date(approved.expiresAt).getTime()).toBe(new Date(filed.createdAt).getTime() + hours(72));

    // Undecided by a supervisor, a request lapses and its holds lift (the expiry sweep, run before every read).
    const late = (await file(o, [cameras[1]], 1).expect(201)).body as { id: string };
    await h.db.owner.query(`UPDATE footage_requests SET expires_at = now() - interval '1 second' WHERE id = $1`, [late.id]);
    const view = await h.http().get(`/footage-requests/${late.id}`).set(auth(supervisor)).expect(200);
    expect(view.body.state).toBe('expired');
    const { rows } = await h.db.owner.query(`SELECT lifted_at FROM legal_holds WHERE footage_request_id = $1`, [late.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].lifted_at).not.toBeNull();
  });

  it('filing again for cameras the same officer recently asked for without a release is recorded and flagged', async () => {
    const t0 = new Date();
    const o = await officerWithCase();
    const rejected = (await file(o, [cameras[0], cameras[1]], 1).expect(201)).body.id as string;
    await decide(rejected, 'reject');
    const again = (await file(o, [cameras[1], cameras[2]], 1).expect(201)).body.id as string;
    const { rows } = await h.db.owner.query(
      `SELECT actor_id, subject_id, details FROM audit_entries WHERE action = 'footage_request.refiled' AND actor_id = $1`,
      [o.officer.id],
    );
    expect(rows).toEqual([
      {
        actor_id: o.officer.id,
        subject_id: again,
        details: { earlierRequestIds: [rejected], cameraIds: [cameras[1]], lookBackDays: 30 },
      },
    ]);
    const flags = await h
      .http()
      .get(`/audit/flags?from=${encodeURIComponent(t0.toISOString())}`)
      .set(auth(supervisor))
      .expect(200);
    expect(flags.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'repeated_refiling', actorId: o.officer.id, entryCount: 1 })]),
    );
    // A first request for other cameras is not a refiling.
    const fresh = await officerWithCase();
    await file(fresh, [cameras[3]], 1).expect(201);
    const none = await h.db.owner.query(`SELECT 1 FROM audit_entries WHERE action = 'footage_request.refiled' AND actor_id = $1`, [
      fresh.officer.id,
    ]);
    expect(none.rows).toEqual([]);
  });

  it('the limits are validated settings', () => {
    const load = (v: Record<string, string>) => () => loadConfig(ApiConfig, { ...testEnvironment(), ...v });
    expect(load({})()).toMatchObject({
      FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER: 10,
      FOOTAGE_PREAPPROVAL_MAX_CAMERA_HOURS: 2400,
      FOOTAGE_PREAPPROVAL_HOLD_HOURS: 24,
    });
    expect(load({ FOOTAGE_PREAPPROVAL_HOLD_HOURS: '0' })).toThrow(ConfigurationError);
    expect(load({ FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER: 'many' })).toThrow(/FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER/);
  });
});
