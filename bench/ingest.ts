/**
 * npm run bench:ingest [-- --cameras 500 --seconds 60 --every 10 --length 3]
 *
 * N simulated cameras (event-only) emit motion on a fixed schedule to one worker process (the real
 * entry point, its own process so its RSS is its own) writing into a fresh database. Prints
 * cameras, events emitted and indexed, lost, duplicates, sustained events/s, camera-to-searchable
 * delay p50/p99, worker RSS and CPU, the simulator's CPU, and the raw insert limit for comparison.
 * Not part of the tests.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { CredentialCipher } from '@wardwatch/cameras';
import { loadConfig, readEnvironment, WorkerConfig } from '@wardwatch/config';
import { runMigrations } from '@wardwatch/database';
import { seedCamerasDirectly, sleep } from '@wardwatch/testing';
import { CameraSimulator } from '../apps/camera-sim/src';

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '60' },
    every: { type: 'string', default: '10' },
    length: { type: 'string', default: '3' },
  },
});
const CAMERAS = Number(values.cameras);
const SECONDS = Number(values.seconds);
const EVERY_MS = Number(values.every) * 1000;
const LENGTH_MS = Number(values.length) * 1000;

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100/s)
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function main(): Promise<void> {
  const env = readEnvironment({ ...process.env, NODE_ENV: 'test' });
  const config = loadConfig(WorkerConfig, env);
  const admin = new Client({ connectionString: env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS wardwatch_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE wardwatch_bench');
  await admin.end();
  const ownerUrl = env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, '/wardwatch_bench');
  const appUrl = env.DATABASE_URL!.replace(/\/[^/]*$/, '/wardwatch_bench');
  await runMigrations(ownerUrl);

  const sim = new CameraSimulator();
  const info = await sim.start({ cameras: CAMERAS, basePort: 0, controlPort: null, video: false, maxSubscriptions: 4 });
  const db = new Client({ connectionString: ownerUrl });
  await db.connect();
  const cipher = new CredentialCipher({ id: config.CREDENTIALS_KEY_ID, key: Buffer.from(config.CREDENTIALS_KEY, 'base64') });
  await seedCamerasDirectly(db, cipher, info.cameras, 'bench');

  console.log(`starting the worker for ${CAMERAS} cameras…`);
  const worker = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: appUrl,
        WORKER_ID: 'bench',
        LOG_LEVEL: 'error',
        INGEST_RECONCILE_MS: '2000',
        INGEST_LEASE_MS: '20000',
        INGEST_PULL_TIMEOUT_S: '10',
      },
      stdio: 'inherit',
    },
  );
  const deadline = Date.now() + 120_000;
  while (info.cameras.some((c) => sim.camera(c.number).stats().subscriptions.active < 1) && Date.now() < deadline) await sleep(500);
  const subscribed = info.cameras.filter((c) => sim.camera(c.number).stats().subscriptions.active >= 1).length;
  console.log(`${subscribed}/${CAMERAS} cameras subscribed; driving motion every ${EVERY_MS / 1000}s for ${SECONDS}s`);

  const startedAt = new Date();
  const workerTicks0 = ticks(worker.pid!);
  const selfTicks0 = ticks(process.pid);
  const episodes = { count: 0 };
  const timers = info.cameras.map((c, i) => {
    const phase = Math.floor((i * EVERY_MS) / CAMERAS);
    const fire = () => {
      sim.camera(c.number).setMotion(true);
      episodes.count += 1;
      setTimeout(() => sim.camera(c.number).setMotion(false), LENGTH_MS);
    };
    let interval: NodeJS.Timeout | undefined;
    const t = setTimeout(() => {
      fire();
      interval = setInterval(fire, EVERY_MS);
    }, phase);
    return () => (clearTimeout(t), clearInterval(interval));
  });
  await sleep(SECONDS * 1000);
  timers.forEach((stop) => stop());
  await sleep(LENGTH_MS + 3000);
  const elapsed = (Date.now() - startedAt.getTime()) / 1000;
  const workerCpu = (ticks(worker.pid!) - workerTicks0) / 100;
  const simCpu = (ticks(process.pid) - selfTicks0) / 100;
  const rss = rssMb(worker.pid!);

  const rows = (
    await db.query<{ d: number }>(
      `SELECT extract(epoch FROM indexed_at - started_at) * 1000 AS d FROM motion_events WHERE kind = 'motion' AND started_at >= $1::timestamptz - interval '2 seconds'`,
      [startedAt],
    )
  ).rows.map((r) => Number(r.d));
  const closed = (
    await db.query(
      `SELECT count(*)::int AS n FROM motion_events WHERE kind = 'motion' AND started_at >= $1::timestamptz - interval '2 seconds' AND ended_at IS NOT NULL`,
      [startedAt],
    )
  ).rows[0].n as number;
  const dupes = (
    await db.query(
      `SELECT count(*)::int AS n FROM (SELECT camera_id, camera_started_at FROM motion_events GROUP BY 1, 2 HAVING count(*) > 1) d`,
    )
  ).rows[0].n as number;
  rows.sort((a, b) => a - b);

  // The raw limit: the same number of rows in one multi-row INSERT per 1000.
  const raw = rows.length || 1000;
  const cam0 = (await db.query(`SELECT id FROM cameras LIMIT 1`)).rows[0].id;
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < raw; done += 1000) {
    const n = Math.min(1000, raw - done);
    const params: unknown[] = [];
    const tuples = Array.from({ length: n }, (_, i) => {
      params.push(cam0, new Date(Date.now() - i), `raw${done + i}`.padEnd(40, 'x'));
      const b = i * 3;
      return `($${b + 1}, 'motion', 'tns1:RuleEngine/CellMotionDetector/Motion', 'Rule=R', $${b + 2}, $${b + 2}, 0, $${b + 3})`;
    });
    await db.query(
      `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, camera_started_at, clock_offset_ms, dedupe_key) VALUES ${tuples.join(',')}`,
      params,
    );
  }
  const rawSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  worker.kill('SIGTERM');
  await sleep(1000);
  await db.end();
  await sim.stop();

  const pipelineRate = rows.length / SECONDS;
  const rawRate = raw / rawSeconds;
  console.log('');
  console.log(`cameras:               ${CAMERAS} (${subscribed} subscribed)`);
  console.log(`motion episodes:       emitted ${episodes.count}, indexed ${rows.length}, closed ${closed}`);
  console.log(`lost: ${episodes.count - rows.length}`);
  console.log(`duplicates: ${dupes}`);
  console.log(`sustained:             ${pipelineRate.toFixed(1)} events/s (${(pipelineRate * 2).toFixed(1)} notifications/s, start+stop)`);
  console.log(
    `camera-to-searchable:  p50 ${percentile(rows, 50).toFixed(0)} ms, p99 ${percentile(rows, 99).toFixed(0)} ms ` +
      '(start time from the camera clock; the offset is known to about ±0.5 s, GetSystemDateAndTime has whole seconds)',
  );
  console.log(`worker:                RSS ${rss.toFixed(0)} MB, CPU ${workerCpu.toFixed(1)} s over ${elapsed.toFixed(0)} s`);
  console.log(`simulator (this proc): CPU ${simCpu.toFixed(1)} s (it shares the two cores)`);
  console.log(
    `raw limit:             ${rawRate.toFixed(0)} rows/s in multi-row INSERTs; pipeline/raw = ${(pipelineRate / rawRate).toFixed(4)} (the pipeline is paced by the cameras, not by the database)`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
