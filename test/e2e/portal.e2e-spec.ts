import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { cameraSignalChannel } from '@wardwatch/cameras';
import { ObjectStore } from '@wardwatch/storage';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { SNAPSHOT_JPEG } from '../../apps/camera-sim/src/onvif/snapshot';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL, DEMO_WARDS, IN_AN_BINH, IN_HOA_THUAN } from '../support/fixtures';
import { seedCamera, seedStoredClip } from '../support/seed-footage';

const SIM_PASSWORD = 'sim-secret-Pa55word';
const SNAPSHOT_DEADLINE_MS = 5000;
const SNAPSHOTS_PER_MINUTE = 12;

/** The residents' portal's back end over real HTTP: snapshot, direction of view, edit, removal, account deletion. */
describe('residents’ portal: snapshot, direction, edit, remove, delete account', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let alice: TestUser;
  let bob: TestUser;
  let officer: TestUser;
  let supervisor: TestUser;
  let admin: TestUser;

  const as = (user: TestUser) => ({
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
    post: (path: string, body: object = {}) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
    put: (path: string, body: object) => h.http().put(path).set('Authorization', `Bearer ${user.token}`).send(body),
    patch: (path: string, body: object) => h.http().patch(path).set('Authorization', `Bearer ${user.token}`).send(body),
    delete: (path: string, body?: object) =>
      h
        .http()
        .delete(path)
        .set('Authorization', `Bearer ${user.token}`)
        .send(body ?? {}),
  });

  const enrolment = (camera: number, extra: object = {}) => ({
    label: `Cổng số ${camera}`,
    address: { wardCode: 'demo-an-binh', street: 'Hoàng Văn Thái', houseNumber: `${10 + camera}` },
    ...IN_AN_BINH,
    onvif: { host: '127.0.0.1', port: info.cameras[camera - 1].port, username: 'admin', password: SIM_PASSWORD },
    ...extra,
  });

  const accessLog = async (user: TestUser, cameraId: string) =>
    (await as(user).get(`/cameras/${cameraId}/access-log`).expect(200)).body.items as {
      action: string;
      details: Record<string, unknown>;
    }[];

  /** A JPEG answer read as bytes (supertest buffers image/* bodies). */
  const snapshot = (user: TestUser, cameraId: string) => as(user).get(`/cameras/${cameraId}/snapshot`).buffer(true);

  beforeAll(async () => {
    sim = new CameraSimulator();
    // Camera 4 streams video: the fallback when a camera offers no snapshot address.
    info = await sim.start({ cameras: 4, basePort: 0, rtspPort: 0, controlPort: null, video: true, password: SIM_PASSWORD });
    h = await startApi({
      SNAPSHOT_DEADLINE_MS: String(SNAPSHOT_DEADLINE_MS),
      SNAPSHOT_RATE_LIMIT_PER_USER: String(SNAPSHOTS_PER_MINUTE),
      SNAPSHOT_RATE_LIMIT_WINDOW_S: '60',
    });
    admin = await h.user('admin');
    await as(admin).post('/wards/import', DEMO_WARDS).expect(201);
    alice = await h.user('resident', 'alice');
    bob = await h.user('resident', 'bob');
    officer = await h.user('officer');
    supervisor = await h.user('supervisor');
  });
  afterAll(async () => {
    await h.close();
    await sim.stop();
  });

  describe('a snapshot before consenting', () => {
    let cameraId: string;

    it('a camera enrolled without consent stays pending, and its owner sees the camera’s own JPEG', async () => {
      const res = await as(alice).post('/cameras', enrolment(1)).expect(201);
      expect(res.body.consent).toBeNull();
      expect(res.body.camera.lifecycle).toBe('pending');
      cameraId = res.body.camera.id;

      const shot = await snapshot(alice, cameraId).expect(200);
      expect(shot.headers['content-type']).toBe('image/jpeg');
      expect(shot.headers['cache-control']).toBe('no-store');
      expect(Buffer.compare(shot.body as Buffer, SNAPSHOT_JPEG)).toBe(0);

      // Then consent, as the owner who has seen the picture: the first version, and the camera is active.
      const consent = await as(alice).put(`/cameras/${cameraId}/consent`, CONSENT_ALL).expect(200);
      expect(consent.body).toMatchObject({ version: 1, state: 'given' });
      expect((await as(alice).get(`/cameras/${cameraId}`).expect(200)).body.camera.lifecycle).toBe('active');

      const viewed = (await accessLog(alice, cameraId)).find((e) => e.action === 'camera.snapshot_viewed');
      expect(viewed?.details).toEqual({ source: 'snapshot_uri', bytes: SNAPSHOT_JPEG.length });
    });

    it('only its owner: another resident, an officer, a supervisor and an admin are refused', async () => {
      for (const someone of [bob, officer, supervisor, admin]) {
        const res = await snapshot(someone, cameraId);
        expect(res.status).toBe(403);
      }
    });

    describe('a hostile camera gets a clear answer naming what was wrong, and blocks nothing', () => {
      const hostile = async (faults: object, failure: string, message: RegExp) => {
        await sim.camera(1).setFaults(faults);
        try {
          const started = Date.now();
          const res = await snapshot(alice, cameraId);
          expect(res.status).toBe(502);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.body).toMatchObject({ code: failure.replace('snapshot_', 'snapshot.'), failure });
          expect(res.body.detail).toMatch(message);
          expect(Date.now() - started).toBeLessThan(SNAPSHOT_DEADLINE_MS + 2000);
          return res;
        } finally {
          await sim.camera(1).resetFaults();
        }
      };

      it('a huge body (8 MiB, no Content-Length) is cut off at the cap', () =>
        hostile({ snapshot: 'huge' }, 'snapshot_too_large', /larger than 2097152 bytes/));

      it('an HTML page labelled image/jpeg is refused by its bytes', () =>
        hostile({ snapshot: 'not_jpeg' }, 'snapshot_not_jpeg', /not a JPEG image/));

      it('a redirect to another service on 127.0.0.1 is not followed', async () => {
        let reached = 0;
        const elsewhere: Server = createServer((_req, res) => {
          reached++;
          res.end('internal');
        });
        await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
        const port = (elsewhere.address() as AddressInfo).port;
        try {
          await hostile(
            { snapshotRedirect: `http://127.0.0.1:${port}/admin` },
            'snapshot_redirect',
            /redirect \(HTTP 302 to http:\/\/127\.0\.0\.1:\d+\/admin\)/,
          );
          expect(reached).toBe(0);
        } finally {
          elsewhere.close();
        }
      });

      it('a slow drip ends at the deadline, while the API keeps answering others', async () => {
        await sim.camera(1).setFaults({ snapshot: 'drip' });
        try {
          const started = Date.now();
          const pending = snapshot(alice, cameraId).then((r) => r);
          // Meanwhile the API answers at once: the drip holds a socket, not the event loop.
          await new Promise((r) => setTimeout(r, 300));
          const t = Date.now();
          await as(bob).get('/cameras').expect(200);
          expect(Date.now() - t).toBeLessThan(1000);
          const res = await pending;
          expect(res.status).toBe(502);
          expect(res.body).toMatchObject({ code: 'snapshot.timeout', failure: 'snapshot_timeout' });
          expect(res.body.detail).toMatch(/did not finish sending its snapshot within [\d.]+ s/);
          expect(Date.now() - started).toBeLessThan(SNAPSHOT_DEADLINE_MS + 2000);
        } finally {
          await sim.camera(1).resetFaults();
        }
      });

      it('the failures are in the owner’s access log, with what failed', async () => {
        const failures = (await accessLog(alice, cameraId))
          .filter((e) => e.action === 'camera.snapshot_failed')
          .map((e) => e.details.failure);
        expect(failures.sort()).toEqual(['snapshot_not_jpeg', 'snapshot_redirect', 'snapshot_timeout', 'snapshot_too_large']);
      });
    });

    it('a camera without GetSnapshotUri gives one frame of its stream, through the relay', async () => {
      const res = await as(alice)
        .post('/cameras', enrolment(4, { consent: CONSENT_ALL }))
        .expect(201);
      await sim.camera(4).setFaults({ snapshot: 'unsupported' });
      try {
        const shot = await snapshot(alice, res.body.camera.id);
        // On failure, show why (the camera's failure), not only the status.
        expect({ status: shot.status, body: shot.status === 200 ? 'jpeg' : shot.body }).toEqual({ status: 200, body: 'jpeg' });
        const jpeg = shot.body as Buffer;
        expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
        expect(jpeg.length).toBeGreaterThan(1000);
        const viewed = (await accessLog(alice, res.body.camera.id)).find((e) => e.action === 'camera.snapshot_viewed');
        expect(viewed?.details.source).toBe('stream');
      } finally {
        await sim.camera(4).resetFaults();
      }
    });

    it('is limited per owner, with Retry-After', async () => {
      const carol = await h.user('resident', 'carol');
      const { body } = await as(carol).post('/cameras', enrolment(2)).expect(201);
      let res = await snapshot(carol, body.camera.id);
      for (let i = 0; i < SNAPSHOTS_PER_MINUTE && res.status === 200; i++) res = await snapshot(carol, body.camera.id);
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ code: 'snapshot.rate_limited', retryAfterSeconds: Number(res.headers['retry-after']) });
      expect(res.body.detail).toMatch(/too many snapshots/);
      // Alice's budget is her own.
      await snapshot(alice, cameraId).expect(200);
    });
  });

  describe('direction of view and editing', () => {
    let cameraId: string;
    const direction = { azimuthDeg: 90, fieldOfViewDeg: 60, rangeM: 40 };

    it('enrolment stores the direction; the camera shows it and its cone as a GeoJSON polygon', async () => {
      const res = await as(bob)
        .post('/cameras', enrolment(3, { direction, consent: CONSENT_ALL }))
        .expect(201);
      cameraId = res.body.camera.id;
      expect(res.body.camera.direction).toEqual(direction);
      const { camera } = (await as(bob).get(`/cameras/${cameraId}`).expect(200)).body;
      expect(camera.viewCone.type).toBe('Polygon');
      const ring = camera.viewCone.coordinates[0] as [number, number][];
      expect(ring[0]).toEqual([IN_AN_BINH.longitude, IN_AN_BINH.latitude]);
      expect(ring.at(-1)).toEqual(ring[0]);
      // Looking east: every point of the arc is east of the camera.
      for (const [lon] of ring.slice(1, -1)) expect(lon).toBeGreaterThan(IN_AN_BINH.longitude);
      // PostGIS reads it as a valid polygon (so a search can intersect it with an area).
      const [{ valid }] = (await h.db.owner.query(`SELECT ST_IsValid(ST_GeomFromGeoJSON($1)) AS valid`, [JSON.stringify(camera.viewCone)]))
        .rows;
      expect(valid).toBe(true);
      const list = (await as(bob).get('/cameras').expect(200)).body.items;
      expect(list.find((c: { id: string }) => c.id === cameraId).direction).toEqual(direction);
    });

    it('a direction out of range is refused, naming the field', async () => {
      const res = await as(bob)
        .patch(`/cameras/${cameraId}`, { direction: { azimuthDeg: 360, fieldOfViewDeg: 5, rangeM: 500 } })
        .expect(400);
      expect(res.body.code).toBe('validation.failed');
      const fields = Object.fromEntries((res.body.errors as { field: string; detail: string }[]).map((e) => [e.field, e.detail]));
      expect(fields['direction.azimuthDeg']).toMatch(/azimuthDeg must be 0-359/);
      expect(fields['direction.fieldOfViewDeg']).toMatch(/fieldOfViewDeg must be 10-180/);
      expect(fields['direction.rangeM']).toMatch(/rangeM must be 5-200/);
    });

    it('the owner changes label, address, position and direction; the change of position is in the access log', async () => {
      const moved = { latitude: IN_AN_BINH.latitude + 0.001, longitude: IN_AN_BINH.longitude + 0.001 };
      const res = await as(bob)
        .patch(`/cameras/${cameraId}`, {
          label: 'Cổng sau',
          address: { houseNumber: '99B', alley: 'Ngách 7' },
          ...moved,
          direction: { azimuthDeg: 180, fieldOfViewDeg: 90, rangeM: 25 },
        })
        .expect(200);
      expect(res.body).toMatchObject({
        label: 'Cổng sau',
        address: { houseNumber: '99B', alley: 'Ngách 7', street: 'Hoàng Văn Thái' },
        ...moved,
        direction: { azimuthDeg: 180, fieldOfViewDeg: 90, rangeM: 25 },
      });
      // The search location follows (the trigger keeps the point in step with latitude/longitude).
      const [row] = (
        await h.db.owner.query(`SELECT ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lon FROM cameras WHERE id = $1`, [
          cameraId,
        ])
      ).rows;
      expect(row.lat).toBeCloseTo(moved.latitude, 9);
      const updated = (await accessLog(bob, cameraId)).find((e) => e.action === 'camera.updated');
      expect(updated?.details.changes).toMatchObject({
        label: { before: 'Cổng số 3', after: 'Cổng sau' },
        position: { before: IN_AN_BINH, after: moved },
        direction: { before: direction, after: { azimuthDeg: 180, fieldOfViewDeg: 90, rangeM: 25 } },
      });
      // null clears the direction.
      expect((await as(bob).patch(`/cameras/${cameraId}`, { direction: null }).expect(200)).body).toMatchObject({
        direction: null,
        viewCone: null,
      });
    });

    it('a position outside the camera’s ward is refused, as at enrolment, and nothing changes', async () => {
      const res = await as(bob)
        .patch(`/cameras/${cameraId}`, { ...IN_HOA_THUAN, label: 'elsewhere' })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'camera.outside_ward', failure: 'outside_ward' });
      expect(res.body.detail).toMatch(/is outside ward demo-an-binh/);
      expect((await as(bob).get(`/cameras/${cameraId}`).expect(200)).body.camera.label).toBe('Cổng sau');
      // Latitude alone is not a position.
      await as(bob).patch(`/cameras/${cameraId}`, { latitude: 10.79 }).expect(400);
    });

    it('once the ward has streets, the street must be one of them (diacritics and case ignored, stored as the ward spells it)', async () => {
      const wards = (await as(admin).get('/wards').expect(200)).body.items as { id: string; code: string }[];
      const ward = wards.find((w) => w.code === 'demo-an-binh')!;
      await as(admin)
        .post(`/wards/${ward.id}/streets/import`, { names: ['Hoàng Văn Thái', 'Nguyễn Thị Minh Khai'] })
        .expect(201);
      const ok = await as(bob)
        .patch(`/cameras/${cameraId}`, { address: { street: 'nguyen thi minh khai' } })
        .expect(200);
      expect(ok.body.address.street).toBe('Nguyễn Thị Minh Khai');
      const bad = await as(bob)
        .patch(`/cameras/${cameraId}`, { address: { street: 'Nguyen Thi Minh Kai' } })
        .expect(422);
      expect(bad.body).toMatchObject({ code: 'camera.unknown_street', failure: 'unknown_street' });
      expect(bad.body.suggestions).toContain('Nguyễn Thị Minh Khai');
      expect(bad.body.detail).toMatch(/did you mean: Nguyễn Thị Minh Khai/);
    });

    it('only its owner edits it: another resident, an officer and an admin are refused', async () => {
      for (const someone of [alice, officer, admin]) await as(someone).patch(`/cameras/${cameraId}`, { label: 'mine now' }).expect(403);
      expect((await as(bob).get(`/cameras/${cameraId}`).expect(200)).body.camera.label).toBe('Cổng sau');
    });
  });

  describe('removing a camera and deleting an account', () => {
    const HOUR = 3600_000;
    const windowFrom = new Date(Date.now() - 3 * HOUR);
    const windowTo = new Date(Date.now() - 2 * HOUR);
    const inWindow = (minutes: number) => new Date(windowFrom.getTime() + minutes * 60_000);
    let wardId: string;

    beforeAll(async () => {
      wardId = (await h.db.owner.query(`SELECT id FROM wards WHERE code = 'demo-an-binh'`)).rows[0].id;
    });

    /** An investigation with one request over `cameraIds`, approved by the supervisor (so owners see it). */
    const approvedRequest = async (cameraIds: string[], caseNumber: string) => {
      const investigation = (await as(officer).post('/investigations', { caseNumber, title: 'Theft', summary: 'Red bike' }).expect(201))
        .body.id;
      const request = (
        await as(officer)
          .post(`/investigations/${investigation}/footage-requests`, {
            cameraIds,
            from: windowFrom,
            to: windowTo,
            reason: 'suspect passed',
            legalBasis: 'CPC art. 88',
          })
          .expect(201)
      ).body;
      await as(supervisor).post(`/footage-requests/${request.id}/supervisor-decision`, { decision: 'approve', note: 'ok' }).expect(200);
      return request.id as string;
    };

    it('DELETE /cameras/:id withdraws consent (signalled at once), declines what waits for the owner, deletes unheld footage, keeps held footage, and the camera leaves the list', async () => {
      const dora = await h.user('resident', 'dora');
      const cam = await seedCamera(h.db.owner, dora.id, { wardId, label: 'dora gate' });
      const store = h.app.get(ObjectStore);
      await seedStoredClip(h.db.owner, store, cam, inWindow(10), inWindow(11));
      await approvedRequest([cam], 'PORTAL-001');
      expect((await as(dora).get('/owner/footage-requests').expect(200)).body.items).toHaveLength(1);

      for (const someone of [bob, officer, admin]) await as(someone).delete(`/cameras/${cam}`).expect(403);

      const subscriber = new Redis(h.config.REDIS_URL);
      const signals: { cameraId: string; lifecycle: string }[] = [];
      await subscriber.subscribe(cameraSignalChannel(h.config.QUEUE_PREFIX));
      subscriber.on('message', (_channel, message: string) => signals.push(JSON.parse(message)));
      try {
        const res = await as(dora).delete(`/cameras/${cam}`).expect(200);
        expect(res.body).toMatchObject({
          consentWithdrawn: true,
          requestsDeclined: 1,
          footage: { clipsDeleted: 1, clipsKeptOnHold: 0 },
          camera: { id: cam, lifecycle: 'withdrawn', removedAt: expect.any(String) },
        });
        expect(res.body.outcome).toMatch(/Consent withdrawn/);
        await new Promise((r) => setTimeout(r, 200));
        expect(signals).toContainEqual(expect.objectContaining({ cameraId: cam, lifecycle: 'withdrawn' }));
      } finally {
        subscriber.disconnect();
      }
      expect((await as(dora).get('/cameras').expect(200)).body.items).toEqual([]);
      const consents = (await as(dora).get(`/cameras/${cam}/consents`).expect(200)).body.items;
      expect(consents.at(-1)).toMatchObject({ version: 2, state: 'withdrawn' });
      const inbox = (await as(dora).get('/owner/footage-requests').expect(200)).body.items;
      expect(inbox[0]).toMatchObject({ state: 'declined', note: 'declined: the owner removed this camera' });
      const log = (await accessLog(dora, cam)).map((e) => e.action);
      expect(log).toEqual(expect.arrayContaining(['camera.removed', 'consent.withdrawn', 'footage_request.owner_declined']));
      const again = (await as(dora).delete(`/cameras/${cam}`).expect(409)).body;
      expect(again).toMatchObject({ code: 'camera.already_removed', removedAt: expect.any(String) });
      expect(again.detail).toMatch(/already removed/);
      expect((await as(dora).patch(`/cameras/${cam}`, { label: 'x' }).expect(409)).body.code).toBe('camera.removed');
      expect((await snapshot(dora, cam).expect(409)).body.code).toBe('snapshot.camera_withdrawn');
    });

    it('deleting an account: a preview first, the password re-entered, then cameras removed, requests declined, held footage kept, the person pseudonymised, the audit chain intact', async () => {
      const erin = await h.user('resident', 'erin');
      const camAsk = await seedCamera(h.db.owner, erin.id, { wardId, label: 'erin ask' });
      const camAuto = await seedCamera(h.db.owner, erin.id, { wardId, label: 'erin auto', sharingMode: 'auto_release' });
      const store = h.app.get(ObjectStore);
      await seedStoredClip(h.db.owner, store, camAsk, inWindow(20), inWindow(21));
      await seedStoredClip(h.db.owner, store, camAuto, inWindow(30), inWindow(31));
      await approvedRequest([camAsk, camAuto], 'PORTAL-002');

      const preview = (await as(erin).get('/auth/me/deletion-preview').expect(200)).body;
      expect(preview.account).toMatchObject({ id: erin.id, email: erin.email });
      expect(preview.pendingRequests).toBe(1);
      const byId = Object.fromEntries(preview.cameras.map((c: { camera: { id: string } }) => [c.camera.id, c]));
      expect(byId[camAsk]).toMatchObject({ consentState: 'given', pendingRequests: 1, footage: { clipsDeleted: 1, clipsKeptOnHold: 0 } });
      // Auto-released to the approved investigation: on legal hold, kept until the release ends.
      expect(byId[camAuto]).toMatchObject({ pendingRequests: 0, footage: { clipsDeleted: 0, clipsKeptOnHold: 1 } });
      expect(preview.whatHappens.join(' ')).toMatch(/kept until the hold ends/);
      // The preview changed nothing.
      expect((await as(erin).get('/cameras').expect(200)).body.items).toHaveLength(2);

      const wrong = await as(erin).delete('/auth/me', { password: 'not-my-password' }).expect(403);
      expect(wrong.body.code).toBe('account.wrong_password');
      expect(wrong.body.detail).toMatch(/nothing was deleted/);
      expect((await as(erin).get('/cameras').expect(200)).body.items).toHaveLength(2);

      // Staff cannot delete themselves this way.
      await as(officer).get('/auth/me/deletion-preview').expect(403);
      await as(officer).delete('/auth/me', { password: officer.password }).expect(403);

      const notificationsOf = async (userId: string) =>
        (await h.db.owner.query(`SELECT kind, params FROM notifications WHERE recipient_id = $1`, [userId])).rows as {
          kind: string;
          params: Record<string, unknown>;
        }[];
      // The request awaiting her answer told her so.
      expect((await notificationsOf(erin.id)).map((n) => n.kind)).toContain('footage_request.awaiting_owner');
      const declinedAnswers = async () =>
        (await notificationsOf(officer.id)).filter((n) => n.kind === 'footage_request.owner_answered' && n.params.decision === 'declined')
          .length;
      const declinedBefore = await declinedAnswers();

      const done = (await as(erin).delete('/auth/me', { password: erin.password }).expect(200)).body;
      expect(done.camerasRemoved).toHaveLength(2);
      expect(done.requestsDeclined).toBe(1);
      // Declined on her behalf as an answer of hers: the officer is told, as for any owner's answer;
      // her own notifications go with the account.
      expect(await declinedAnswers()).toBe(declinedBefore + 1);
      expect(await notificationsOf(erin.id)).toEqual([]);
      expect(done.camerasRemoved.map((r: { footage: object }) => r.footage)).toEqual(
        expect.arrayContaining([
          { clipsDeleted: 1, clipsKeptOnHold: 0 },
          { clipsDeleted: 0, clipsKeptOnHold: 1 },
        ]),
      );

      // The account is gone for its holder: the token stops working, the password no longer logs in.
      await as(erin).get('/auth/me').expect(401);
      await h.http().post('/auth/login').send({ email: erin.email, password: erin.password }).expect(401);
      const [user] = (await h.db.owner.query(`SELECT email, display_name, phone, status, deleted_at FROM users WHERE id = $1`, [erin.id]))
        .rows;
      expect(user).toMatchObject({
        email: `deleted-${erin.id}@deleted.invalid`,
        display_name: `deleted account ${erin.id.slice(0, 8)}`,
        phone: null,
        status: 'disabled',
      });
      expect(user.deleted_at).not.toBeNull();
      const cameras = (await h.db.owner.query(`SELECT lifecycle, removed_at FROM cameras WHERE owner_id = $1`, [erin.id])).rows;
      expect(cameras.every((c) => c.lifecycle === 'withdrawn' && c.removed_at !== null)).toBe(true);

      // The hash chain still verifies end to end, and the log names the deleted account by id only.
      expect((await as(supervisor).get('/audit/verify').expect(200)).body.ok).toBe(true);
      const [deleted] = (
        await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'account.deleted' AND actor_id = $1`, [erin.id])
      ).rows;
      expect(JSON.stringify(deleted.details)).not.toContain(erin.email);
      expect(deleted.details).toMatchObject({ camerasRemoved: 2, requestsDeclined: 1 });
    });
  });
});
