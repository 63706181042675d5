import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CameraHoldings } from '@wardwatch/holdings';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import type { TestUser } from '../support/api-harness';
import { sleep, until } from '../support/waiting';
import { workerConfig } from '../support/test-environment';
import { spawnWorkerProcess } from '../support/worker-process';

/**
 * "No footage" must mean "nothing happened" or say why not: a consenting camera that no worker
 * holds shows health not_covered and a gap with the reason, in the owner's timeline and search.
 */
describe('coverage that tells the truth: cameras nobody holds', () => {
  let h: ApiHarness;
  let simulator: CameraSimulator;
  let sim: SimulatorInfo;
  let resident: TestUser;
  let cameraIds: string[];
  let worker: INestApplicationContext | undefined;
  const LEASE_MS = 1000;

  const start = (id: string, overrides: Record<string, string> = {}) =>
    NestFactory.createApplicationContext(
      WorkerModule.forRoot(
        workerConfig({
          DATABASE_URL: h.db.appUrl,
          WORKER_ID: `${id}-${h.db.name}`.slice(0, 64),
          INGEST_RECONCILE_MS: '300',
          INGEST_LEASE_MS: String(LEASE_MS),
          ...overrides,
        }),
      ),
      { logger: false },
    );
  const health = async (id: string) =>
    ((await h.db.owner.query(`SELECT health FROM cameras WHERE id = $1`, [id])).rows[0] as { health: string }).health;
  const timeline = async (id: string) =>
    (await h.http().get(`/cameras/${id}/timeline`).set('Authorization', `Bearer ${resident.token}`).expect(200)).body as {
      gaps: { reason: string; startedAt: string; endedAt: string | null }[];
    };

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 3, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    ({ resident, cameraIds } = await enrolSimulatedCameras(h, sim.cameras, 'Lý Thường Kiệt'));
    // Events only (no stream address): the video cap plays no part here.
    await h.db.owner.query(`UPDATE cameras SET stream_uri = '' WHERE id = ANY($1)`, [cameraIds]);
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
    await simulator.stop();
  });

  it('more cameras than the worker can take: the extra one is not_covered with a no_capacity gap, closed when a worker takes it', async () => {
    worker = await start('coverage-small', { INGEST_MAX_CAMERAS: '2' });
    const holdings = worker.get(CameraHoldings);
    await until(
      'the worker to hold two cameras',
      () => holdings.current().size,
      (n) => n === 2,
      15_000,
    );
    const [left] = cameraIds.filter((id) => !holdings.current().has(id));

    await until(
      'the camera nobody holds to be not_covered',
      () => health(left),
      (s) => s === 'not_covered',
      15_000,
    );
    const { gaps } = await timeline(left);
    expect(gaps).toEqual([expect.objectContaining({ reason: 'no_capacity', endedAt: null })]);
    // From when it should have been covered (its consent), not from when the worker noticed.
    const consent = (await h.db.owner.query(`SELECT max(given_at) AS at FROM camera_consents WHERE camera_id = $1`, [left])).rows[0] as {
      at: Date;
    };
    expect(Date.parse(gaps[0].startedAt)).toBe(consent.at.getTime());
    // The held ones are not flagged.
    for (const id of cameraIds.filter((c) => c !== left))
      expect((await timeline(id)).gaps.map((g) => g.reason)).not.toContain('no_capacity');
    // Search shows it too: the officer's result carries the health and the gap beside the camera.
    const officer = await h.user('officer');
    const found = (
      await h
        .http()
        .get('/search/cameras')
        .query({
          street: 'ly thuong kiet',
          from: new Date(Date.now() - 3_600_000).toISOString(),
          to: new Date(Date.now() + 60_000).toISOString(),
        })
        .set('Authorization', `Bearer ${officer.token}`)
        .expect(200)
    ).body as { items: { id: string; health: string; gaps: { reason: string; endedAt: string | null }[] }[] };
    expect(found.items.find((c) => c.id === left)).toMatchObject({
      health: 'not_covered',
      gaps: [{ reason: 'no_capacity', endedAt: null }],
    });

    // Room for it (a worker with more capacity): the gap closes where it was taken, health leaves not_covered.
    await worker.close();
    worker = await start('coverage-big');
    await until('the camera to be taken', () => worker!.get(CameraHoldings).current().has(left), Boolean, 15_000);
    const closed = (await timeline(left)).gaps.find((g) => g.reason === 'no_capacity');
    expect(closed?.endedAt).not.toBeNull();
    await until(
      'health to leave not_covered',
      () => health(left),
      (s) => s !== 'not_covered',
      10_000,
    );
  });

  it('all workers down: the worker that starts later writes the gap back to when the last lease lapsed', async () => {
    await until(
      'the worker to hold all three',
      () => worker!.get(CameraHoldings).current().size,
      (n) => n === 3,
      15_000,
    );
    const gapsBefore = new Map(await Promise.all(cameraIds.map(async (id) => [id, (await timeline(id)).gaps.length] as const)));
    const stoppedAt = Date.now();
    await worker!.close();
    worker = undefined;
    // Nobody alive to write anything for a while (well over a lease period).
    await sleep(3 * LEASE_MS);
    const restartedAt = Date.now();
    worker = await start('coverage-back');
    await until(
      'the new worker to hold all three',
      () => worker!.get(CameraHoldings).current().size,
      (n) => n === 3,
      15_000,
    );
    for (const id of cameraIds) {
      const gaps = (await timeline(id)).gaps;
      expect(gaps.length).toBe(gapsBefore.get(id)! + 1);
      // The latest: the switch between workers in the test above was more than a lease period too.
      const down = gaps.filter((g) => g.reason === 'no_worker').pop();
      expect(down).toBeDefined();
      // From when the stopped worker gave the lease back to when the new one took it.
      expect(Date.parse(down!.startedAt)).toBeGreaterThanOrEqual(stoppedAt - 500);
      expect(Date.parse(down!.startedAt)).toBeLessThan(restartedAt);
      expect(Date.parse(down!.endedAt!)).toBeGreaterThanOrEqual(restartedAt);
    }
  });

  it('a worker that died (SIGKILL: nothing given back) leaves a gap from when its lease lapsed', async () => {
    const [id] = cameraIds;
    await worker!.close();
    worker = undefined;
    const crashedId = `coverage-crashed-${h.db.name}`.slice(0, 64);
    // The real entry point in its own process, so that it can die without giving anything back.
    const crashed = spawnWorkerProcess(h.db.appUrl, workerConfig({ DATABASE_URL: h.db.appUrl }).QUEUE_PREFIX, crashedId, {
      INGEST_RECONCILE_MS: '300',
      INGEST_LEASE_MS: String(LEASE_MS),
    });
    try {
      await until(
        'the spawned worker to hold the camera',
        async () =>
          (await h.db.owner.query(`SELECT worker_id, released_at FROM camera_holdings WHERE camera_id = $1`, [id])).rows[0] as
            { worker_id: string; released_at: Date | null } | undefined,
        (r) => r?.worker_id === crashedId && r.released_at === null,
        60_000,
      );
    } finally {
      crashed.kill('SIGKILL');
      await new Promise((resolve) => crashed.once('exit', resolve));
    }
    const { renewed_at: renewedAt } = (await h.db.owner.query(`SELECT renewed_at FROM camera_holdings WHERE camera_id = $1`, [id]))
      .rows[0] as { renewed_at: Date };
    await sleep(3 * LEASE_MS);
    worker = await start('coverage-after-crash');
    await until('the camera to be taken again', () => worker!.get(CameraHoldings).current().has(id), Boolean, 15_000);
    const gaps = (await timeline(id)).gaps.filter((g) => g.reason === 'no_worker');
    const latest = gaps[gaps.length - 1];
    // Its last renewal plus a lease period: when the lease lapsed, as nobody was alive to say.
    expect(Date.parse(latest.startedAt)).toBe(renewedAt.getTime() + LEASE_MS);
    expect(latest.endedAt).not.toBeNull();
  });
});
