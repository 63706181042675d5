import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { CredentialCipher } from '@wardwatch/cameras';
import { runMigrations } from '@wardwatch/database';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { PrivatePostgres } from '../support/private-postgres';
import { workerConfig } from '../support/test-environment';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ingest across a PostgreSQL restart', () => {
  let pg: PrivatePostgres;
  let simulator: CameraSimulator;
  let sim: SimulatorInfo;
  let worker: INestApplicationContext;
  let owner: () => Promise<Client>;

  beforeAll(async () => {
    simulator = new CameraSimulator();
    sim = await simulator.start({ cameras: 2, basePort: 0, controlPort: null, video: false });
    pg = await PrivatePostgres.start();
    const admin = new Client({ connectionString: pg.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE wardwatch');
    await admin.end();
    await runMigrations(pg.url('wardwatch'));
    owner = async () => {
      const c = new Client({ connectionString: pg.url('wardwatch') });
      await c.connect();
      return c;
    };
    const db = await owner();
    await db.query('ALTER ROLE wardwatch_app LOGIN');
    const config = workerConfig();
    const cipher = new CredentialCipher({ id: config.CREDENTIALS_KEY_ID, key: Buffer.from(config.CREDENTIALS_KEY, 'base64') });
    const user = (
      await db.query(`INSERT INTO users (email, display_name, role, password_hash) VALUES ('r@x.vn', 'R', 'resident', 'x') RETURNING id`)
    ).rows[0].id;
    const ward = (await db.query(`INSERT INTO wards (code, name) VALUES ('w', 'W') RETURNING id`)).rows[0].id;
    for (const cam of sim.cameras) {
      const id = (
        await db.query(
          `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path, events_path,
             credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, last_probed_at)
           VALUES ($1, 'c', $2, 's', '1', 10.79, 106.69, '127.0.0.1', $3, '/onvif/device_service', '/onvif/Events', 'pending', '{}', 'Profile_1',
             'rtsp://127.0.0.1/cam', 'H264', 320, 240, 0, 'active', now()) RETURNING id`,
          [user, ward, cam.port],
        )
      ).rows[0].id as string;
      await db.query(`UPDATE cameras SET credentials_sealed = $2 WHERE id = $1`, [
        id,
        cipher.encrypt(JSON.stringify({ u: cam.username, p: cam.password }), id),
      ]);
      await db.query(
        `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
         VALUES ($1, 1, 'given', '{event_metadata}', 7, 'ask', '2026-11', 'vi', 'api', $2, now())`,
        [id, user],
      );
    }
    await db.end();
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: pg.url('wardwatch', 'wardwatch_app'), WORKER_ID: `pg-restart-${pg.port}` })),
      { logger: false },
    );
    const deadline = Date.now() + 10_000;
    while (worker.get(EventSubscriptionSupervisor).heldCameras().length < 2 && Date.now() < deadline) await sleep(100);
    while (sim.cameras.some((c) => simulator.camera(c.number).stats().subscriptions.active < 1) && Date.now() < deadline) await sleep(100);
  });
  afterAll(async () => {
    await worker?.close();
    pg?.destroy();
    await simulator.stop();
  });

  it('loses no motion: what is pulled while PostgreSQL is down is written when it is back', async () => {
    const episodes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        for (const c of sim.cameras) simulator.camera(c.number).setMotion(true);
        await sleep(150);
        for (const c of sim.cameras) simulator.camera(c.number).setMotion(false);
        await sleep(150);
      }
    };
    await episodes(2);
    pg.stopServer();
    await episodes(3);
    await sleep(1000);
    pg.startServer();
    await episodes(2);

    const emitted = 7 * sim.cameras.length;
    const db = await owner();
    try {
      const deadline = Date.now() + 20_000;
      let indexed = 0;
      while (Date.now() < deadline) {
        indexed = (await db.query(`SELECT count(*)::int AS n FROM motion_events WHERE kind = 'motion' AND ended_at IS NOT NULL`)).rows[0].n;
        if (indexed >= emitted) break;
        await sleep(250);
      }
      expect({ lost: emitted - indexed, duplicates: Math.max(0, indexed - emitted) }).toEqual({ lost: 0, duplicates: 0 });
    } finally {
      await db.end();
    }
  });
});
