import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL, DEMO_WARDS, IN_AN_BINH } from '../support/fixtures';
import { freePort } from '../support/private-redis';

const SIM_PASSWORD = 'sim-secret-Pa55word';

describe('camera probes are rate-limited per resident and per camera address (not a password oracle)', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let owner: TestUser;
  let ownedCamera: string;

  const enrolment = (port: number, password = SIM_PASSWORD) => ({
    label: 'Cổng',
    address: { wardCode: 'demo-an-binh', street: 'Hoàng Văn Thái', houseNumber: '7' },
    ...IN_AN_BINH,
    onvif: { host: '127.0.0.1', port, username: 'admin', password },
    consent: CONSENT_ALL,
  });
  const enrol = (user: TestUser, body: object) => h.http().post('/cameras').set('Authorization', `Bearer ${user.token}`).send(body);

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 2, basePort: 0, controlPort: null, video: false, password: SIM_PASSWORD });
    h = await startApi({ PROBE_RATE_LIMIT_PER_USER: '3', PROBE_RATE_LIMIT_PER_TARGET: '4', PROBE_RATE_LIMIT_WINDOW_S: '600' });
    const admin = await h.user('admin');
    await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
  });
  afterAll(async () => {
    await h.close();
    await sim.stop();
  });

  it('a resident scanning ports gets 429 with Retry-After after the limit, and nothing is probed then', async () => {
    const scanner = await h.user('resident');
    for (let i = 0; i < 3; i++) {
      const res = await enrol(scanner, enrolment(await freePort()));
      expect(res.status).toBe(422);
      expect(res.body.failure).toBe('no_onvif_camera');
    }
    const failedBefore = await h.db.owner.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'camera.probe_failed'`);
    const limited = await enrol(scanner, enrolment(await freePort()));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      code: 'probe.rate_limited',
      failure: 'too_many_probes',
      detail: expect.stringMatching(/too many camera probes/),
    });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(limited.body.retryAfterSeconds).toBe(retryAfter);
    // Refused before any probe: no further probe failure was recorded.
    const failedAfter = await h.db.owner.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'camera.probe_failed'`);
    expect(failedAfter.rows[0].n).toBe(failedBefore.rows[0].n);
    // A real camera too: the limit is the resident's, whatever the target.
    expect((await enrol(scanner, enrolment(info.cameras[1].port))).status).toBe(429);
    // Counted under the installation's Redis prefix.
    const { RedisConnection } = await import('@wardwatch/queue');
    const redis = h.app.get(RedisConnection);
    const keys = await redis.client.keys(`${h.config.QUEUE_PREFIX}:throttle:probe-user:${scanner.id}:*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('password guesses at one camera from many accounts stop at the per-camera limit', async () => {
    const target = info.cameras[0].port;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const guesser = await h.user('resident');
      for (let j = 0; j < 2; j++) statuses.push((await enrol(guesser, enrolment(target, `guess-${i}-${j}`))).status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 429, 429]);
    // Another camera is not affected.
    owner = await h.user('resident');
    const res = await enrol(owner, enrolment(info.cameras[1].port)).expect(201);
    ownedCamera = res.body.camera.id;
  });

  it('re-probes and credential changes count against the same per-resident limit', async () => {
    const auth = `Bearer ${owner.token}`;
    await h.http().post(`/cameras/${ownedCamera}/probe`).set('Authorization', auth).expect(200);
    await h
      .http()
      .put(`/cameras/${ownedCamera}/credentials`)
      .set('Authorization', auth)
      .send({ username: 'admin', password: SIM_PASSWORD })
      .expect(200);
    const limited = await h.http().post(`/cameras/${ownedCamera}/probe`).set('Authorization', auth);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
