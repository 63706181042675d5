import { spawn, type ChildProcess } from 'node:child_process';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CameraLeases, EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { CONSENT_ALL, DEMO_WARDS, IN_AN_BINH } from '../support/fixtures';
import { REPO_ROOT, workerConfig } from '../support/test-environment';

const until = async <T>(what: string, probe: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('scale-out: workers share cameras through leases', () => {
  let h: ApiHarness;
  let sim: SimulatorInfo;
  let simulator: CameraSimulator;
  let a: INestApplicationContext;
  let b: ChildProcess | undefined;
  const cameraIds: string[] = [];

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 4, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    const admin = await h.user('admin');
    await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    const resident = await h.user('resident');
    for (const cam of sim.cameras) {
      const res = await h
        .http()
        .post('/cameras')
        .set('Authorization', `Bearer ${resident.token}`)
        .send({
          label: `cam ${cam.number}`,
          address: { wardCode: 'demo-an-binh', street: 'Nguyễn Trãi', houseNumber: String(cam.number) },
          ...IN_AN_BINH,
          onvif: { host: '127.0.0.1', port: cam.port, username: cam.username, password: cam.password },
          consent: CONSENT_ALL,
        })
        .expect(201);
      cameraIds.push(res.body.camera.id);
    }
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
    );

    // Worker B: the real entry point, as its own process, so that it can really be killed.
    b = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: h.db.appUrl, WORKER_ID: idB, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
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
    await new Promise((r) => setTimeout(r, 1000));
    for (const cam of sim.cameras) simulator.camera(cam.number).setMotion(true);
    await new Promise((r) => setTimeout(r, 300));
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
    );
    expect((await h.db.owner.query(`SELECT count(*)::int AS n FROM motion_events`)).rows[0].n).toBe(before + 4);
  });
});
