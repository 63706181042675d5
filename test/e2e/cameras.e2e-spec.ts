import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import { cameraSignalChannel } from '@wardwatch/cameras';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL, DEMO_WARDS, IN_AN_BINH, IN_HOA_THUAN } from '../support/fixtures';
import { freePort } from '../support/private-redis';

const SIM_PASSWORD = 'sim-secret-Pa55word';

describe('camera registry and consent, over HTTP with the simulator as the camera', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;

  const enrolment = (camera: number, overrides: { onvif?: object; location?: object; address?: object } = {}) => ({
    label: `Cổng số ${camera}`,
    address: {
      wardCode: 'demo-an-binh',
      street: 'Hoàng Văn Thái',
      houseNumber: `${10 + camera}`,
      alley: 'Ngõ 34',
      residentialGroup: 'Tổ 5',
      ...overrides.address,
    },
    ...IN_AN_BINH,
    ...overrides.location,
    facingNote: 'nhìn ra ngõ',
    onvif: { host: '127.0.0.1', port: info.cameras[camera - 1].port, username: 'admin', password: SIM_PASSWORD, ...overrides.onvif },
    consent: CONSENT_ALL,
  });

  const counts = async () =>
    (
      await h.db.owner.query<{ cameras: number; consents: number }>(
        `SELECT (SELECT count(*)::int FROM cameras) AS cameras, (SELECT count(*)::int FROM camera_consents) AS consents`,
      )
    ).rows[0];

  const as = (user: TestUser) => ({
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
    post: (path: string, body?: object) =>
      h
        .http()
        .post(path)
        .set('Authorization', `Bearer ${user.token}`)
        .send(body ?? {}),
    put: (path: string, body: object) => h.http().put(path).set('Authorization', `Bearer ${user.token}`).send(body),
  });

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 4, basePort: 0, controlPort: null, video: false, password: SIM_PASSWORD });
    h = await startApi({ LOG_LEVEL: 'debug' });
    admin = await h.user('admin');
    await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    alice = await h.user('resident', 'alice');
    bob = await h.user('resident', 'bob');
  });
  afterAll(async () => {
    await h.close();
    await sim.stop();
  });

  let cameraId: string;

  it('enrols a camera: stores the probed device, H.264 profile, stream URI and the first consent; never echoes credentials', async () => {
    const res = await as(alice).post('/cameras', enrolment(1));
    expect(res.status).toBe(201);
    const { camera, consent } = res.body;
    cameraId = camera.id;
    expect(camera).toMatchObject({
      ownerId: alice.id,
      lifecycle: 'active',
      health: 'online',
      address: { ward: { code: 'demo-an-binh' }, street: 'Hoàng Văn Thái', alley: 'Ngõ 34', residentialGroup: 'Tổ 5' },
      onvif: { host: '127.0.0.1', port: info.cameras[0].port, path: '/onvif/device_service' },
      profile: { encoding: 'H264', width: 320, height: 240 },
    });
    expect(camera.profile.token).toEqual(expect.any(String));
    expect(camera.streamUri).toMatch(/^rtsp:\/\/127\.0\.0\.1:\d+\/cam1$/);
    expect(camera.device.manufacturer).toEqual(expect.any(String));
    expect(Math.abs(camera.clockOffsetMs)).toBeLessThan(2000);
    expect(consent).toMatchObject({
      version: 1,
      state: 'given',
      purposes: ['clips', 'event_metadata', 'police_search'],
      retentionDays: 7,
      sharingMode: 'ask',
    });
    expect(JSON.stringify(res.body)).not.toContain(SIM_PASSWORD);

    const row = (await h.db.owner.query(`SELECT credentials_sealed, stream_uri, events_path FROM cameras WHERE id = $1`, [cameraId]))
      .rows[0];
    // The simulator, like several camera makers, does not use the conventional /onvif/event_service.
    expect(row.events_path).toBe('/onvif/Events');
    expect(row.credentials_sealed).toMatch(/^v1\.k1\./);
    expect(row.credentials_sealed).not.toContain(SIM_PASSWORD);
    expect(row.stream_uri).not.toContain('@');

    const audit = await h.db.owner.query(`SELECT action FROM audit_entries WHERE camera_id = $1 ORDER BY seq`, [cameraId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['camera.enrolled', 'consent.given']);
  });

  it('a clock skew on the camera shows in the measured offset', async () => {
    await sim.camera(2).setFaults({ clockSkewSeconds: 120 });
    try {
      const res = await as(alice).post('/cameras', enrolment(2));
      expect(res.status).toBe(201);
      expect(res.body.camera.clockOffsetMs).toBeGreaterThan(118_000);
      expect(res.body.camera.clockOffsetMs).toBeLessThan(122_000);
    } finally {
      await sim.camera(2).resetFaults();
    }
  });

  describe('a failed enrolment says what failed and stores nothing', () => {
    const expectRefused = async (body: object, failure: string, message: RegExp) => {
      const before = await counts();
      const res = await as(alice).post('/cameras', body);
      expect(res.status).toBe(422);
      expect(res.body.failure).toBe(failure);
      expect(res.body.detail).toMatch(message);
      expect(await counts()).toEqual(before);
      return res;
    };

    // A device that answered as an ONVIF camera gets the reason; anything else gets one answer
    // (NO_ONVIF), so the probe tells a resident nothing about closed ports or other servers.
    const NO_ONVIF = /no ONVIF camera answered at this address and port/;

    it('wrong password (the camera answered as ONVIF, so the reason is given)', () =>
      expectRefused(enrolment(3, { onvif: { password: 'wrong-password' } }), 'auth_refused', /refused the username or password/));

    it('a closed port gets the generic answer', async () => {
      const closed = await freePort();
      const res = await expectRefused(enrolment(3, { onvif: { port: closed } }), 'no_onvif_camera', NO_ONVIF);
      expect(res.body.detail).not.toMatch(/ECONNREFUSED|accept a connection/);
    });

    it('a camera that is offline gets the same generic answer', async () => {
      await sim.camera(3).setFaults({ offline: true });
      try {
        await expectRefused(enrolment(3), 'no_onvif_camera', NO_ONVIF);
      } finally {
        await sim.camera(3).resetFaults();
      }
    });

    it('a server that is not a camera (plain HTTP) gets the same generic answer', async () => {
      const server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html>router login</html>'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        const res = await expectRefused(enrolment(3, { onvif: { port } }), 'no_onvif_camera', NO_ONVIF);
        expect(res.body.detail).not.toMatch(/router|404|html/i);
      } finally {
        server.close();
      }
    });

    it('an address outside the allowed camera networks (nothing is sent to it; the networks are not named)', async () => {
      const res = await expectRefused(
        enrolment(3, { onvif: { host: '192.168.1.20' } }),
        'forbidden_address',
        /not on a camera network the ward serves/,
      );
      expect(JSON.stringify(res.body)).not.toMatch(/10\.88|\/16|192\.168\.1\.20 is outside/);
    });

    it('the cloud metadata address, even written as a name-like string', async () => {
      await expectRefused(enrolment(3, { onvif: { host: '169.254.169.254' } }), 'forbidden_address', /not on a camera network/);
      await expectRefused(enrolment(3, { onvif: { host: 'http://10.88.0.1/' } }), 'forbidden_address', /not on a camera network/);
      // The reasons are kept for the operators.
      const { rows } = await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'camera.probe_failed' ORDER BY seq`);
      expect(JSON.stringify(rows)).toMatch(/reserved address/);
      expect(JSON.stringify(rows)).toMatch(/not a valid host name/);
    });

    it('malformed XML from the first request: not shown to be a camera, generic answer', async () => {
      await sim.camera(3).setFaults({ malformed: true });
      try {
        await expectRefused(enrolment(3), 'no_onvif_camera', NO_ONVIF);
      } finally {
        await sim.camera(3).resetFaults();
      }
    });

    it('truncated XML', async () => {
      await sim.camera(3).setFaults({ truncated: true });
      try {
        await expectRefused(enrolment(3), 'no_onvif_camera', NO_ONVIF);
      } finally {
        await sim.camera(3).resetFaults();
      }
    });

    it('an XML entity-expansion payload is refused quickly, without expanding it', async () => {
      await sim.camera(3).setFaults({ entityBomb: true });
      const started = Date.now();
      try {
        await expectRefused(enrolment(3), 'no_onvif_camera', NO_ONVIF);
      } finally {
        await sim.camera(3).resetFaults();
      }
      expect(Date.now() - started).toBeLessThan(3000);
      expect(process.memoryUsage().heapUsed).toBeLessThan(1.5 * 1024 ** 3);
    });

    it('a camera whose clock was never set', async () => {
      await sim.camera(3).setFaults({ clockSkewSeconds: -40 * 86_400 });
      try {
        await expectRefused(enrolment(3), 'clock_unset', /clock is 40 days off; set its time \(enable NTP/);
      } finally {
        await sim.camera(3).resetFaults();
      }
    });

    it('a location outside the chosen ward', () =>
      expectRefused(enrolment(3, { location: IN_HOA_THUAN }), 'outside_ward', /outside ward demo-an-binh/));

    it('every failed probe is audited with its reason, without the password', async () => {
      const { rows } = await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'camera.probe_failed' ORDER BY seq`);
      const failures = rows.map((r) => r.details.failure);
      // The detailed reason is kept server-side even where the resident got the generic answer.
      expect(failures).toEqual(expect.arrayContaining(['auth_refused', 'unreachable', 'forbidden_address', 'malformed_reply']));
      expect(JSON.stringify(rows)).not.toContain('wrong-password');
      expect(JSON.stringify(rows)).not.toContain(SIM_PASSWORD);
    });
  });

  it('unknown ward and bad consent terms are 4xx naming the problem', async () => {
    const unknownWard = await as(alice).post('/cameras', enrolment(3, { address: { wardCode: 'nowhere' } }));
    expect(unknownWard.status).toBe(404);
    expect(unknownWard.body.detail).toMatch(/no ward with code nowhere/);
    const tooLong = await as(alice).post('/cameras', { ...enrolment(3), consent: { ...CONSENT_ALL, retentionDays: 365 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.detail).toMatch(/retentionDays may be at most 30/);
    const clipsOnly = await as(alice).post('/cameras', { ...enrolment(3), consent: { ...CONSENT_ALL, purposes: ['clips'] } });
    expect(clipsOnly.status).toBe(400);
    expect(clipsOnly.body.detail).toMatch(/clips needs event_metadata/);
  });

  it('resident B can neither read nor change resident A’s camera', async () => {
    for (const res of [
      await as(bob).get(`/cameras/${cameraId}`),
      await as(bob).get(`/cameras/${cameraId}/consents`),
      await as(bob).get(`/cameras/${cameraId}/access-log`),
      await as(bob).put(`/cameras/${cameraId}/consent`, { ...CONSENT_ALL, retentionDays: 1 }),
      await as(bob).post(`/cameras/${cameraId}/consent/pause`),
      await as(bob).post(`/cameras/${cameraId}/consent/withdraw`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/is not one of your cameras/);
    }
    expect((await as(bob).get('/cameras')).body).toEqual({ items: [], next: null });
    const { rows } = await h.db.owner.query(
      `SELECT lifecycle, (SELECT max(version) FROM camera_consents WHERE camera_id = $1) AS v FROM cameras WHERE id = $1`,
      [cameraId],
    );
    expect(rows[0]).toEqual({ lifecycle: 'active', v: 1 });
  });

  it('the owner re-probes and changes credentials; a refused new password keeps the old one and marks health', async () => {
    const enrolled = await as(alice).post('/cameras', enrolment(4));
    expect(enrolled.status).toBe(201);
    const id = enrolled.body.camera.id as string;

    await sim.camera(4).setFaults({ clockSkewSeconds: -30 });
    const again = await as(alice).post(`/cameras/${id}/probe`);
    expect(again.status).toBe(200);
    expect(again.body.clockOffsetMs).toBeLessThan(-28_000);
    await sim.camera(4).resetFaults();

    // The resident changes the password on the camera, then tells us.
    sim.camera(4).setCredentials({ password: 'new-Secret-4' });
    const stale = await as(alice).post(`/cameras/${id}/probe`);
    expect(stale.status).toBe(422);
    expect(stale.body.failure).toBe('auth_refused');
    expect((await as(alice).get(`/cameras/${id}`)).body.camera.health).toBe('auth_failed');

    const wrong = await as(alice).put(`/cameras/${id}/credentials`, { username: 'admin', password: 'not-it' });
    expect(wrong.status).toBe(422);
    const right = await as(alice).put(`/cameras/${id}/credentials`, { username: 'admin', password: 'new-Secret-4' });
    expect(right.status).toBe(200);
    expect(right.body.health).toBe('online');
    expect(JSON.stringify(right.body)).not.toContain('new-Secret-4');
    expect((await as(alice).post(`/cameras/${id}/probe`)).status).toBe(200);

    expect((await as(bob).post(`/cameras/${id}/probe`)).status).toBe(403);
    expect((await as(bob).put(`/cameras/${id}/credentials`, { username: 'admin', password: 'x' })).status).toBe(403);

    const actions = (await h.db.owner.query(`SELECT action FROM audit_entries WHERE camera_id = $1 ORDER BY seq`, [id])).rows.map(
      (r) => r.action,
    );
    expect(actions).toEqual([
      'camera.enrolled',
      'consent.given',
      'camera.probed',
      'camera.probe_failed',
      'camera.probe_failed',
      'camera.credentials_changed',
      'camera.probed',
    ]);
    const logs = h.logs();
    expect(logs).not.toContain('new-Secret-4');
    expect(logs).not.toContain('not-it');
  });

  it('change, pause, resume and withdraw are versions; withdrawal is final, signalled at once and audited', async () => {
    const subscriber = new Redis(h.config.REDIS_URL);
    const signals: { cameraId: string; lifecycle: string }[] = [];
    await subscriber.subscribe(cameraSignalChannel(h.config.QUEUE_PREFIX));
    subscriber.on('message', (_channel, message: string) => signals.push(JSON.parse(message)));
    try {
      const changed = await as(alice).put(`/cameras/${cameraId}/consent`, {
        ...CONSENT_ALL,
        retentionDays: 14,
        sharingMode: 'auto_release',
        activeHours: { from: '22:00', to: '06:00' },
      });
      expect(changed.status).toBe(200);
      // The hours are recorded with the ward's zone, so later configuration cannot move them.
      expect(changed.body.activeHours).toEqual({ from: '22:00', to: '06:00', timeZone: h.config.WARD_TIME_ZONE });
      expect((await as(alice).post(`/cameras/${cameraId}/consent/pause`)).body).toMatchObject({ version: 3, state: 'paused' });
      expect((await as(alice).get(`/cameras/${cameraId}`)).body.camera.lifecycle).toBe('paused');
      expect((await as(alice).post(`/cameras/${cameraId}/consent/resume`)).body).toMatchObject({
        version: 4,
        state: 'given',
        retentionDays: 14,
        activeHours: { from: '22:00', to: '06:00', timeZone: h.config.WARD_TIME_ZONE },
      });
      const withdrawn = await as(alice).post(`/cameras/${cameraId}/consent/withdraw`);
      expect(withdrawn.body).toMatchObject({ version: 5, state: 'withdrawn' });
      expect((await as(alice).get(`/cameras/${cameraId}`)).body.camera.lifecycle).toBe('withdrawn');

      const again = await as(alice).post(`/cameras/${cameraId}/consent/resume`);
      expect(again.status).toBe(409);
      expect(again.body.detail).toMatch(/withdrawal is final/);

      const history = (await as(alice).get(`/cameras/${cameraId}/consents`)).body.items as {
        version: number;
        state: string;
        retentionDays: number;
        sharingMode: string;
      }[];
      expect(history.map((c) => [c.version, c.state, c.retentionDays, c.sharingMode])).toEqual([
        [1, 'given', 7, 'ask'],
        [2, 'given', 14, 'auto_release'],
        [3, 'paused', 14, 'auto_release'],
        [4, 'given', 14, 'auto_release'],
        [5, 'withdrawn', 14, 'auto_release'],
      ]);

      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && !signals.some((s) => s.cameraId === cameraId && s.lifecycle === 'withdrawn')) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(signals.filter((s) => s.cameraId === cameraId).map((s) => s.lifecycle)).toEqual(['active', 'paused', 'active', 'withdrawn']);

      const log = (await as(alice).get(`/cameras/${cameraId}/access-log`)).body.items as { action: string }[];
      expect(log.map((e) => e.action)).toEqual(
        expect.arrayContaining([
          'camera.enrolled',
          'consent.given',
          'consent.changed',
          'consent.paused',
          'consent.resumed',
          'consent.withdrawn',
        ]),
      );
    } finally {
      subscriber.disconnect();
    }
  });

  describe('one device, one active enrolment', () => {
    // Alice enrolled simulator cameras 2 and 4 above (camera 1 was withdrawn).
    let aliceCam4: string;
    const cameraRow = async (id: string) =>
      (
        await h.db.owner.query(
          `SELECT owner_id, lifecycle, device_info, credentials_sealed, (SELECT max(version) FROM camera_consents WHERE camera_id = c.id) AS v
             FROM cameras c WHERE id = $1`,
          [id],
        )
      ).rows[0];

    beforeAll(async () => {
      const mine = (await as(alice).get('/cameras')).body.items as { id: string; onvif: { port: number }; lifecycle: string }[];
      aliceCam4 = mine.find((c) => c.onvif.port === info.cameras[3].port && c.lifecycle !== 'withdrawn')!.id;
    });

    it('a second resident cannot enrol a camera another resident enrolled: 409, nothing of the owner’s changes', async () => {
      const before = await cameraRow(aliceCam4);
      const countsBefore = await counts();
      const res = await as(bob).post('/cameras', enrolment(4));
      expect(res.status).toBe(409);
      expect(res.body.failure).toBe('enrolled_by_someone_else');
      expect(res.body.detail).toMatch(/already enrolled by another resident.*contact the ward office/);
      expect(JSON.stringify(res.body)).not.toContain(alice.id);
      expect(JSON.stringify(res.body)).not.toContain('alice');
      expect(JSON.stringify(res.body)).not.toContain(aliceCam4);
      expect(await counts()).toEqual(countsBefore);
      expect(await cameraRow(aliceCam4)).toEqual(before);
      expect((await as(bob).get('/cameras')).body).toEqual({ items: [], next: null });
      // The owner enrolling it again is told it is already hers.
      const again = await as(alice).post('/cameras', enrolment(4));
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ failure: 'already_enrolled', cameraId: aliceCam4 });
    });

    it('the same device at another address (same manufacturer and serial number) is refused too', async () => {
      // A second simulator numbers its cameras from 1 as well: its camera 2 reports the serial of Alice's camera 2.
      const twin = new CameraSimulator();
      const twinInfo = await twin.start({ cameras: 2, basePort: 0, controlPort: null, video: false, password: SIM_PASSWORD });
      try {
        const res = await as(bob).post('/cameras', enrolment(2, { onvif: { port: twinInfo.cameras[1].port } }));
        expect(res.status).toBe(409);
        expect(res.body.failure).toBe('enrolled_by_someone_else');
        const { rows } = await h.db.owner.query(
          `SELECT details FROM audit_entries WHERE action = 'camera.enrolment_refused' AND details->>'matched' = 'device'`,
        );
        expect(rows).toHaveLength(1);
        expect(rows[0].details.device).toMatchObject({ serialNumber: 'WWSIM-00002' });
      } finally {
        await twin.stop();
      }
    });

    it('the database itself refuses a second active enrolment of one address and port', async () => {
      await expect(
        h.db.owner.query(
          `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path, events_path,
             credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, last_probed_at)
           SELECT $2, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path, events_path,
             credentials_sealed, '{}', profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, 'active', now()
             FROM cameras WHERE id = $1`,
          [aliceCam4, bob.id],
        ),
      ).rejects.toThrow(/uq_cameras_active_endpoint/);
      await expect(
        h.db.owner.query(
          `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path, events_path,
             credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, last_probed_at)
           SELECT $2, label, ward_id, street, house_number, latitude, longitude, onvif_host, 1, onvif_path, events_path,
             credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, 'active', now()
             FROM cameras WHERE id = $1`,
          [aliceCam4, bob.id],
        ),
      ).rejects.toThrow(/uq_cameras_active_device/);
    });

    it('the owner sees the attempt in the camera’s access log (not who), an administrator sees who tried', async () => {
      const log = (await as(alice).get(`/cameras/${aliceCam4}/access-log`).expect(200)).body;
      const attempt = log.items.find((e: { action: string }) => e.action === 'camera.enrolment_refused');
      expect(attempt).toMatchObject({ actor: { name: null, role: 'resident' }, details: { matched: 'endpoint' } });
      expect(JSON.stringify(log)).not.toContain(bob.id);
      expect(JSON.stringify(log)).not.toContain('bob');

      await as(alice).get('/cameras/enrolment-conflicts').expect(403);
      const conflicts = (await as(admin).get('/cameras/enrolment-conflicts').expect(200)).body.items;
      expect(conflicts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            attemptedBy: { id: bob.id, name: 'bob', email: bob.email },
            cameraId: aliceCam4,
            owner: { id: alice.id, name: 'alice' },
            matched: 'endpoint',
          }),
        ]),
      );
    });

    it('after the owner withdraws, another resident can enrol the camera', async () => {
      await as(alice).post(`/cameras/${aliceCam4}/consent/withdraw`).expect(200);
      // (Its password was changed on the camera in the re-probe test above.)
      const res = await as(bob).post('/cameras', enrolment(4, { onvif: { password: 'new-Secret-4' } }));
      expect(res.status).toBe(201);
      expect(res.body.camera.ownerId).toBe(bob.id);
      expect((await as(bob).get(`/cameras/${aliceCam4}/clips`)).status).toBe(403);
    });
  });

  it('consent versions can be neither edited nor removed in the database', async () => {
    await expect(h.db.owner.query(`UPDATE camera_consents SET retention_days = 1 WHERE camera_id = $1`, [cameraId])).rejects.toThrow(
      /never edited or removed \(UPDATE\)/,
    );
    await expect(h.db.owner.query(`DELETE FROM camera_consents WHERE camera_id = $1`, [cameraId])).rejects.toThrow(
      /never edited or removed \(DELETE\)/,
    );
    await expect(h.db.owner.query(`DELETE FROM cameras WHERE id = $1`, [cameraId])).rejects.toThrow(/foreign key/);
    const app = new Client({ connectionString: h.db.appUrl });
    await app.connect();
    try {
      await expect(app.query(`DELETE FROM camera_consents WHERE camera_id = $1`, [cameraId])).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });

  it('a ward whose boundary was never imported cannot take cameras (the position could not be checked)', async () => {
    await h.db.owner.query(`INSERT INTO wards (code, name) VALUES ('no-boundary', 'Phường chưa có ranh giới')`);
    const res = await as(alice).post('/cameras', enrolment(3, { address: { wardCode: 'no-boundary' } }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'camera.ward_without_boundary',
      failure: 'ward_without_boundary',
      detail: expect.stringMatching(/POST \/wards\/import/),
    });
  });

  it('credentials appear in no log line', () => {
    const logs = h.logs();
    expect(logs).toMatch(/camera probe failed/);
    expect(logs).not.toContain(SIM_PASSWORD);
    expect(logs).not.toContain('wrong-password');
  });
});
