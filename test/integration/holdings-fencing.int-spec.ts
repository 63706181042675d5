import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventIndexRepository } from '@wardwatch/events';
import { ClipRepository } from '@wardwatch/footage';
import { CameraHoldings, FencedWriteRefused, HoldingFence } from '@wardwatch/holdings';
import { CameraCoverageRepository } from '@wardwatch/ingest';
import { MetricsService } from '@wardwatch/observability';
import { RedisConnection } from '@wardwatch/queue';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { enrolSimulatedCameras } from '../support/fixtures';
import { sleep, until } from '../support/waiting';
import { workerConfig } from '../support/test-environment';

/**
 * A worker that pauses (GC, SIGSTOP) past its lease and wakes up must not act as the camera's
 * owner: every owner write carries its lease's fencing token, and PostgreSQL refuses it once the
 * new owner's newer token is recorded. The refusal is counted, and the new owner's data stands.
 */
describe('fencing: a worker whose lease was taken over cannot write as owner', () => {
  let h: ApiHarness;
  let simulator: CameraSimulator;
  let sim: SimulatorInfo;
  let cameraId: string;
  let paused: INestApplicationContext | undefined;
  let successor: INestApplicationContext | undefined;

  const start = (id: string, overrides: Record<string, string>) =>
    NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, WORKER_ID: `${id}-${h.db.name}`.slice(0, 64), ...overrides })),
      { logger: false },
    );
  const refused = async (app: INestApplicationContext) => {
    const text = await app.get(MetricsService).render();
    const counts: Record<string, number> = {};
    for (const m of text.matchAll(/^wardwatch_holding_writes_refused_total\{write="([a-z_]+)"\} (\d+)/gm)) counts[m[1]] = Number(m[2]);
    return counts;
  };
  const events = async () =>
    (await h.db.owner.query(`SELECT closed_by, ended_at FROM motion_events WHERE camera_id = $1 AND kind = 'motion'`, [cameraId])).rows as {
      closed_by: string | null;
      ended_at: Date | null;
    }[];

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 1, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    ({
      cameraIds: [cameraId],
    } = await enrolSimulatedCameras(h, sim.cameras, 'Điện Biên Phủ'));
    await h.db.owner.query(`UPDATE cameras SET stream_uri = '' WHERE id = $1`, [cameraId]);
  });
  afterAll(async () => {
    await successor?.close();
    await paused?.close();
    await h.close();
    await simulator.stop();
  });

  it('the paused worker’s writes are refused and counted; the new owner’s events and clips stand', async () => {
    // The paused worker: its holdings never reconcile again during the test (as if its process were stopped).
    paused = await start('fence-paused', { INGEST_RECONCILE_MS: '600000' });
    await until('the worker to hold the camera', () => paused!.get(CameraHoldings).current().get(cameraId), Boolean, 15_000);
    const stale = { cameraId, token: paused.get(CameraHoldings).current().get(cameraId)!.token };
    await until(
      'its subscription',
      () => simulator.camera(1).stats().subscriptions.active,
      (n) => n >= 1,
      15_000,
    );

    // Its lease lapses while it is paused (the key expires in Redis), and another worker takes the camera.
    const redis = paused.get(RedisConnection);
    await redis.client.del(redis.key('lease', 'camera', cameraId));
    successor = await start('fence-successor', { INGEST_RECONCILE_MS: '300', INGEST_LEASE_MS: '1000' });
    const fresh = await until(
      'the successor to hold the camera',
      () => successor!.get(CameraHoldings).current().get(cameraId),
      Boolean,
      15_000,
    );
    expect(fresh!.token).toBeGreaterThan(stale.token);

    // The paused loop wakes into a camera that is no longer its own: its next write is refused.
    await until(
      'a refused owner write of the paused worker',
      () => refused(paused!),
      (c) => Object.keys(c).length > 0,
      20_000,
    );

    // Motion now is indexed once, by the new owner, and closed by its stop (the paused loop wrote nothing).
    await until(
      'the successor’s own subscription',
      () => simulator.camera(1).stats().subscriptions.active,
      (n) => n >= 1,
      15_000,
    );
    await sleep(500);
    simulator.camera(1).setMotion(true);
    await sleep(600);
    simulator.camera(1).setMotion(false);
    const rows = await until('the motion event', events, (r) => r.length === 1 && r[0].ended_at !== null, 15_000);
    expect(rows[0].closed_by).toBe('stop');
    await sleep(500);
    expect(await events()).toHaveLength(1);
    const [{ id: motionEventId, started_at: motionAt }] = (
      await h.db.owner.query(`SELECT id, started_at FROM motion_events WHERE camera_id = $1 AND kind = 'motion'`, [cameraId])
    ).rows as { id: string; started_at: Date }[];

    // The new owner plans a clip; the paused worker cannot fail it, complete it, or write health and gaps.
    const clips = successor.get(ClipRepository);
    const owner = { cameraId, token: fresh!.token };
    await clips.insertPlanned(
      owner,
      { motionEventId, sequence: 0, from: motionAt.getTime() - 2000, to: null, status: 'capturing' },
      7,
      motionAt.getTime(),
    );
    const [{ id: clipId }] = (await h.db.owner.query(`SELECT id FROM clips WHERE camera_id = $1`, [cameraId])).rows as { id: string }[];
    const staleClips = paused.get(ClipRepository);
    await expect(staleClips.failOpen(stale, 'capture stopped')).rejects.toBeInstanceOf(FencedWriteRefused);
    await expect(staleClips.markFailed(stale, clipId, 'gone')).rejects.toBeInstanceOf(FencedWriteRefused);
    await expect(
      staleClips.insertPlanned(stale, { motionEventId, sequence: 1, from: motionAt.getTime(), to: null, status: 'capturing' }, 7),
    ).rejects.toBeInstanceOf(FencedWriteRefused);
    await expect(staleClips.streamLost(stale, new Date(), 'no picture', 1000)).rejects.toBeInstanceOf(FencedWriteRefused);
    // Motion it pulled before it noticed goes nowhere: the index write is refused whole.
    const at = new Date();
    const motion = {
      op: 'open' as const,
      topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
      sourceKey: 'stale',
      cameraAt: at,
      at,
      dedupeKey: 'stale-open',
    };
    await expect(
      paused.get(EventIndexRepository).apply(cameraId, 0, [motion], paused.get(HoldingFence).guardFor(stale, 'motion_events')),
    ).rejects.toBeInstanceOf(FencedWriteRefused);
    expect(await events()).toHaveLength(1);
    const coverage = paused.get(CameraCoverageRepository);
    await expect(coverage.setHealth(stale, 'offline')).rejects.toBeInstanceOf(FencedWriteRefused);
    await expect(coverage.openGap(stale, 'offline', new Date(), 'unreachable')).rejects.toBeInstanceOf(FencedWriteRefused);

    const clip = (await h.db.owner.query(`SELECT status, sequence FROM clips WHERE camera_id = $1`, [cameraId])).rows;
    expect(clip).toEqual([{ status: 'capturing', sequence: 0 }]);
    const camera = (await h.db.owner.query(`SELECT health FROM cameras WHERE id = $1`, [cameraId])).rows[0] as { health: string };
    expect(camera.health).toBe('online');
    const gaps = (await h.db.owner.query(`SELECT reason FROM camera_gaps WHERE camera_id = $1 AND ended_at IS NULL`, [cameraId])).rows;
    expect(gaps).toEqual([]);
    // Each refusal was counted by write, on the worker that tried it.
    expect(await refused(paused)).toMatchObject({
      clips_failed_open: 1,
      clip_failed: 1,
      clip_planned: 1,
      stream_lost: 1,
      camera_health: 1,
    });
    // The new owner's writes went through: it has none refused.
    expect(await refused(successor)).toEqual({});
  });
});
