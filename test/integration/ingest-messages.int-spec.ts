import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { QUEUES, SCHEDULERS } from '@wardwatch/queue';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerMetricsEndpoint } from '../../apps/worker/src/worker-metrics.endpoint';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import { sleep, until } from '../support/waiting';
import { workerConfig } from '../support/test-environment';

const MAX_MOTION_SECONDS = 2;

describe('event ingest: odd messages, motion without a stop, and what Prometheus sees', () => {
  let h: ApiHarness;
  let simulator: CameraSimulator;
  let sim: SimulatorInfo;
  let worker: INestApplicationContext;
  let cameraIds: string[] = [];

  const rows = async (cameraId: string) =>
    (
      await h.db.owner.query(
        `SELECT kind, topic, started_at, ended_at, closed_by FROM motion_events WHERE camera_id = $1 ORDER BY started_at, topic`,
        [cameraId],
      )
    ).rows as { kind: string; topic: string; started_at: Date; ended_at: Date | null; closed_by: string | null }[];

  const scrape = async () => {
    const port = worker.get(WorkerMetricsEndpoint).port;
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${workerConfig().METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The value of one series in Prometheus text, or undefined when the series is absent. */
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 2, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    ({ cameraIds } = await enrolSimulatedCameras(h, sim.cameras, 'Phan Đình Phùng'));
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(
        workerConfig({
          DATABASE_URL: h.db.appUrl,
          WORKER_ID: `messages-${h.db.name}`.slice(0, 64),
          INGEST_MOTION_MAX_SECONDS: String(MAX_MOTION_SECONDS),
          INGEST_OVERDUE_CHECK_MS: '500',
        }),
      ),
      { logger: false },
    );
    await until(
      'the worker to hold both cameras',
      () => worker.get(EventSubscriptionSupervisor).heldCameras().length,
      (n) => n === 2,
    );
    await until(
      'both cameras subscribed',
      () => sim.cameras.map((c) => simulator.camera(c.number).stats().subscriptions.active),
      (a) => a.every((n) => n === 1),
    );
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
    await simulator.stop();
  });

  it('one over-long topic and one impossible time among good messages: the good ones are indexed, the bad one counted', async () => {
    const cam = simulator.camera(2);
    const id = cameraIds[1];
    const longTopic = `tns1:Vendor/${'x'.repeat(400)}`;
    cam.setMotion(true);
    cam.notify([
      { topic: longTopic, data: { State: 'true' } },
      { topic: 'tns1:Device/Trigger/DigitalInput', utcTime: '1999-01-01T00:00:00Z', data: { LogicalState: 'true' } },
    ]);
    cam.setMotion(false);
    const indexed = await until(
      'the motion and the long-topic event',
      () => rows(id),
      (r) => r.length === 2 && r.every((e) => e.ended_at !== null),
    );
    expect(indexed.map((e) => [e.kind, e.topic.length, e.closed_by])).toEqual(
      expect.arrayContaining([
        ['motion', 'tns1:RuleEngine/CellMotionDetector/Motion'.length, 'stop'],
        ['other', 255, 'point'],
      ]),
    );
    const metrics = await scrape();
    expect(value(metrics, 'wardwatch_ingest_messages_rejected_total')).toBe(1);
    expect(value(metrics, `wardwatch_ingest_camera_messages_rejected_total{camera="${id}"}`)).toBe(1);
  });

  it('a motion start without a stop is closed by the scheduled job at start + the maximum', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.eventIndex));
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toContain(SCHEDULERS.closeOverdueMotion);
    const id = cameraIds[0];
    simulator.camera(1).setMotion(true); // and never a stop
    const [event] = await until(
      'the overdue close',
      () => rows(id),
      (r) => r.length === 1 && r[0].ended_at !== null,
      15_000,
    );
    expect(event.closed_by).toBe('max_duration');
    expect(event.ended_at!.getTime() - event.started_at.getTime()).toBe(MAX_MOTION_SECONDS * 1000);
    // A stop that comes after the close finds no open event and changes nothing.
    simulator.camera(1).setMotion(false);
    await sleep(1000);
    expect(await rows(id)).toEqual([event]);
    expect(value(await scrape(), 'wardwatch_ingest_overdue_motion_closed_total')).toBe(1);
  });

  it('/metrics has received, indexed, duplicates, subscription state and latency in total and per camera', async () => {
    const text = await scrape();
    expect(value(text, 'wardwatch_ingest_subscriptions_active')).toBe(2);
    expect(value(text, 'wardwatch_ingest_subscriptions_failing')).toBe(0);
    expect(value(text, 'wardwatch_ingest_cameras_held')).toBe(2);
    expect(value(text, 'wardwatch_ingest_notifications_received_total')).toBeGreaterThanOrEqual(7);
    expect(value(text, 'wardwatch_ingest_events_indexed_total')).toBeGreaterThanOrEqual(3);
    expect(value(text, 'wardwatch_ingest_duplicates_dropped_total')).toBe(0);
    expect(value(text, 'wardwatch_ingest_index_seconds_count')).toBeGreaterThan(0);
    for (const id of cameraIds) {
      const camera = `{camera="${id}"}`;
      expect(value(text, `wardwatch_ingest_camera_notifications_received_total${camera}`)).toBeGreaterThanOrEqual(2);
      expect(value(text, `wardwatch_ingest_camera_events_indexed_total${camera}`)).toBeGreaterThanOrEqual(1);
      expect(value(text, `wardwatch_ingest_camera_duplicates_dropped_total${camera}`)).toBe(0);
      expect(value(text, `wardwatch_ingest_camera_subscription_up${camera}`)).toBe(1);
      expect(value(text, `wardwatch_ingest_camera_index_seconds_count${camera}`)).toBeGreaterThan(0);
    }

    // A failing camera shows as failing, in total and on its own series.
    await simulator.camera(1).setFaults({ offline: true });
    try {
      const failing = await until(
        'camera 1 to show as failing',
        scrape,
        (t) => value(t, `wardwatch_ingest_camera_subscription_up{camera="${cameraIds[0]}"}`) === 0,
      );
      expect(value(failing, 'wardwatch_ingest_subscriptions_failing')).toBe(1);
      expect(value(failing, 'wardwatch_ingest_subscriptions_active')).toBe(1);
    } finally {
      await simulator.camera(1).resetFaults();
    }
  });

  it('motion re-started again and again and never stopped is one event, closed at the maximum duration', async () => {
    const id = cameraIds[0];
    const cam = simulator.camera(1);
    await until(
      'camera 1 subscribed again',
      () => cam.stats().subscriptions.active,
      (n) => n === 1,
    );
    const since = new Date();
    const emitted = cam.stats().messagesEmitted;
    await cam.setFaults({ motionWithoutStopEveryMs: 200 });
    await sleep(MAX_MOTION_SECONDS * 1000 - 600); // starts keep coming, within the maximum
    await cam.resetFaults();
    expect(cam.stats().messagesEmitted - emitted).toBeGreaterThanOrEqual(5);
    const closed = await until(
      'the episode closed at its maximum',
      async () => (await rows(id)).filter((e) => e.started_at >= new Date(since.getTime() - 1000)),
      (r) => r.length > 0 && r.every((e) => e.ended_at !== null),
      15_000,
    );
    expect(closed).toHaveLength(1);
    expect(closed[0].closed_by).toBe('max_duration');
    expect(closed[0].ended_at!.getTime() - closed[0].started_at.getTime()).toBe(MAX_MOTION_SECONDS * 1000);
    cam.setMotion(false);
  });

  it('a camera that answers every pull at once with messages is paced to its budget, counted and marked noisy; the others keep their pace', async () => {
    const stormy = simulator.camera(2);
    const stormyId = cameraIds[1];
    const calmId = cameraIds[0];
    const budget = workerConfig().INGEST_CAMERA_MESSAGES_PER_S;
    const perAnswer = 10;
    await stormy.setFaults({ instantAnswerStorm: perAnswer });
    try {
      await sleep(4000); // past the burst allowance
      const r0 = stormy.stats().pulls;
      const d0 = stormy.stats().messagesDelivered;
      const t0 = Date.now();
      // Meanwhile the calm camera's motion is indexed as fast as ever.
      const calm = simulator.camera(1);
      const before = new Date();
      calm.setMotion(true);
      await sleep(300);
      calm.setMotion(false);
      const [event] = await until(
        'the calm camera’s motion indexed',
        async () =>
          (
            await h.db.owner.query(
              `SELECT started_at, ended_at, extract(epoch FROM indexed_at - camera_started_at) * 1000 AS delay_ms FROM motion_events
               WHERE camera_id = $1 AND started_at > $2 AND ended_at IS NOT NULL`,
              [calmId, new Date(before.getTime() - 1000)],
            )
          ).rows as { delay_ms: number }[],
        (r) => r.length === 1,
        5000,
      );
      expect(Number(event.delay_ms)).toBeLessThan(1000);
      await sleep(5000 - (Date.now() - t0));
      const seconds = (Date.now() - t0) / 1000;
      // Pulls, not every request: under CI load a subscription may time out and be made again, and
      // its requests (capabilities, subscribe, clock) say nothing about the pacing of pulls.
      const pullsPerSecond = (stormy.stats().pulls - r0) / seconds;
      const messagesPerSecond = (stormy.stats().messagesDelivered - d0) / seconds;
      // Budget 20/s at 10 a pull: about 2 pulls a second, not hundreds.
      expect(pullsPerSecond).toBeGreaterThan(0);
      expect(pullsPerSecond).toBeLessThanOrEqual(budget / perAnswer + 1);
      expect(messagesPerSecond).toBeLessThanOrEqual(budget * 1.5);
      const text = await scrape();
      expect(value(text, `wardwatch_ingest_camera_messages_over_budget_total{camera="${stormyId}"}`)).toBeGreaterThan(0);
      expect(value(text, 'wardwatch_ingest_messages_over_budget_total')).toBeGreaterThan(0);
      expect(value(text, `wardwatch_ingest_camera_noisy{camera="${stormyId}"}`)).toBe(1);
      expect(value(text, `wardwatch_ingest_camera_noisy{camera="${calmId}"}`)).toBe(0);
    } finally {
      await stormy.resetFaults();
    }
  });

  it('a camera that pads each answer to a huge reply is paced by the bytes the worker must parse, not only by its messages', async () => {
    const padded = simulator.camera(2);
    const budget = workerConfig().INGEST_CAMERA_MESSAGES_PER_S;
    const replyBytes = 200_000; // under the 256 KiB cap: each answer is read and parsed in full
    await padded.setFaults({ instantAnswerStorm: 1, hostileReplyBytes: replyBytes });
    try {
      await sleep(4000); // past the burst allowance
      const r0 = padded.stats().pulls;
      const t0 = Date.now();
      await sleep(5000);
      const pullsPerSecond = (padded.stats().pulls - r0) / ((Date.now() - t0) / 1000);
      // One message per answer would allow a pull every INGEST_MIN_PULL_INTERVAL_MS (10 a second);
      // charged by size (about 48 messages' worth each), the budget allows well under one a second.
      expect(pullsPerSecond).toBeGreaterThan(0);
      expect(pullsPerSecond).toBeLessThanOrEqual(budget / Math.floor(replyBytes / 4096) + 1.5);
    } finally {
      await padded.resetFaults();
    }
  });
});
