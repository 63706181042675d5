import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SYSTEM_ACTOR } from '@wardwatch/audit';
import { ClipCaptureService, FootageRetentionService, LegalHoldService } from '@wardwatch/footage';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { MetricsService } from '@wardwatch/observability';
import { ObjectStore } from '@wardwatch/storage';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerMetricsEndpoint } from '../../apps/worker/src/worker-metrics.endpoint';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL, enrolSimulatedCameras } from '../support/fixtures';
import { PrivateS3 } from '../support/private-s3';
import { workerConfig } from '../support/test-environment';
import { sleep, until } from '../support/waiting';

const run = promisify(execFile);

interface ClipRow {
  id: string;
  camera_id: string;
  motion_event_id: string;
  status: string;
  requested_from: Date;
  requested_to: Date;
  started_at: Date;
  ended_at: Date;
  duration_ms: number;
  sha256: string;
  thumbnail_sha256: string;
  object_key: string;
  thumbnail_key: string;
  failure_reason: string | null;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** What a user checks of a video file: ffprobe's duration and whether the first frame is a keyframe. */
async function inspect(file: string): Promise<{ duration: number; firstFrame: string }> {
  const { stdout: duration } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  const { stdout: frame } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-read_intervals',
    '%+#1',
    '-show_entries',
    'frame=key_frame,pict_type',
    '-of',
    'csv=p=0',
    file,
  ]);
  return { duration: Number(duration.trim()), firstFrame: frame.trim().split('\n')[0] };
}

