import type { ChildProcess } from 'node:child_process';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CameraLeases } from '@wardwatch/holdings';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import { sleep, until } from '../support/waiting';
import { workerConfig } from '../support/test-environment';
import { spawnWorkerProcess } from '../support/worker-process';

describe('scale-out: workers share cameras through leases', () => {
  let h: ApiHarness;
  let sim: SimulatorInfo;
  let simulator: CameraSimulator;
  let a: INestApplicationContext;
  let b: ChildProcess | undefined;
  let cameraIds: string[] = [];

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 4, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    ({ cameraIds } = await enrolSimulatedCameras(h, sim.cameras, 'Nguyễn Trãi'));
    a = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, WORKER_ID: `scale-a-${h.db.name}` })),
      {
        logger: false,
      },
    );
  });
  afterAll(async () => {
    b?.kill('SIGKILL');
    await a?.close();
    await h.close();
    await simulator.stop();
  });

  const owners = async () => {
    const leases = a.get(CameraLeases);
    const list = await Promise.all(cameraIds.map((id) => leases.owner(id)));
    return list.reduce<Record<string, number>>((acc, o) => ((acc[o ?? 'nobody'] = (acc[o ?? 'nobody'] ?? 0) + 1), acc), {});
  };

  it('one worker holds every camera; a second one joining takes half; a killed one’s cameras move back within a lease period', async () => {
    const idA = `scale-a-${h.db.name}`;
    const idB = `scale-b-${h.db.name}`;
    await until(
      'worker A to hold all four',
      () => a.get(EventSubscriptionSupervisor).heldCameras().length,
      (n) => n === 4,
      20_000,
    );

    // Worker B: the real entry point, as its own process, so that it can really be killed.
    // The same installation as worker A: leases live under its Redis prefix.
    b = spawnWorkerProcess(h.db.appUrl, workerConfig({ DATABASE_URL: h.db.appUrl }).QUEUE_PREFIX, idB);
    const split = await until('the cameras to be split two and two', owners, (o) => o[idA] === 2 && o[idB] === 2, 30_000);
    expect(split).toEqual({ [idA]: 2, [idB]: 2 });

    const killedAt = Date.now();
    b.kill('SIGKILL');
    await until('worker A to hold all four again', owners, (o) => o[idA] === 4, 20_000);
    const leaseMs = workerConfig().INGEST_LEASE_MS;
    // A lease period, plus a reconcile, plus time to re-subscribe.
    expect(Date.now() - killedAt).toBeLessThan(leaseMs + 5_000);

    // Every camera is subscribed again and its motion reaches the index.
    const before = (await h.db.owner.query(`SELECT count(*)::int AS n FROM motion_events`)).rows[0].n as number;
    await sleep(1000);
    for (const cam of sim.cameras) simulator.camera(cam.number).setMotion(true);
    await sleep(300);
    for (const cam of sim.cameras) simulator.camera(cam.number).setMotion(false);
    await until(
      'motion from all four cameras',
      async () =>
        (
          await h.db.owner.query(
            `SELECT count(DISTINCT camera_id)::int AS n FROM motion_events WHERE ended_at IS NOT NULL AND indexed_at > now() - interval '10 seconds'`,
          )
        ).rows[0].n as number,
      (n) => n === 4,
      20_000,
    );
    expect((await h.db.owner.query(`SELECT count(*)::int AS n FROM motion_events`)).rows[0].n).toBe(before + 4);
  });
});
