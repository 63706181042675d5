import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { MetricsService } from '@wardwatch/observability';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerMetricsEndpoint } from '../../apps/worker/src/worker-metrics.endpoint';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import { sleep, until } from '../support/waiting';
import { workerConfig } from '../support/test-environment';

describe('event ingest: the worker subscribes to every consenting camera and indexes motion', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let worker: INestApplicationContext;
  let resident: TestUser;
  let cameraIds: string[] = [];

  const events = async (cameraId: string) =>
    (
      await h.db.owner.query(
        `SELECT started_at, ended_at, closed_by FROM motion_events WHERE camera_id = $1 AND kind = 'motion' ORDER BY started_at`,
        [cameraId],
      )
    ).rows as { started_at: Date; ended_at: Date | null; closed_by: string | null }[];

  /** Waits for a subscription created after now to be in use (a pull waiting on it). */
  const freshSubscription = async (cam: number) => {
    const created = sim.camera(cam).stats().subscriptions.created;
    await until(
      `a new subscription on camera ${cam}`,
      () => sim.camera(cam).stats().subscriptions,
      (s) => s.created > created && s.active >= 1,
    );
    await sleep(300);
  };

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 3, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    ({ resident, cameraIds } = await enrolSimulatedCameras(h, info.cameras, 'Hoàng Văn Thái'));
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, WORKER_ID: 'ingest-test-1' })),
      {
        logger: false,
      },
    );
    const supervisor = worker.get(EventSubscriptionSupervisor);
    await until(
      'the worker to hold all three cameras',
      () => supervisor.heldCameras().length,
      (n) => n === 3,
    );
    await until(
      'three live subscriptions',
      () => info.cameras.map((c) => sim.camera(c.number).stats()),
      (s) => s.every((x) => x.subscriptions.active >= 1),
    );
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
    await sim.stop();
  });

  it('motion on three cameras becomes events with the right times', async () => {
    const before = Date.now();
    for (const n of [1, 2, 3]) sim.camera(n).setMotion(true);
    await sleep(600);
    for (const n of [1, 2, 3]) sim.camera(n).setMotion(false);
    const after = Date.now();
    for (const id of cameraIds) {
      const rows = await until(
        `a closed event for ${id}`,
        () => events(id),
        (r) => r.length === 1 && r[0].ended_at !== null,
      );
      expect(rows[0].started_at.getTime()).toBeGreaterThanOrEqual(before - 1500);
      expect(rows[0].ended_at!.getTime()).toBeLessThanOrEqual(after + 1500);
      expect(rows[0].ended_at!.getTime() - rows[0].started_at.getTime()).toBeGreaterThanOrEqual(400);
      expect(rows[0].closed_by).toBe('stop');
    }
  });

  it('subscriptions that expire early are re-created at once, and motion across them is not lost', async () => {
    const cam = 2;
    const id = cameraIds[cam - 1];
    const before = (await events(id)).length;
    // Every subscription now dies 2 s after it is made, whatever it promised; make the camera forget the current one.
    await sim.camera(cam).setFaults({ expireAfterSeconds: 2 });
    sim.camera(cam).dropSubscriptions();
    try {
      await until(
        'an early expiry and a re-subscription',
        () => sim.camera(cam).stats().subscriptions,
        (s) => s.expired >= 1 && s.active >= 1,
      );
      sim.camera(cam).setMotion(true);
      await sleep(2500); // spans at least one expiry
      sim.camera(cam).setMotion(false);
      const rows = await until(
        'the motion across the expiry',
        () => events(id),
        (r) => r.length === before + 1 && r[before].ended_at !== null,
      );
      expect(rows[before].ended_at!.getTime() - rows[before].started_at.getTime()).toBeGreaterThanOrEqual(1500);
    } finally {
      await sim.camera(cam).resetFaults();
    }
    const gaps = (await h.db.owner.query(`SELECT reason FROM camera_gaps WHERE camera_id = $1`, [id])).rows;
    expect(gaps.map((g) => g.reason)).toContain('subscription_lost');
  });

  it('an offline camera is marked offline with a gap, and resubscribed when it returns', async () => {
    const cam = 3;
    const id = cameraIds[cam - 1];
    const wentDown = Date.now();
    await sim.camera(cam).setFaults({ offline: true });
    await until(
      'health offline',
      async () => (await h.db.owner.query(`SELECT health FROM cameras WHERE id = $1`, [id])).rows[0].health,
      (v) => v === 'offline',
    );
    await sim.camera(cam).resetFaults();
    const cameBack = Date.now();
    const gap = await until(
      'the gap to close',
      async () =>
        (await h.db.owner.query(`SELECT reason, started_at, ended_at FROM camera_gaps WHERE camera_id = $1 AND reason = 'offline'`, [id]))
          .rows[0],
      (g) => g?.ended_at != null,
    );
    expect(gap.started_at.getTime()).toBeLessThanOrEqual(wentDown + 500);
    expect(gap.ended_at.getTime()).toBeGreaterThanOrEqual(cameBack - 500);
    expect((await h.db.owner.query(`SELECT health FROM cameras WHERE id = $1`, [id])).rows[0].health).toBe('online');
  });

  it('malformed XML from a camera is counted and the loop continues', async () => {
    const cam = 1;
    const before = (await events(cameraIds[0])).length;
    const malformedFailures = async () =>
      Number(
        /wardwatch_ingest_subscription_failures_total\{kind="malformed"\} (\d+)/.exec(await worker.get(MetricsService).render())?.[1] ?? 0,
      );
    const failuresBefore = await malformedFailures();
    const created = sim.camera(cam).stats().subscriptions.created;
    await sim.camera(cam).setFaults({ malformed: true });
    // Until the worker has read a malformed reply: a long poll already waiting when the fault began is
    // answered only at its end, so a fixed wait shorter than the poll could see no malformed reply at all.
    await until('a malformed reply counted', malformedFailures, (n) => n > failuresBefore, 15_000);
    await sim.camera(cam).resetFaults();
    // Motion while no subscription exists is dropped by the camera, as real ones do: wait for the new one.
    await until(
      `a new subscription on camera ${cam}`,
      () => sim.camera(cam).stats().subscriptions,
      (st) => st.created > created && st.active >= 1,
    );
    await sleep(300);
    sim.camera(cam).setMotion(true);
    await sleep(300);
    sim.camera(cam).setMotion(false);
    await until(
      'motion after the malformed replies',
      () => events(cameraIds[0]),
      (r) => r.length === before + 1 && r[before].ended_at !== null,
      15_000,
    );
    const metrics = await worker.get(MetricsService).render();
    expect(metrics).toMatch(/wardwatch_ingest_subscription_failures_total\{kind="malformed"\} [1-9]/);
  });

  it('a camera password change stops ingest (auth_failed, a gap) until the resident gives the new one, then the loop restarts', async () => {
    const cam = 2;
    const id = cameraIds[cam - 1];
    const before = (await events(id)).length;
    sim.camera(cam).setCredentials({ password: 'changed-on-the-camera' });
    sim.camera(cam).dropSubscriptions();
    await until(
      'health auth_failed',
      async () => (await h.db.owner.query(`SELECT health FROM cameras WHERE id = $1`, [id])).rows[0].health,
      (v) => v === 'auth_failed',
    );
    await h
      .http()
      .put(`/cameras/${id}/credentials`)
      .set('Authorization', `Bearer ${resident.token}`)
      .send({ username: 'admin', password: 'changed-on-the-camera' })
      .expect(200);
    await freshSubscription(cam);
    sim.camera(cam).setMotion(true);
    await sleep(300);
    sim.camera(cam).setMotion(false);
    await until(
      'motion with the new credentials',
      () => events(id),
      (r) => r.length === before + 1 && r[before].ended_at !== null,
    );
    // One outage, one gap (its reason is the first cause: the dropped subscription); closed once events flow again.
    const gaps = (await h.db.owner.query(`SELECT reason, ended_at FROM camera_gaps WHERE camera_id = $1 ORDER BY started_at`, [id])).rows;
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(gaps.every((g) => g.ended_at !== null)).toBe(true);
    expect((await h.db.owner.query(`SELECT health FROM cameras WHERE id = $1`, [id])).rows[0].health).toBe('online');
  });

  it('the worker serves its ingest metrics to Prometheus (with the scrape token only)', async () => {
    const port = worker.get(WorkerMetricsEndpoint).port;
    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${workerConfig().METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/wardwatch_ingest_notifications_received_total [1-9]\d*/);
    expect(text).toMatch(/wardwatch_ingest_subscriptions_active 3/);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('withdrawing consent stops pulling within seconds and gives the subscription back', async () => {
    const id = cameraIds[0];
    await h.http().post(`/cameras/${id}/consent/withdraw`).set('Authorization', `Bearer ${resident.token}`).expect(200);
    const supervisor = worker.get(EventSubscriptionSupervisor);
    const started = Date.now();
    await until(
      'the loop to stop',
      () => supervisor.heldCameras().includes(id),
      (held) => !held,
      5000,
    );
    await until(
      'the camera to have no subscription',
      () => sim.camera(1).stats().subscriptions.active,
      (n) => n === 0,
      5000,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
