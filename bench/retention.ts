/**
 * npm run bench:retention [-- --clips 30000 --held 300 --cameras 100 --batch 500 --database wardwatch_bench_retention]
 *
 * Seeds its own database (wardwatch_bench_retention) with --clips expired stored clips over
 * --cameras cameras, each with two real small objects in the S3 store (a 2 kB "clip" and a 200 B
 * "thumbnail"), and --held more expired clips under a legal hold. Then runs the real
 * FootageRetentionService (batches of --batch under the hold lock, DELETE ... RETURNING with the
 * hold re-checked, outbox, one `clip.deleted` audit entry per clip, bulk object removal) and
 * prints clips per hour, rows and objects. Beside it, the physical limits on the same machine: one
 * raw SQL DELETE of as many expired rows (no lock, no audit, no outbox), and plain bulk
 * DeleteObjects of as many objects against the store. Finally it checks that every held clip and
 * its objects survived and that nothing deleted is left in the store. Not part of the tests.
 */
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { ConfigModule, loadConfig, readEnvironment, WorkerConfig } from '@wardwatch/config';
import { DatabaseModule, runMigrations } from '@wardwatch/database';
import { FootageModule, FootageRetentionService } from '@wardwatch/footage';
import { QueueModule } from '@wardwatch/queue';
import { ObjectStore } from '@wardwatch/storage';
import { benchOptions } from './bench-options';

const values = benchOptions(
  'npm run bench:retention',
  'expired clips with real objects; the real retention service against raw SQL and plain bulk deletes',
  {
    clips: { default: 30_000, help: 'expired clips to delete (two objects each)' },
    held: { default: 300, help: 'expired clips under a legal hold (must survive)' },
    cameras: { default: 100, help: 'cameras the clips belong to' },
    batch: { default: 500, help: 'clips per retention transaction (RETENTION_BATCH)' },
    uploads: { default: 32, help: 'concurrent uploads while seeding' },
  },
  {},
  { database: { default: 'wardwatch_bench_retention', help: 'the database to load into', pattern: /^[a-z_][a-z0-9_]{0,62}$/ } },
);
const TARGET_PER_HOUR = 200_000;
const OWNER = '00000000-0000-4000-8000-00000000aaaa';
const camId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const CLIP_BYTES = Buffer.alloc(2048, 'v');
const THUMB_BYTES = Buffer.alloc(200, 't');

const perHour = (n: number, ms: number) => Math.round((n / ms) * 3_600_000);
const fmt = (n: number) => n.toLocaleString('en');

