import { networkInterfaces } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { CameraSimulator } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { DEMO_WARDS, IN_AN_BINH, CONSENT_ALL } from '../support/fixtures';
import { until } from '../support/waiting';
import { workerConfig } from '../support/test-environment';

/**
 * This machine's first address that is not loopback: the camera must sit in a real camera network,
 * since loopback (which tests allow for the simulator) is allowed whatever networks exist.
 */
function hostAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('this test needs an IPv4 address other than loopback on some interface (ip -4 addr)');
}

/**
 * Review F27: the network policy was captured when a subscription started, so removing a camera
 * network left running subscriptions (and recorders) reaching the cameras in it. Now each reconcile
 * checks every running camera against the networks as they are, and stops those outside them;
 * the loops' own requests are checked against the current networks too.
 */
jest.setTimeout(120_000);

describe('removing a camera network stops the subscriptions of the cameras in it', () => {
  let h: ApiHarness;
  let simulator: CameraSimulator;
  let worker: INestApplicationContext | undefined;
  const address = hostAddress();

  beforeAll(async () => {
    simulator = new CameraSimulator();
    h = await startApi();
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
    await simulator.stop();
  });

  it('a running subscription stops at the next reconcile, the camera is not contacted again until the network is back', async () => {
    const sim = await simulator.start({ cameras: 1, basePort: 0, controlPort: null, video: false, host: address });
    const admin = await h.user('admin');
    const asAdmin = { Authorization: `Bearer ${admin.token}` };
    await h.http().post('/wards/import').set(asAdmin).send(DEMO_WARDS).expect(201);
    const network = await h
      .http()
      .post('/camera-networks')
      .set(asAdmin)
      .send({ cidr: `${address}/32`, label: 'this host' })
      .expect(201);
    const resident = await h.user('resident');
    const cam = sim.cameras[0];
    const enrolled = await h
      .http()
      .post('/cameras')
      .set('Authorization', `Bearer ${resident.token}`)
      .send({
        label: 'cam on a real network',
        address: { wardCode: 'demo-an-binh', street: 'Trần Hưng Đạo', houseNumber: '1' },
        ...IN_AN_BINH,
        onvif: { host: address, port: cam.port, username: cam.username, password: cam.password },
        consent: CONSENT_ALL,
      })
      .expect(201);
    const cameraId = (enrolled.body as { camera: { id: string } }).camera.id;

    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, WORKER_ID: `netremoval-${h.db.name}`.slice(0, 64) })),
      { logger: false },
    );
    const supervisor = worker.get(EventSubscriptionSupervisor);
    const camera = () => simulator.camera(1).stats();
    await until(
      'the worker to subscribe',
      () => Promise.resolve(camera().subscriptions.active),
      (n) => n === 1,
      30_000,
    );
    expect(supervisor.heldCameras()).toEqual([cameraId]);

    await h.http().delete(`/camera-networks/${network.body.id}?force=true`).set(asAdmin).expect(204);
    await until(
      'the worker to let the camera go',
      () => Promise.resolve(supervisor.heldCameras()),
      (held) => held.length === 0,
      30_000,
    );
    // From then on nothing reaches the camera, not even an Unsubscribe: the subscription is left to
    // expire on the camera (its record stays for whoever may reach it again to clean up).
    const after = camera();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // several reconciles (500 ms apart in tests)
    expect(camera()).toMatchObject({ requests: after.requests, subscriptions: { created: 1, unsubscribed: 0 } });
    expect(supervisor.heldCameras()).toEqual([]);

    // Allowing the network again brings the camera back.
    await h
      .http()
      .post('/camera-networks')
      .set(asAdmin)
      .send({ cidr: `${address}/32`, label: 'this host again' })
      .expect(201);
    await until(
      'the worker to subscribe again',
      () => Promise.resolve(supervisor.heldCameras()),
      (held) => held.length === 1,
      30_000,
    );
    // Holding it comes first, its first request a moment later.
    await until(
      'the camera to be contacted again',
      () => Promise.resolve(camera().requests),
      (n) => n > after.requests,
      30_000,
    );
  });
});
