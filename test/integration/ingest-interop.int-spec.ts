import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import { sleep, until } from '../support/waiting';
import { workerConfig } from '../support/test-environment';

/**
 * Cameras the onvif library can talk to but our PullPoint client once could not: one that asks for
 * HTTP Digest on its event service instead of WS-Security, and one that writes its event-side
 * addresses with `&amp;`. Enrolled through the API (real probe), then ingested by a real worker.
 */
describe('event ingest from cameras with HTTP Digest and entity-encoded addresses', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let worker: INestApplicationContext;
  let cameraIds: string[] = [];
  const DIGEST = 1;
  const ENTITIES = 2;

  const events = async (cameraId: string) =>
    (await h.db.owner.query(`SELECT ended_at FROM motion_events WHERE camera_id = $1 AND kind = 'motion' ORDER BY started_at`, [cameraId]))
      .rows as { ended_at: Date | null }[];
  const health = async (cameraId: string) =>
    (await h.db.owner.query<{ health: string }>(`SELECT health FROM cameras WHERE id = $1`, [cameraId])).rows[0].health;

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 2, basePort: 0, controlPort: null, video: false });
    await sim.camera(DIGEST).setFaults({ httpDigest: true });
    await sim.camera(ENTITIES).setFaults({ entityAddresses: true });
    h = await startApi();
    ({ cameraIds } = await enrolSimulatedCameras(h, info.cameras, 'Hoàng Văn Thái'));
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, WORKER_ID: 'ingest-interop-1' })),
      { logger: false },
    );
    const supervisor = worker.get(EventSubscriptionSupervisor);
    await until(
      'the worker to hold both cameras',
      () => supervisor.heldCameras().length,
      (n) => n === 2,
    );
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
    await sim.stop();
  });

  it('the probe stored the decoded event service address of the entity-encoding camera', async () => {
    const row = (await h.db.owner.query(`SELECT events_path FROM cameras WHERE id = $1`, [cameraIds[ENTITIES - 1]])).rows[0];
    expect(row.events_path).toBe('/onvif/Events?profile=1&channel=1');
  });

  it.each([
    ['asks for HTTP Digest', DIGEST],
    ['writes its addresses with &amp;', ENTITIES],
  ])('a camera that %s is subscribed and its motion is indexed', async (_what, cam) => {
    const id = cameraIds[cam - 1];
    await until(
      `a live subscription on camera ${cam}`,
      () => sim.camera(cam).stats().subscriptions.active,
      (n) => n >= 1,
      15_000,
    );
    await sleep(300);
    sim.camera(cam).setMotion(true);
    await sleep(300);
    sim.camera(cam).setMotion(false);
    await until(
      'the motion event, closed',
      () => events(id),
      (r) => r.length === 1 && r[0].ended_at !== null,
      15_000,
    );
    expect(await health(id)).toBe('online');
  });

  it('a wrong password against HTTP Digest shows as auth_failed with a gap, not as a subscription failure', async () => {
    const id = cameraIds[DIGEST - 1];
    sim.camera(DIGEST).setCredentials({ password: 'changed-on-the-camera' });
    sim.camera(DIGEST).dropSubscriptions();
    await until(
      'health auth_failed',
      () => health(id),
      (v) => v === 'auth_failed',
      15_000,
    );
    const gaps = (await h.db.owner.query(`SELECT reason FROM camera_gaps WHERE camera_id = $1 AND ended_at IS NULL`, [id])).rows;
    expect(gaps.length).toBe(1);
  });
});