async function inParallel<T>(items: T[], lanes: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Expired stored clips (one motion event each) for cameras [first, last); returns their object keys. */
async function seedClips(db: Client, count: number, cameras: number, firstCamera: number, tag: string): Promise<string[]> {
  const rows = await db.query<{ object_key: string; thumbnail_key: string }>(
    `WITH ev AS (
       INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, camera_ended_at, clock_offset_ms, dedupe_key)
       SELECT ('00000000-0000-4000-8000-' || lpad(to_hex($3 + g % $2), 12, '0'))::uuid, 'motion', 'tns1:VideoSource/MotionAlarm', 'VideoSourceToken',
              now() - interval '40 days' + g * interval '1 second', now() - interval '40 days' + g * interval '1 second' + interval '10 seconds',
              now() - interval '40 days' + g * interval '1 second', now() - interval '40 days' + g * interval '1 second' + interval '10 seconds',
              0, md5($4 || g)
       FROM generate_series(1, $1) g
       RETURNING id, camera_id, started_at, ended_at)
     INSERT INTO clips (id, camera_id, motion_event_id, status, requested_from, requested_to, started_at, ended_at, duration_ms, object_key,
       thumbnail_key, size_bytes, sha256, thumbnail_sha256, retain_until, stored_at)
     SELECT cid, camera_id, id, 'stored', started_at, ended_at, started_at, ended_at, 10000,
            'clips/' || camera_id || '/' || cid || '.mp4', 'clips/' || camera_id || '/' || cid || '.jpg', $5, repeat('a', 64), repeat('b', 64),
            now() - interval '1 hour', now() - interval '40 days'
     FROM (SELECT gen_random_uuid() AS cid, ev.* FROM ev) x
     RETURNING object_key, thumbnail_key`,
    [count, cameras, firstCamera, tag, CLIP_BYTES.length],
  );
  return rows.rows.flatMap((r) => [r.object_key, r.thumbnail_key]);
}

async function upload(store: ObjectStore, keys: string[], lanes: number): Promise<void> {
  await inParallel(keys, lanes, (key) =>
    key.endsWith('.mp4')
      ? store.put(key, CLIP_BYTES, CLIP_BYTES.length, 'video/mp4')
      : store.put(key, THUMB_BYTES, THUMB_BYTES.length, 'image/jpeg'),
  );
}

async function main(): Promise<void> {
  const env = readEnvironment({ ...process.env, NODE_ENV: 'test' });
  const DATABASE = values.database;
  const admin = new Client({ connectionString: env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const ownerUrl = env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, `/${DATABASE}`);
  const appUrl = env.DATABASE_URL!.replace(/\/[^/]*$/, `/${DATABASE}`);
  await runMigrations(ownerUrl);
  const db = new Client({ connectionString: ownerUrl });
  await db.connect();

  const CAMERAS = values.cameras;
  await db.query(
    `INSERT INTO users (id, email, display_name, role, password_hash) VALUES ($1, 'owner@bench.wardwatch', 'Owner', 'resident', 'x')`,
    [OWNER],
  );
  await db.query(`INSERT INTO wards (id, code, name) VALUES ('00000000-0000-4000-9000-000000000001', 'bench-ret', 'Phường 1')`);
  // Camera 0 is under a hold over all time: its clips are the held ones.
  await db.query(
    `INSERT INTO cameras (id, owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path,
       credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, health, last_probed_at)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1, 'cam ' || i, '00000000-0000-4000-9000-000000000001', 'Lê Lợi', i::text,
            10.79, 106.69, '10.88.' || (i / 256) || '.' || (i % 256), 80, '/onvif/device_service', 'x', '{}', 'Profile_1', 'rtsp://10.88.0.1/s',
            'H264', 320, 240, 0, 'active', 'online', now()
     FROM generate_series(0, $2) i`,
    [OWNER, CAMERAS],
  );
  await db.query(
    `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
     SELECT id, 1, 'given', '{event_metadata,clips,police_search}', 7, 'ask', '2026-11', 'vi', 'api', owner_id, now() - interval '100 days' FROM cameras`,
  );
  await db.query(
    `INSERT INTO legal_holds (camera_id, "from", "until", kind, reason, placed_by) VALUES ($1, '2000-01-01', '2100-01-01', 'manual', 'bench: kept', $2)`,
    [camId(0), OWNER],
  );

  const config = loadConfig(WorkerConfig, {
    ...env,
    DATABASE_URL: appUrl,
    LOG_LEVEL: 'error',
    S3_BUCKET: 'wardwatch-bench-retention',
    WORKER_ID: 'bench-retention',
    QUEUE_PREFIX: 'wardwatch-bench-retention',
  });
  const app = await NestFactory.createApplicationContext(
    {
      module: class BenchRetentionModule {},
      imports: [
        ConfigModule.forRoot(WorkerConfig, config),
        DatabaseModule.forRoot('wardwatch-bench-retention'),
        QueueModule,
        FootageModule,
      ],
    },
    { logger: ['error'] },
  );
  await app.init();
  const store = app.get(ObjectStore);
  const retention = app.get(FootageRetentionService);

  console.log(`seeding ${fmt(values.clips)} expired clips over ${CAMERAS} cameras and ${fmt(values.held)} held ones, two objects each ...`);
  let t = performance.now();
  const heldKeys = await seedClips(db, values.held, 1, 0, 'held');
  const keys = await seedClips(db, values.clips, CAMERAS, 1, 'expired');
  await upload(store, [...heldKeys, ...keys], values.uploads);
  console.log(`  seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await db.query('VACUUM ANALYZE clips');

  // The real service: one pass with a budget large enough to finish. Time in the store is measured
  // apart, so that the time the audit lock is held (the rest of a batch) shows.
  let storeMs = 0;
  const removeMany = store.removeMany.bind(store);
  store.removeMany = async (k: string[]) => {
    const s0 = performance.now();
    try {
      return await removeMany(k);
    } finally {
      storeMs += performance.now() - s0;
    }
  };
  t = performance.now();
  const pass = await retention.enforce({ batch: values.batch, budgetMs: 3_600_000 });
  const serviceMs = performance.now() - t;
  store.removeMany = removeMany;

  const left = Number((await db.query(`SELECT count(*) FROM clips WHERE camera_id <> $1`, [camId(0)])).rows[0].count);
  const queued = Number((await db.query(`SELECT count(*) FROM footage_object_deletions`)).rows[0].count);
  const audited = Number((await db.query(`SELECT count(*) FROM audit_entries WHERE action = 'clip.deleted'`)).rows[0].count);
  const heldRows = Number((await db.query(`SELECT count(*) FROM clips WHERE camera_id = $1`, [camId(0)])).rows[0].count);
  let heldObjects = 0;
  await inParallel(heldKeys, 16, async (k) => void ((await store.stat(k)) && heldObjects++));
  let leftObjects = 0;
  const sample = keys.filter((_, i) => i % Math.max(1, Math.floor(keys.length / 2000)) === 0);
  await inParallel(sample, 16, async (k) => void ((await store.stat(k)) && leftObjects++));

  // Physical limits: the same number of rows deleted by one raw statement, the same objects by plain bulk requests.
  const rowKeys = await seedClips(db, values.clips, CAMERAS, 1, 'raw');
  await db.query('VACUUM ANALYZE clips');
  t = performance.now();
  const raw = await db.query(`DELETE FROM clips WHERE retain_until < now() AND camera_id <> $1`, [camId(0)]);
  const rawMs = performance.now() - t;
  await upload(store, rowKeys, values.uploads);
  t = performance.now();
  let removed = 0;
  const chunks: string[][] = [];
  for (let i = 0; i < rowKeys.length; i += 1000) chunks.push(rowKeys.slice(i, i + 1000));
  for (const chunk of chunks) removed += (await store.removeMany(chunk)).removed.length;
  const bulkMs = performance.now() - t;

  const rate = perHour(pass.deleted, serviceMs);
  console.log('');
  console.log(
    `retention service (batch ${values.batch}): ${fmt(pass.deleted)} clips (${fmt(pass.objectsRemoved)} objects) in ${(serviceMs / 1000).toFixed(1)} s, ${pass.batches} batches`,
  );
  console.log(
    `  ${fmt(rate)} clips/h (rows + objects, audited, holds re-checked in the deleting transaction)   target ${fmt(TARGET_PER_HOUR)}: ${rate >= TARGET_PER_HOUR ? 'MET' : 'MISSED'}`,
  );
  const batches = Math.max(1, pass.batches);
  console.log(
    `  a batch: ${(serviceMs / batches).toFixed(0)} ms, of which the database (lock held, audit entries) ${((serviceMs - storeMs) / batches).toFixed(0)} ms, the store ${(storeMs / batches).toFixed(0)} ms`,
  );
  console.log(`physical limits on this machine:`);
  console.log(
    `  raw SQL DELETE of ${fmt(raw.rowCount ?? 0)} rows: ${rawMs.toFixed(0)} ms = ${fmt(perHour(raw.rowCount ?? 0, rawMs))} rows/h`,
  );
  console.log(
    `  plain bulk DeleteObjects of ${fmt(removed)} objects: ${(bulkMs / 1000).toFixed(1)} s = ${fmt(perHour(removed, bulkMs))} objects/h (${fmt(perHour(removed / 2, bulkMs))} clips/h)`,
  );
  console.log(`checks:`);
  console.log(`  deletable clips left ${left}, outbox ${queued}, clip.deleted entries ${fmt(audited)} (expected ${fmt(values.clips)})`);
  console.log(
    `  held clips kept ${heldRows}/${values.held}, their objects ${heldObjects}/${heldKeys.length}; deleted objects still in store (sample of ${sample.length}): ${leftObjects}`,
  );
  const ok =
    left === 0 &&
    queued === 0 &&
    audited === values.clips &&
    heldRows === values.held &&
    heldObjects === heldKeys.length &&
    leftObjects === 0;
  console.log(`  ${ok ? 'OK' : 'FAILED'}`);
  await app.close();
  await db.end();
  if (!ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
