import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import { sleep } from '../support/waiting';
import { PrivateRedis } from '../support/private-redis';
import { workerConfig } from '../support/test-environment';

describe('ingest across a Redis restart', () => {
  let h: ApiHarness;
  let simulator: CameraSimulator;
  let sim: SimulatorInfo;
  let redis: PrivateRedis;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 2, basePort: 0, controlPort: null, video: false });
    redis = await PrivateRedis.start();
    h = await startApi({ REDIS_URL: redis.url });
    await enrolSimulatedCameras(h, sim.cameras, 'Lê Lợi');
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, REDIS_URL: redis.url, WORKER_ID: `restart-${h.db.name}` })),
      { logger: false },
    );
    const deadline = Date.now() + 10_000;
    while (worker.get(EventSubscriptionSupervisor).heldCameras().length < 2 && Date.now() < deadline) await sleep(100);
    while (sim.cameras.some((c) => simulator.camera(c.number).stats().subscriptions.active < 1) && Date.now() < deadline) await sleep(100);
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
    await redis.stop();
    await simulator.stop();
  });

  it('loses no motion: every episode emitted before, during and after the outage is indexed once', async () => {
    const episodes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        for (const c of sim.cameras) simulator.camera(c.number).setMotion(true);
        await sleep(150);
        for (const c of sim.cameras) simulator.camera(c.number).setMotion(false);
        await sleep(150);
      }
    };
    await episodes(2);
    await redis.stop();
    await episodes(3); // Redis down: pulls and writes to PostgreSQL go on
    await sleep(1500); // a few reconciles fail meanwhile
    await redis.start(); // empty, like the real one after a restart
    await sleep(1500);
    await episodes(2);

    const emitted = 7 * sim.cameras.length;
    const deadline = Date.now() + 15_000;
    let indexed = 0;
    while (Date.now() < deadline) {
      indexed = (await h.db.owner.query(`SELECT count(*)::int AS n FROM motion_events WHERE kind = 'motion' AND ended_at IS NOT NULL`))
        .rows[0].n;
      if (indexed >= emitted) break;
      await sleep(200);
    }
    expect({ lost: emitted - indexed, duplicates: Math.max(0, indexed - emitted) }).toEqual({ lost: 0, duplicates: 0 });
    const closedBy = (await h.db.owner.query(`SELECT DISTINCT closed_by FROM motion_events`)).rows.map((r) => r.closed_by);
    expect(closedBy).toEqual(['stop']);
    expect(worker.get(EventSubscriptionSupervisor).heldCameras()).toHaveLength(2);
  });
});
