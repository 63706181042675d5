import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClipCaptureService } from '@wardwatch/footage';
import { CameraHoldings } from '@wardwatch/holdings';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import { until } from '../support/waiting';
import { workerConfig } from '../support/test-environment';

/**
 * A worker takes a camera only when it can serve it in full: a camera with video counts against
 * both INGEST_MAX_CAMERAS and CLIP_MAX_CAMERAS, one with events only against the first alone. So a
 * worker never holds more video cameras than it buffers, and a second worker takes its share of both.
 */
describe('holdings: each worker takes what it can serve, events and video together', () => {
  let h: ApiHarness;
  let simulator: CameraSimulator;
  let sim: SimulatorInfo;
  let cameraIds: string[];
  let eventsOnly: string[];
  const workers: INestApplicationContext[] = [];

  const start = async (id: string) => {
    const app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(
        workerConfig({
          DATABASE_URL: h.db.appUrl,
          WORKER_ID: `${id}-${h.db.name}`.slice(0, 64),
          INGEST_RECONCILE_MS: '300',
          INGEST_LEASE_MS: '1000',
          INGEST_MAX_CAMERAS: '3',
          CLIP_MAX_CAMERAS: '2',
        }),
      ),
      { logger: false },
    );
    workers.push(app);
    return app;
  };
  const kinds = (app: INestApplicationContext) => {
    const held = [...app.get(CameraHoldings).current().values()];
    return { video: held.filter((x) => x.target.video).length, eventsOnly: held.filter((x) => !x.target.video).length };
  };
  const openNoCapacity = async () =>
    (
      (
        await h.db.owner.query(
          `SELECT count(*)::int AS n FROM camera_gaps WHERE camera_id = ANY($1) AND reason = 'no_capacity' AND ended_at IS NULL`,
          [cameraIds],
        )
      ).rows[0] as { n: number }
    ).n;

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 6, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    ({ cameraIds } = await enrolSimulatedCameras(h, sim.cameras, 'Hai Bà Trưng'));
    // Four cameras with video (consent includes clips, a stream address), two with events only.
    eventsOnly = cameraIds.slice(4);
    await h.db.owner.query(`UPDATE cameras SET stream_uri = '' WHERE id = ANY($1)`, [eventsOnly]);
  });
  afterAll(async () => {
    for (const app of workers.reverse()) await app.close();
    await h.close();
    await simulator.stop();
  });

  it('one worker never takes more video cameras than it buffers; the rest show no_capacity', async () => {
    const a = await start('shares-a');
    await until(
      'worker A to take its fill',
      () => a.get(CameraHoldings).current().size,
      (n) => n === 3,
      15_000,
    );
    const held = kinds(a);
    expect(held.video).toBeLessThanOrEqual(2);
    expect(held.video + held.eventsOnly).toBe(3);
    // Every video camera it holds is buffered (none is held for events while its video is dropped).
    await until(
      'capture to follow the holdings',
      () =>
        a
          .get(ClipCaptureService)
          .status()
          .cameras.map((c) => c.cameraId)
          .sort(),
      (ids) => ids.length === held.video,
      15_000,
    );
    const buffered = a
      .get(ClipCaptureService)
      .status()
      .cameras.map((c) => c.cameraId);
    for (const id of buffered) expect(a.get(CameraHoldings).current().get(id)?.target.video).toBe(true);
    // Its event loops are exactly its holdings.
    expect(a.get(EventSubscriptionSupervisor).heldCameras().sort()).toEqual([...a.get(CameraHoldings).current().keys()].sort());
    await until('the three it cannot take to be reported', openNoCapacity, (n) => n === 3, 15_000);
  });

  it('a second worker takes its share of both kinds, and every camera is covered', async () => {
    const [a] = workers;
    const b = await start('shares-b');
    await until(
      'both workers to hold two video and one events-only camera',
      () => [kinds(a), kinds(b)],
      ([x, y]) => x.video === 2 && x.eventsOnly === 1 && y.video === 2 && y.eventsOnly === 1,
      20_000,
    );
    const all = [...a.get(CameraHoldings).current().keys(), ...b.get(CameraHoldings).current().keys()].sort();
    expect(all).toEqual([...cameraIds].sort());
    await until('the no_capacity gaps to close', openNoCapacity, (n) => n === 0, 10_000);
    const notCovered = await h.db.owner.query(`SELECT id FROM cameras WHERE id = ANY($1) AND health = 'not_covered'`, [cameraIds]);
    expect(notCovered.rows).toEqual([]);
  });
});
