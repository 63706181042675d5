import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { readWardSeed, seedCameras, streetImportBody, wardImportBody } from '@wardwatch/places';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { sleep, until } from '../support/waiting';
import { REPO_ROOT, workerConfig } from '../support/test-environment';

const N = 40;
const seed = readWardSeed(join(REPO_ROOT, 'config', 'demo', 'him-lam.geojson'));
/** N of the ward's event-only cameras whose owners consented (not paused), as the demo enrols them. */
const PLAN = seedCameras(seed)
  .filter((c) => !c.properties.video && c.properties.consent.state === 'given')
  .slice(0, N);

describe(`the demo ward's event-only cameras: ${N} in one simulator, enrolled over the API, indexed by the worker`, () => {
  let simulator: CameraSimulator;
  let sim: SimulatorInfo;
  let h: ApiHarness;
  let worker: INestApplicationContext;
  const cameraIds: string[] = [];

  beforeAll(async () => {
    simulator = new CameraSimulator();
    // As the demo starts it, with no camera streaming: videoCameras 0 starts no RTSP server at all.
    sim = await simulator.start({ cameras: N, videoCameras: 0, basePort: 0, controlPort: null, video: true });
    h = await startApi();
    const admin = await h.user('admin');
    const [ward] = (
      await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(wardImportBody(seed)).expect(201)
    ).body as { id: string }[];
    await h
      .http()
      .post(`/wards/${ward.id}/streets/import`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send(streetImportBody(seed))
      .expect(201);

    // One account per owner in the file, each enrolling their own cameras with their consent.
    const owners = new Map<string, TestUser>();
    for (const key of new Set(PLAN.map((c) => c.properties.owner))) owners.set(key, await h.user('resident', key.replace(/\W/g, '-')));
    for (const [i, plan] of PLAN.entries()) {
      const p = plan.properties;
      const camera = sim.cameras[i];
      const res = await h
        .http()
        .post('/cameras')
        .set('Authorization', `Bearer ${owners.get(p.owner)!.token}`)
        .send({
          label: p.label,
          address: {
            wardCode: seed.ward.code,
            street: p.street,
            houseNumber: p.houseNumber,
            alley: p.alley ?? undefined,
            residentialGroup: p.residentialGroup,
          },
          latitude: plan.geometry.coordinates[1],
          longitude: plan.geometry.coordinates[0],
          facingNote: p.facingNote,
          onvif: { host: '127.0.0.1', port: camera.port, username: camera.username, password: camera.password },
          consent: {
            purposes: p.consent.purposes,
            retentionDays: p.consent.retentionDays,
            sharingMode: p.consent.sharingMode,
            activeHours: p.consent.activeHours ?? undefined,
            noticeVersion: p.consent.noticeVersion,
            noticeLanguage: p.consent.noticeLanguage,
          },
        });
      expect({ camera: camera.number, status: res.status, body: res.status === 201 ? 'enrolled' : res.body }).toEqual({
        camera: camera.number,
        status: 201,
        body: 'enrolled',
      });
      cameraIds.push((res.body as { camera: { id: string } }).camera.id);
    }
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, WORKER_ID: `ward-${h.db.name}` })),
      { logger: false },
    );
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await simulator?.stop();
  });

  it('starts them all event-only: ONVIF on their own ports, no stream', () => {
    expect(sim.cameras).toHaveLength(N);
    expect(sim.rtspPid).toBeNull();
    expect(sim.rtspPort).toBeNull();
    expect(sim.cameras.every((c) => !c.video)).toBe(true);
    expect(new Set(sim.cameras.map((c) => c.port)).size).toBe(N);
  });

  it('each answered the enrolment probe over ONVIF, gets a PullPoint subscription, and delivers a motion event the worker indexes', async () => {
    // Every enrolment above was a real probe (device information, profiles, stream URI, events).
    for (const c of sim.cameras) expect(simulator.camera(c.number).stats().requests).toBeGreaterThan(3);
    const rows = (await h.db.owner.query(`SELECT id, device_info->>'serialNumber' AS serial FROM cameras WHERE id = ANY($1)`, [cameraIds]))
      .rows as { id: string; serial: string }[];
    expect(rows.map((r) => r.serial).sort()).toEqual(
      sim.cameras.map((c) => simulator.camera(c.number).deviceInformation().serialNumber).sort(),
    );

    await until(
      `the worker to hold all ${N} cameras with an open subscription on each`,
      () => ({
        held: worker.get(EventSubscriptionSupervisor).heldCameras().length,
        subscribed: sim.cameras.filter((c) => simulator.camera(c.number).subscriptions.stats().active > 0).length,
      }),
      (s) => s.held === N && s.subscribed === N,
      30_000,
    );
    // The Initialized messages of a new subscription are read first; motion after them is a change.
    await sleep(500);
    for (const c of sim.cameras) simulator.camera(c.number).setMotion(true);
    await sleep(300);
    for (const c of sim.cameras) simulator.camera(c.number).setMotion(false);
    const indexed = await until(
      `a closed motion event from each of the ${N} cameras`,
      async () =>
        (
          await h.db.owner.query(
            // No earlier motion exists on these cameras. (Not started_at >= now: an event's time is the
            // camera's, corrected by the clock offset measured at enrolment, which may be off by a request.)
            `SELECT camera_id FROM motion_events WHERE camera_id = ANY($1) AND kind = 'motion' AND ended_at IS NOT NULL`,
            [cameraIds],
          )
        ).rows as { camera_id: string }[],
      (r) => new Set(r.map((x) => x.camera_id)).size === N,
      20_000,
    ).catch((e: Error) => {
      const stats = sim.cameras.map((c) => simulator.camera(c.number).stats());
      const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((a, s) => a + f(s), 0);
      throw new Error(
        `${e.message}; simulator: ${JSON.stringify({ emitted: sum((s) => s.messagesEmitted), dropped: sum((s) => s.messagesDropped), delivered: sum((s) => s.messagesDelivered), created: sum((s) => s.subscriptions.created), expired: sum((s) => s.subscriptions.expired), unsubscribed: sum((s) => s.subscriptions.unsubscribed) })}`,
      );
    });
    expect(new Set(indexed.map((r) => r.camera_id))).toEqual(new Set(cameraIds));
  });
});
