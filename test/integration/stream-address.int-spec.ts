import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClipCaptureService } from '@wardwatch/footage';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL, enrolSimulatedCameras, IN_AN_BINH } from '../support/fixtures';
import { PrivateS3 } from '../support/private-s3';
import { workerConfig } from '../support/test-environment';
import { sleep, until } from '../support/waiting';

/** Another service on the camera's host (here: another loopback port), recording whether anything reached it. */
class Trap {
  readonly contacts: string[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: Server;

  async start(): Promise<number> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      this.contacts.push('(a connection)');
      socket.once('data', (chunk: Buffer) => this.contacts.push(chunk.toString('latin1').split('\r\n')[0]));
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('stream addresses: ffmpeg never connects outside the enrolled camera host and port', () => {
  jest.setTimeout(240_000);
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let s3: PrivateS3;
  let worker: INestApplicationContext;
  let resident: TestUser;
  let cameraIds: string[];
  const trap = new Trap();
  let trapPort: number;
  const spool = mkdtempSync(join(tmpdir(), 'wardwatch-spool-'));

  const cameraStatus = (cameraId: string) =>
    worker
      .get(ClipCaptureService)
      .status()
      .cameras.find((c) => c.cameraId === cameraId);

  beforeAll(async () => {
    trapPort = await trap.start();
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 3, basePort: 0, rtspPort: 0, controlPort: null, video: true });
    // Camera 1 sends every viewer's DESCRIBE to the trap; camera 3 hands out an opaque stream address.
    await sim.camera(1).setFaults({ rtspRedirect: `rtsp://127.0.0.1:${trapPort}/nvr/channel1` });
    await sim.camera(3).setFaults({ streamUri: `rtsp:127.0.0.1:${trapPort}/cam3` });
    s3 = await PrivateS3.start();
    h = await startApi();
    ({ resident, cameraIds } = await enrolSimulatedCameras(h, info.cameras.slice(0, 2), 'Hoàng Văn Thái'));
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(
        workerConfig({
          DATABASE_URL: h.db.appUrl,
          WORKER_ID: `stream-address-${h.db.name}`,
          CLIP_SPOOL_DIR: spool,
          S3_ENDPOINT: s3.url,
          S3_PUBLIC_ENDPOINT: s3.url,
        }),
      ),
      { logger: ['error'], abortOnError: false },
    );
    await until(
      'the worker to hold both cameras',
      () => worker.get(EventSubscriptionSupervisor).heldCameras().length,
      (n) => n === 2,
    );
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await sim?.stop();
    await s3?.destroy();
    await trap.stop();
    rmSync(spool, { recursive: true, force: true });
  });

  it('a camera that redirects DESCRIBE to another port: the target is never contacted, no clip comes of it, and its status says why', async () => {
    // The well-behaved camera buffers through the same relay: the relay does not break real streams.
    await until(
      'camera 2 to buffer',
      () => cameraStatus(cameraIds[1]),
      (s) => s?.state === 'recording' && s.bufferedUntil !== null,
      60_000,
    );
    await until(
      'camera 1 to answer two DESCRIBEs with its redirect (ffmpeg retries)',
      () => sim.camera(1).rtspRedirectsSent,
      (n) => n >= 2,
      60_000,
    );
    await sleep(500);
    // The redirect target (another port on the camera's host) never saw a connection ...
    expect(trap.contacts).toEqual([]);
    // ... and the camera's buffering status says why there is no stream.
    const redirected = cameraStatus(cameraIds[0]);
    expect(redirected?.state).toBe('stream_down');
    expect(redirected?.lastError).toBe(`the camera tried to redirect the stream (RTSP 302) to rtsp://127.0.0.1:${trapPort}/nvr/channel1`);

    const before = new Date();
    sim.camera(1).setMotion(true);
    await sleep(1500);
    sim.camera(1).setMotion(false);
    await until(
      'the motion on camera 1 indexed',
      async () =>
        (
          await h.db.owner.query(`SELECT id FROM motion_events WHERE camera_id = $1 AND started_at > $2 AND ended_at IS NOT NULL`, [
            cameraIds[0],
            new Date(before.getTime() - 2000),
          ])
        ).rows as unknown[],
      (r) => r.length === 1,
      30_000,
    );
    await sleep(6000); // post-roll plus a few capture ticks
    const stored = (await h.db.owner.query(`SELECT id FROM clips WHERE camera_id = $1 AND status <> 'failed'`, [cameraIds[0]]))
      .rows as unknown[];
    expect(stored).toEqual([]);
    expect(trap.contacts).toEqual([]);
  });

  it('enrolment refuses a camera whose stream address is opaque (rtsp:host:port/x) and says what to fix', async () => {
    const cam = info.cameras[2];
    const res = await h
      .http()
      .post('/cameras')
      .set('Authorization', `Bearer ${resident.token}`)
      .send({
        label: 'cam 3',
        address: { wardCode: 'demo-an-binh', street: 'Hoàng Văn Thái', houseNumber: '3' },
        ...IN_AN_BINH,
        onvif: { host: '127.0.0.1', port: cam.port, username: cam.username, password: cam.password },
        consent: CONSENT_ALL,
      });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(
      expect.objectContaining({
        code: 'probe.malformed_reply',
        failure: 'malformed_reply',
        detail: expect.stringMatching(
          /stream address "rtsp:127\.0\.0\.1:\d+\/cam3" is refused: it has no "\/\/" authority.*rtsp:\/\/host:port\/path/,
        ),
      }),
    );
    expect(trap.contacts).toEqual([]);
  });

  it('a bad stream address stored before the strict parser existed is never opened; the camera status says to probe again', async () => {
    trap.contacts.length = 0;
    await h.db.owner.query(`UPDATE cameras SET stream_uri = $2 WHERE id = $1`, [cameraIds[1], `rtsp:127.0.0.1:${trapPort}/cam2`]);
    // Capture sees the change within a tick and restarts the camera's buffering (old code: ffmpeg opens the opaque address).
    await until(
      'capture to act on the changed address',
      () => ({ status: cameraStatus(cameraIds[1]), contacts: trap.contacts.length }),
      (r) => r.status?.state === 'stream_address_refused' || r.contacts > 0,
      30_000,
    );
    await sleep(2000);
    expect(trap.contacts).toEqual([]);
    const refused = cameraStatus(cameraIds[1]);
    expect(refused?.state).toBe('stream_address_refused');
    expect(refused?.lastError).toMatch(/no "\/\/" authority.*probe the camera again/);
  });
});
