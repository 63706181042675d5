import type { ChildProcess } from 'node:child_process';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { MetricsService } from '@wardwatch/observability';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import { until } from '../support/waiting';
import { spawnWorkerProcess } from '../support/worker-process';
import { workerConfig } from '../support/test-environment';

/**
 * Cameras have few subscription slots. A worker that dies holding a subscription leaves it on the
 * camera until its termination time (10 minutes here); the camera's next owner finds the recorded
 * reference in PostgreSQL and unsubscribes it before subscribing, so the camera is back to one.
 */
describe('taking over a camera from a dead worker', () => {
  let h: ApiHarness;
  let simulator: CameraSimulator;
  let sim: SimulatorInfo;
  let crashed: ChildProcess | undefined;
  let successor: INestApplicationContext | undefined;
  let cameraId: string;

  const record = async () =>
    (await h.db.owner.query(`SELECT worker_id, address, terminates_at FROM camera_subscriptions WHERE camera_id = $1`, [cameraId]))
      .rows[0] as { worker_id: string; address: string; terminates_at: Date } | undefined;
  const stats = () => simulator.camera(1).stats().subscriptions;

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 1, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    ({
      cameraIds: [cameraId],
    } = await enrolSimulatedCameras(h, sim.cameras, 'Trần Hưng Đạo'));
  });
  afterAll(async () => {
    crashed?.kill('SIGKILL');
    await successor?.close();
    await h.close();
    await simulator.stop();
  });

  it('the leaked subscription is unsubscribed, not left to expire; a clean stop clears the record', async () => {
    const crashedId = `takeover-crashed-${h.db.name}`.slice(0, 64);
    const successorId = `takeover-next-${h.db.name}`.slice(0, 64);
    // The real entry point in its own process, so that it can die without unsubscribing anything.
    crashed = spawnWorkerProcess(h.db.appUrl, `wardwatch-${h.db.name}`, crashedId);
    const made = await until('the first worker to record its subscription', record, (r) => r?.worker_id === crashedId, 60_000);
    expect(made!.terminates_at.getTime()).toBeGreaterThan(Date.now() + 60_000); // PT10M: it would hold the slot for minutes
    expect(stats().active).toBe(1);

    crashed.kill('SIGKILL');
    await new Promise((resolve) => crashed!.once('exit', resolve));
    expect(stats()).toMatchObject({ active: 1, unsubscribed: 0 }); // leaked: the camera still holds it

    successor = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, WORKER_ID: successorId })),
      { logger: false },
    );
    await until('the successor to record its own subscription', record, (r) => r?.worker_id === successorId, 30_000);
    expect(stats()).toMatchObject({ active: 1, created: 2, unsubscribed: 1, expired: 0 });
    expect(await successor.get(MetricsService).render()).toMatch(/wardwatch_ingest_leftover_subscriptions_unsubscribed_total 1\b/);

    // A clean stop gives the subscription back and forgets it.
    expect(successor.get(EventSubscriptionSupervisor).heldCameras()).toEqual([cameraId]);
    await successor.close();
    successor = undefined;
    expect(stats()).toMatchObject({ active: 0, unsubscribed: 2 });
    expect(await record()).toBeUndefined();
  });

  it('a recorded address is rewritten to the enrolled camera: a foreign host in the record is never contacted', async () => {
    // A subscription on the camera, recorded with the cloud metadata address a hostile camera (or a
    // tampered row) might carry; only the path may be taken from it.
    const leaked = simulator.camera(1).createSubscription(600_000)!;
    const before = stats();
    await h.db.owner.query(
      `INSERT INTO camera_subscriptions (camera_id, address, reference_parameters, camera_terminates_at, terminates_at, worker_id, created_at)
       VALUES ($1, $2, '', now() + interval '10 minutes', now() + interval '10 minutes', 'gone-worker', now())`,
      [cameraId, `http://169.254.169.254:80/onvif/subscription/${leaked.id}`],
    );
    const workerId = `takeover-third-${h.db.name}`.slice(0, 64);
    successor = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, WORKER_ID: workerId })),
      { logger: false },
    );
    await until('the worker to record its own subscription', record, (r) => r?.worker_id === workerId, 30_000);
    // The camera itself received the Unsubscribe for the leaked subscription: one left, ours.
    expect(stats()).toMatchObject({ active: 1, unsubscribed: before.unsubscribed + 1 });
    expect(simulator.camera(1).subscriptions.get(leaked.id)).toBeUndefined();
  });
});