describe('clip capture: motion becomes a stored clip with pre- and post-roll', () => {
  jest.setTimeout(120_000);
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let s3: PrivateS3;
  let worker: INestApplicationContext;
  let resident: TestUser;
  let cameraIds: string[];
  const spool = mkdtempSync(join(tmpdir(), 'wardwatch-spool-'));
  const segmentMs = 2000;
  const pre = 2000;
  const post = 2000;

  const clipsOf = async (cameraId: string) =>
    (await h.db.owner.query(`SELECT * FROM clips WHERE camera_id = $1 ORDER BY requested_from`, [cameraId])).rows as ClipRow[];

  /** Motion for `ms` on a camera; resolves with the motion event's id once its end is indexed. */
  const motion = async (cam: number, ms: number): Promise<string> => {
    const cameraId = cameraIds[cam - 1];
    const before = new Date();
    sim.camera(cam).setMotion(true);
    await sleep(ms);
    sim.camera(cam).setMotion(false);
    const rows = await until(
      `the motion on camera ${cam} indexed with its end`,
      async () =>
        (
          await h.db.owner.query(
            `SELECT id FROM motion_events WHERE camera_id = $1 AND kind = 'motion' AND started_at > $2 AND ended_at IS NOT NULL`,
            [cameraId, new Date(before.getTime() - 2000)],
          )
        ).rows as { id: string }[],
      (r) => r.length === 1,
    );
    return rows[0].id;
  };

  const clipOfEvent = (eventId: string, ok: (c: ClipRow) => boolean, what: string, timeoutMs = 40_000) =>
    until(
      what,
      async () => ((await h.db.owner.query(`SELECT * FROM clips WHERE motion_event_id = $1`, [eventId])).rows as ClipRow[])[0],
      (c) => c !== undefined && ok(c),
      timeoutMs,
    );

  const startWorker = (overrides: Record<string, string> = {}) =>
    NestFactory.createApplicationContext(
      WorkerModule.forRoot(
        workerConfig({
          DATABASE_URL: h.db.appUrl,
          WORKER_ID: `clips-${h.db.name}`,
          CLIP_SPOOL_DIR: spool,
          S3_ENDPOINT: s3.url,
          S3_PUBLIC_ENDPOINT: s3.url,
          ...overrides,
        }),
      ),
      { logger: ['error'], abortOnError: false },
    );

  const waitRecording = async (w: INestApplicationContext, cameras: number, timeoutMs = 30_000) => {
    const capture = w.get(ClipCaptureService);
    await until(
      `the worker to buffer ${cameras} cameras`,
      () => capture.status().cameras,
      // Fresh segments, not only the state: a stream that just died still says "recording" until ffmpeg times out.
      (c) =>
        c.length === cameras &&
        c.every((x) => x.state === 'recording' && x.bufferedUntil !== null && x.bufferedUntil.getTime() > Date.now() - 2 * segmentMs - 500),
      timeoutMs,
    );
    await sleep(pre + segmentMs); // enough buffer for a full pre-roll
  };

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 2, basePort: 0, rtspPort: 0, controlPort: null, video: true });
    s3 = await PrivateS3.start();
    h = await startApi();
    ({ resident, cameraIds } = await enrolSimulatedCameras(h, info.cameras, 'Hoàng Văn Thái'));
    worker = await startWorker();
    await until(
      'the worker to hold both cameras',
      () => worker.get(EventSubscriptionSupervisor).heldCameras().length,
      (n) => n === 2,
    );
    await waitRecording(worker, 2);
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await sim?.stop();
    await s3?.destroy();
    rmSync(spool, { recursive: true, force: true });
  });

  it('a motion event yields an MP4 covering pre-roll, motion and post-roll, keyframe first, hash matching, with a thumbnail', async () => {
    const eventId = await motion(1, 3000);
    const clip = await clipOfEvent(eventId, (c) => c.status === 'stored', 'the clip stored');
    const event = (await h.db.owner.query(`SELECT started_at, ended_at FROM motion_events WHERE id = $1`, [eventId])).rows[0] as {
      started_at: Date;
      ended_at: Date;
    };
    // The requested window is [start - pre-roll, end + post-roll] ...
    expect(clip.requested_from.getTime()).toBe(event.started_at.getTime() - pre);
    expect(clip.requested_to.getTime()).toBe(event.ended_at.getTime() + post);
    // ... and the true window (cut at keyframes) covers it within one segment at each end.
    expect(clip.started_at.getTime()).toBeLessThanOrEqual(clip.requested_from.getTime());
    expect(clip.started_at.getTime()).toBeGreaterThan(clip.requested_from.getTime() - segmentMs - 1000);
    expect(clip.ended_at.getTime()).toBeGreaterThanOrEqual(clip.requested_to.getTime());
    expect(clip.ended_at.getTime()).toBeLessThan(clip.requested_to.getTime() + segmentMs + 1000);

    const store = worker.get(ObjectStore);
    const bytes = await readAll(await store.get(clip.object_key));
    expect(sha256(bytes)).toBe(clip.sha256);
    const file = join(spool, 'downloaded.mp4');
    await writeFile(file, bytes);
    const probed = await inspect(file);
    const wanted = (clip.requested_to.getTime() - clip.requested_from.getTime()) / 1000;
    expect(probed.duration).toBeGreaterThanOrEqual(wanted - segmentMs / 1000);
    expect(probed.duration).toBeLessThanOrEqual(wanted + (2 * segmentMs) / 1000);
    expect(Math.abs(probed.duration * 1000 - clip.duration_ms)).toBeLessThan(100);
    expect(probed.firstFrame).toBe('1,I');

    const thumbnail = await readAll(await store.get(clip.thumbnail_key));
    expect(thumbnail.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(sha256(thumbnail)).toBe(clip.thumbnail_sha256);
    expect(clip.object_key).toMatch(new RegExp(`^footage/[0-9a-f-]{36}/${clip.camera_id}/\\d{4}-\\d{2}-\\d{2}/${clip.id}\\.mp4$`));

    const stat = await store.stat(clip.object_key);
    expect(stat?.contentType).toBe('video/mp4');
    expect(stat?.metadata).toEqual(expect.objectContaining({ sha256: clip.sha256, 'camera-id': clip.camera_id }));

    // Chain of custody starts at capture.
    const audit = (await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'clip.stored' AND subject_id = $1`, [clip.id]))
      .rows as {
      details: { sha256: string; provenance: { ffmpeg: { clip: string[] }; cameraClockOffsetMs: number } };
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].details.sha256).toBe(clip.sha256);
    expect(audit[0].details.provenance.ffmpeg.clip).toEqual(expect.arrayContaining(['-c', 'copy', '+faststart']));
    expect(JSON.stringify(audit[0].details)).not.toContain(info.cameras[0].password);
  });

  it('loses no clip while the object store is down, even across a worker restart: the clip waits on disk and is uploaded when the store returns', async () => {
    // This camera's owner chose 3 s before and 1 s after motion (the defaults here are 2 and 2).
    await h
      .http()
      .put(`/cameras/${cameraIds[1]}/clip-settings`)
      .set('Authorization', `Bearer ${resident.token}`)
      .send({ preRollSeconds: 3, postRollSeconds: 1 })
      .expect(200);
    await s3.stop();
    try {
      const eventId = await motion(2, 1000);
      const waiting = await clipOfEvent(eventId, (c) => c.status === 'assembled', 'the clip assembled but not uploadable');
      const event = (await h.db.owner.query(`SELECT started_at, ended_at FROM motion_events WHERE id = $1`, [eventId])).rows[0] as {
        started_at: Date;
        ended_at: Date;
      };
      expect(waiting.requested_from.getTime()).toBe(event.started_at.getTime() - 3000);
      expect(waiting.requested_to.getTime()).toBe(event.ended_at.getTime() + 1000);
      await sleep(3000); // uploads are being retried against a dead store
      expect((await clipOfEvent(eventId, () => true, 'the clip')).status).toBe('assembled');
      // The worker restarts (same WORKER_ID, same spool) while the store is still down ...
      await worker.close();
      worker = await startWorker();
      await s3.start();
      const stored = await clipOfEvent(eventId, (c) => c.status === 'stored', 'the clip uploaded after the store came back', 60_000);
      expect(stored.sha256).toBe(waiting.sha256);
      // ... and uploads what it left on disk once the store is back.
      expect(sha256(await readAll(await worker.get(ObjectStore).get(stored.object_key)))).toBe(stored.sha256);
      // The spool copy goes once the upload is recorded (just after the status, not with it).
      await until(
        'the uploaded clip gone from the spool',
        () => readdirSync(join(spool, 'clips')),
        (names) => !names.includes(stored.id),
      );
    } finally {
      await s3.start().catch(() => undefined);
    }
    await waitRecording(worker, 2);
  });

  it('a stream that dies mid-clip gives a failed clip with the reason, and a gap', async () => {
    const cameraId = cameraIds[0];
    const before = new Date();
    sim.camera(1).setMotion(true);
    await sleep(1500);
    await sim.camera(1).setFaults({ streamDown: true });
    try {
      await sleep(1000);
      sim.camera(1).setMotion(false);
      const failed = await until(
        'the clip failed',
        async () => (await clipsOf(cameraId)).filter((c) => c.requested_from > new Date(before.getTime() - pre - 2000)),
        (c) => c.length === 1 && c[0].status === 'failed',
        40_000,
      );
      expect(failed[0].failure_reason).toMatch(/stream was lost|stream was down/);
      const gaps = (
        await h.db.owner.query(
          // Still open while the stream is down.
          `SELECT started_at, ended_at FROM camera_gaps WHERE camera_id = $1 AND reason = 'stream_lost' AND (ended_at IS NULL OR ended_at > $2)`,
          [cameraId, before],
        )
      ).rows as { started_at: Date; ended_at: Date }[];
      expect(gaps.length).toBeGreaterThanOrEqual(1);
      expect(gaps[0].started_at.getTime()).toBeLessThan(failed[0].requested_to.getTime());
    } finally {
      await sim.camera(1).resetFaults();
    }
    // The stream was down for most of a minute, so the recorder's retry backoff has reached its 30 s
    // cap (ClipCaptureService): the next attempt can come 30 s after the stream is back, then segments.
    await waitRecording(worker, 2, 45_000);
  });

  /**
   * Capture stops while a clip is still growing (motion open), by `cause`; that clip fails with its
   * end still open. The camera's next motion must still get its clip: stored, its bytes matching
   * its hash, a real video of the motion.
   */
  const nextMotionGetsItsClipAfter = async (cause: () => Promise<void>, afterwards?: () => Promise<void>) => {
    const cameraId = cameraIds[0];
    const before = new Date();
    sim.camera(1).setMotion(true);
    const growing = await until(
      'a clip growing with the motion',
      async () => (await clipsOf(cameraId)).find((c) => c.requested_from > new Date(before.getTime() - pre - 2000)),
      (c) => c !== undefined && c.status === 'capturing' && c.requested_to === null,
    );
    try {
      await cause();
      const failed = await clipOfEvent(growing!.motion_event_id, (c) => c.status === 'failed', 'the growing clip failed');
      expect(failed.requested_to).toBeNull(); // the open end that used to swallow all later motion
    } finally {
      sim.camera(1).setMotion(false);
    }
    await afterwards?.();
    await waitRecording(worker, 2);
    const eventId = await motion(1, 1000);
    const clip = await clipOfEvent(eventId, (c) => c.status === 'stored', 'the next motion’s clip stored');
    const bytes = await readAll(await worker.get(ObjectStore).get(clip.object_key));
    expect(sha256(bytes)).toBe(clip.sha256);
    const file = join(spool, 'after-failure.mp4');
    await writeFile(file, bytes);
    const probed = await inspect(file);
    expect(probed.firstFrame).toBe('1,I');
    expect(probed.duration).toBeGreaterThanOrEqual((clip.requested_to.getTime() - clip.requested_from.getTime()) / 1000 - segmentMs / 1000);
  };

  it('after the credentials change during a clip, the next motion still gets its clip', async () => {
    const changed = `changed-${Date.now()}`;
    let changedAt = new Date();
    await nextMotionGetsItsClipAfter(
      async () => {
        changedAt = new Date();
        sim.camera(1).setCredentials({ password: changed });
        await h
          .http()
          .put(`/cameras/${cameraIds[0]}/credentials`)
          .set('Authorization', `Bearer ${resident.token}`)
          .send({ username: info.cameras[0].username, password: changed })
          .expect(200);
      },
      // New credentials restart the camera's event subscription (its old one is refused now): the
      // next motion counts only once the new subscription exists, or it may fall between the two.
      () =>
        until(
          'the event subscription renewed with the new credentials',
          async () =>
            (await h.db.owner.query(`SELECT created_at FROM camera_subscriptions WHERE camera_id = $1`, [cameraIds[0]])).rows as {
              created_at: Date;
            }[],
          (rows) => rows.length === 1 && rows[0].created_at.getTime() >= changedAt.getTime() - 1000,
          30_000,
        ).then(() => undefined),
    );
  });

  it('after the stream address changes during a clip, the next motion still gets its clip', async () => {
    await nextMotionGetsItsClipAfter(async () => {
      // What a re-probe stores when the camera now names its stream differently (same mount, here).
      await h.db.owner.query(`UPDATE cameras SET stream_uri = replace(stream_uri, '127.0.0.1', 'localhost') WHERE id = $1`, [cameraIds[0]]);
    });
  });

  it('after consent is paused during a clip and resumed, the next motion still gets its clip', async () => {
    const consent = (what: 'pause' | 'resume') =>
      h.http().post(`/cameras/${cameraIds[0]}/consent/${what}`).set('Authorization', `Bearer ${resident.token}`).send({}).expect(200);
    await nextMotionGetsItsClipAfter(
      () => consent('pause').then(() => undefined),
      async () => {
        await consent('resume');
        await until(
          'the worker to hold the camera again',
          () => worker.get(EventSubscriptionSupervisor).heldCameras().length,
          (n) => n === 2,
        );
      },
    );
  });

  it('after the camera’s lease moves to another worker during a clip, the next motion still gets its clip', async () => {
    await nextMotionGetsItsClipAfter(
      async () => {
        await worker.close();
        worker = await startWorker({ WORKER_ID: `clips-moved-${h.db.name}` });
      },
      () =>
        until(
          'the new worker to hold both cameras',
          () => worker.get(EventSubscriptionSupervisor).heldCameras().length,
          (n) => n === 2,
        ).then(() => undefined),
    );
  });

  it('a stream that cannot be read makes the camera stream_unreachable with an open stream_lost gap; both recover when it returns', async () => {
    const cameraId = cameraIds[1];
    const camera = async () =>
      (await h.http().get(`/cameras/${cameraId}`).set('Authorization', `Bearer ${resident.token}`).expect(200)).body as {
        camera: { health: string };
      };
    const streamGaps = async () =>
      (
        await h.db.owner.query(
          `SELECT started_at, ended_at, detail FROM camera_gaps WHERE camera_id = $1 AND reason = 'stream_lost' ORDER BY started_at`,
          [cameraId],
        )
      ).rows as { started_at: Date; ended_at: Date | null; detail: string }[];
    const downAt = Date.now();
    await sim.camera(2).setFaults({ streamDown: true });
    let gap: { started_at: Date; ended_at: Date | null; detail: string } | undefined;
    try {
      await until('the owner to see stream_unreachable', camera, (c) => c.camera.health === 'stream_unreachable', 30_000);
      gap = (await streamGaps()).find((g) => g.ended_at === null);
      expect(gap).toBeDefined();
      // The gap starts where the video stopped (the last buffered segment), not when it was noticed.
      expect(gap!.started_at.getTime()).toBeGreaterThan(downAt - 2 * segmentMs - 1000);
      expect(gap!.started_at.getTime()).toBeLessThanOrEqual(Date.now());
      // Events still flow (the camera answers ONVIF); that does not hide the lost stream.
      await sleep(3000);
      expect((await camera()).camera.health).toBe('stream_unreachable');
    } finally {
      await sim.camera(2).resetFaults();
    }
    const backAt = Date.now();
    // The recorder retries a dead stream with a backoff capped at 30 s (ClipCaptureService), so the
    // first retry after the stream returns may be up to 30 s away: wait past the cap, not to it.
    await until('health back to online', camera, (c) => c.camera.health === 'online', 45_000);
    const closed = (await streamGaps()).find((g) => g.started_at.getTime() === gap!.started_at.getTime());
    expect(closed?.ended_at).not.toBeNull();
    expect(closed!.ended_at!.getTime()).toBeGreaterThan(backAt - 1000);
    expect(closed!.ended_at!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await streamGaps()).filter((g) => g.ended_at === null)).toEqual([]);
    // One outage, one gap (the recorder's own report when the stream returned merged into it).
    expect((await streamGaps()).filter((g) => g.ended_at!.getTime() >= downAt)).toHaveLength(1);
    await waitRecording(worker, 2);
  });

  it('captures no clip of motion outside the consent’s active hours', async () => {
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone: h.config.WARD_TIME_ZONE }).format(new Date()),
    );
    const hm = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    const consent = (activeHours?: { from: string; to: string }) =>
      h
        .http()
        .put(`/cameras/${cameraIds[0]}/consent`)
        .set('Authorization', `Bearer ${resident.token}`)
        .send({ ...CONSENT_ALL, ...(activeHours ? { activeHours } : {}) })
        .expect(200);
    await consent({ from: hm(hour + 2), to: hm(hour + 3) });
    try {
      const eventId = await motion(1, 500);
      await sleep(post + 2 * segmentMs + 2000); // past the moment its clip would have been cut
      expect((await h.db.owner.query(`SELECT 1 FROM clips WHERE motion_event_id = $1`, [eventId])).rowCount).toBe(0);
    } finally {
      await consent();
    }
  });

  it('retention deletes an expired clip but not one on hold, and audits the deletion', async () => {
    const [kept, expired] = await Promise.all([motion(1, 500), motion(2, 500)]).then(([a, b]) =>
      Promise.all([
        clipOfEvent(a, (c) => c.status === 'stored', 'clip 1 stored'),
        clipOfEvent(b, (c) => c.status === 'stored', 'clip 2 stored'),
      ]),
    );
    await h.db.owner.query(`UPDATE clips SET retain_until = now() - interval '1 minute' WHERE id = ANY($1)`, [[kept.id, expired.id]]);
    await worker
      .get(LegalHoldService)
      .place(
        { cameraId: kept.camera_id, from: kept.started_at, until: kept.ended_at, kind: 'manual', reason: 'test: case 42 needs this' },
        SYSTEM_ACTOR,
      );
    await worker.get(FootageRetentionService).enforce();

    const left = (await h.db.owner.query(`SELECT id FROM clips WHERE id = ANY($1)`, [[kept.id, expired.id]])).rows as { id: string }[];
    expect(left.map((r) => r.id)).toEqual([kept.id]);
    const store = worker.get(ObjectStore);
    expect(await store.stat(expired.object_key)).toBeNull();
    expect(await store.stat(expired.thumbnail_key)).toBeNull();
    expect(await store.stat(kept.object_key)).not.toBeNull();
    const audit = (
      await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'clip.deleted' AND subject_id = $1`, [expired.id])
    ).rows as { details: { reason: string; sha256: string } }[];
    expect(audit).toEqual([{ details: expect.objectContaining({ reason: 'retention', sha256: expired.sha256 }) }]);
  });

  it('withdrawal deletes the camera’s clips that no hold covers, at once, and the audit log says so', async () => {
    const cameraId = cameraIds[1];
    const stored = (await clipsOf(cameraId)).filter((c) => c.status === 'stored');
    expect(stored.length).toBeGreaterThanOrEqual(1);
    const held = stored[0];
    await worker
      .get(LegalHoldService)
      .place({ cameraId, from: held.started_at, until: held.ended_at, kind: 'manual', reason: 'test: preserved for case 7' }, SYSTEM_ACTOR);
    const withdrawnAt = new Date();
    await h.http().post(`/cameras/${cameraId}/consent/withdraw`).set('Authorization', `Bearer ${resident.token}`).send({}).expect(200);
    const left = await until(
      'the unheld clips deleted',
      async () => (await clipsOf(cameraId)).filter((c) => c.status === 'stored'),
      (c) => c.length === 1,
      15_000,
    );
    expect(left[0].id).toBe(held.id);
    const deletions = (
      await h.db.owner.query(`SELECT details FROM audit_entries WHERE action = 'clip.deleted' AND camera_id = $1 AND at > $2`, [
        cameraId,
        withdrawnAt,
      ])
    ).rows as { details: { reason: string } }[];
    expect(deletions.length).toBe(stored.length - 1);
    for (const d of deletions) expect(d.details.reason).toBe('consent_withdrawn');
    // Capture stopped too: the worker no longer buffers the camera.
    await until(
      'buffering of the withdrawn camera stopped',
      () =>
        worker
          .get(ClipCaptureService)
          .status()
          .cameras.map((c) => c.cameraId),
      (ids) => !ids.includes(cameraId),
    );
  });

  it('respects the disk ceiling: buffering stops and says so rather than filling the disk', async () => {
    await worker.close();
    const ceiling = 200_000;
    worker = await startWorker({ CLIP_DISK_CEILING_BYTES: String(ceiling) });
    const capture = worker.get(ClipCaptureService);
    await until(
      'buffering stopped at the ceiling',
      () => capture.status(),
      (s) => s.diskFull && s.cameras.every((c) => c.state === 'paused_disk_full'),
      30_000,
    );
    await until(
      'every recorder’s ffmpeg to exit',
      () => capture.status().cameras,
      (c) => c.every((x) => x.pid === undefined),
    );
    await sleep(1000); // the segment ffmpeg closed as it stopped is counted
    const status = capture.status();
    await sleep(3000);
    const later = capture.status();
    // Nothing more is written once stopped; what is there stays within the ceiling plus the segment that crossed it.
    expect(later.spoolBytes).toBe(status.spoolBytes);
    expect(later.spoolBytes).toBeLessThan(ceiling + 150_000);
    expect(later.cameras[0].lastError).toMatch(/CLIP_DISK_CEILING_BYTES/);
    const metrics = await worker.get(MetricsService).render();
    expect(metrics).toMatch(/^wardwatch_clip_buffering_stopped 1$/m);
    const health = (await (await fetch(`http://127.0.0.1:${worker.get(WorkerMetricsEndpoint).port}/health`)).json()) as {
      clipBuffering: string;
    };
    expect(health.clipBuffering).toMatch(/stopped/);
  });
});
