/**
 * npm run bench:ingest [-- --cameras 500 --seconds 60 --every 10 --length 3 --burst-rate 1250 --burst-seconds 15]
 *
 * N simulated cameras (event-only) emit motion to one worker process (the real entry point, its
 * own process so its RSS and CPU are its own) writing into a fresh database, in two phases:
 *
 *   steady  every camera one start/stop every --every s, --length s long, for --seconds s;
 *   burst   all cameras together emit start+stop pairs at --burst-rate events/s in total
 *           (2 notifications each) for --burst-seconds s.
 *
 * For each phase it prints cameras, notifications offered, events emitted, indexed, lost,
 * duplicates, sustained rates, camera-to-searchable delay p50/p99, worker RSS and CPU, this
 * process's CPU (the simulator: it shares the two cores), and the pipeline against the raw
 * multi-row INSERT limit of the same database. Not part of the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { CredentialCipher } from '@wardwatch/cameras';
import { loadConfig, readEnvironment, WorkerConfig } from '@wardwatch/config';
import { runMigrations } from '@wardwatch/database';
import { seedCamerasDirectly, sleep } from '@wardwatch/testing';
import { CameraSimulator, type SimulatorInfo } from '../apps/camera-sim/src';
import { benchOptions } from './bench-options';

const values = benchOptions(
  'npm run bench:ingest',
  'event-only simulated cameras emit motion to one worker process: a steady phase, then a burst',
  {
    cameras: { default: 500, help: 'simulated cameras' },
    seconds: { default: 60, help: 'length of the steady phase' },
    every: { default: 10, help: 'seconds between one camera’s motions' },
    length: { default: 3, help: 'seconds each motion lasts' },
    'burst-rate': { default: 1250, help: 'events per second in the burst, all cameras' },
    'burst-seconds': { default: 15, help: 'length of the burst' },
  },
);
const CAMERAS = values.cameras;
const SECONDS = values.seconds;
const EVERY_MS = values.every * 1000;
const LENGTH_MS = values.length * 1000;
const BURST_RATE = values['burst-rate'];
const BURST_SECONDS = values['burst-seconds'];
/** After a phase's last emission: how long the index may take to catch up before the rest counts as lost. */
const DRAIN_LIMIT_MS = 30_000;

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100/s)
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

interface PhaseResult {
  name: string;
  seconds: number;
  offered: number;
  emitted: number;
  indexed: number;
  closed: number;
  duplicates: number;
  /** From the phase's start to the last of its events being indexed. */
  drainedSeconds: number;
  delays: number[];
  rssMaxMb: number;
  workerCpu: number;
  simCpu: number;
}

/**
 * Runs `drive` (which emits motion and returns how many motion starts it made), then waits for
 * the index to catch up, sampling the worker's RSS meanwhile. Events are attributed to the phase by
 * their camera time, which in the simulator is the host clock (no skew), so the delay
 * indexed_at - camera_started_at is exact: no clock-offset estimate (whole seconds) enters it.
 */
async function phase(
  name: string,
  worker: ChildProcess,
  sim: CameraSimulator,
  info: SimulatorInfo,
  db: Client,
  drive: () => Promise<number>,
): Promise<PhaseResult> {
  const messages = () => info.cameras.reduce((n, c) => n + sim.camera(c.number).stats().messagesEmitted, 0);
  const offered0 = messages();
  const workerTicks0 = ticks(worker.pid!);
  const selfTicks0 = ticks(process.pid);
  let rssMaxMb = rssMb(worker.pid!);
  const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(worker.pid!))), 250);
  const from = new Date();
  const emitted = await drive();
  const to = new Date(Date.now() + 50);
  const seconds = (to.getTime() - from.getTime()) / 1000;
  const offered = messages() - offered0;
  const window = [from, to];
  const count = async () =>
    (
      await db.query<{ n: number; closed: number; last: Date | null }>(
        `SELECT count(*)::int AS n, count(ended_at)::int AS closed, max(indexed_at) AS last FROM motion_events
         WHERE kind = 'motion' AND camera_started_at >= $1 AND camera_started_at < $2`,
        window,
      )
    ).rows[0];
  const drainDeadline = Date.now() + DRAIN_LIMIT_MS;
  let state = await count();
  while ((state.n < emitted || state.closed < state.n) && Date.now() < drainDeadline) {
    await sleep(250);
    state = await count();
  }
  clearInterval(sampler);
  const workerCpu = (ticks(worker.pid!) - workerTicks0) / 100;
  const simCpu = (ticks(process.pid) - selfTicks0) / 100;
  const delays = (
    await db.query<{ d: number }>(
      `SELECT extract(epoch FROM indexed_at - camera_started_at) * 1000 AS d FROM motion_events
       WHERE kind = 'motion' AND camera_started_at >= $1 AND camera_started_at < $2`,
      window,
    )
  ).rows
    .map((r) => Number(r.d))
    .sort((a, b) => a - b);
  const duplicates = (
    await db.query(
      `SELECT count(*)::int AS n FROM (SELECT camera_id, camera_started_at FROM motion_events
       WHERE camera_started_at >= $1 AND camera_started_at < $2 GROUP BY 1, 2 HAVING count(*) > 1) d`,
      window,
    )
  ).rows[0].n as number;
  const drainedSeconds = state.last ? (state.last.getTime() - from.getTime()) / 1000 : seconds;
  return {
    name,
    seconds,
    offered,
    emitted,
    indexed: state.n,
    closed: state.closed,
    duplicates,
    drainedSeconds,
    delays,
    rssMaxMb,
    workerCpu,
    simCpu,
  };
}

/** Each camera one start/stop every EVERY_MS, LENGTH_MS long, the cameras spread over the period. */
async function steady(sim: CameraSimulator, info: SimulatorInfo): Promise<number> {
  let starts = 0;
  const stops: (() => void)[] = [];
  const pending = new Set<NodeJS.Timeout>();
  info.cameras.forEach((c, i) => {
    const fire = () => {
      if (sim.camera(c.number).setMotion(true)) starts += 1;
      const t = setTimeout(() => (pending.delete(t), sim.camera(c.number).setMotion(false)), LENGTH_MS);
      pending.add(t);
    };
    let interval: NodeJS.Timeout | undefined;
    const t = setTimeout(
      () => {
        fire();
        interval = setInterval(fire, EVERY_MS);
      },
      Math.floor((i * EVERY_MS) / info.cameras.length),
    );
    stops.push(() => (clearTimeout(t), clearInterval(interval)));
  });
  await sleep(SECONDS * 1000);
  stops.forEach((stop) => stop());
  // Let the episodes already started end, so every event of the phase can close.
  await sleep(LENGTH_MS + 100);
  return starts;
}

/**
 * Every camera emits start+stop pairs so that all together offer BURST_RATE events/s. The pairs
 * are driven from one 20 ms tick (not 500 timers) that gives each camera its due number of pairs,
 * so the offered rate holds even when the event loop is busy.
 */
async function burst(sim: CameraSimulator, info: SimulatorInfo): Promise<number> {
  const perCameraPerMs = BURST_RATE / info.cameras.length / 1000;
  const started = Date.now();
  const sent = new Map<number, number>(info.cameras.map((c) => [c.number, 0]));
  let starts = 0;
  while (Date.now() - started < BURST_SECONDS * 1000) {
    const due = Math.floor((Date.now() - started) * perCameraPerMs);
    for (const c of info.cameras) {
      const camera = sim.camera(c.number);
      while (sent.get(c.number)! < due) {
        if (camera.setMotion(true)) starts += 1;
        camera.setMotion(false);
        sent.set(c.number, sent.get(c.number)! + 1);
      }
    }
    await sleep(20);
  }
  return starts;
}

async function rawInsertRate(db: Client, rows: number): Promise<number> {
  const cam0 = (await db.query(`SELECT id FROM cameras LIMIT 1`)).rows[0].id;
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < rows; done += 1000) {
    const n = Math.min(1000, rows - done);
    const params: unknown[] = [];
    const tuples = Array.from({ length: n }, (_, i) => {
      params.push(cam0, new Date(Date.UTC(2000, 0, 1) - done - i), `raw${done + i}`.padEnd(40, 'x'));
      const b = i * 3;
      return `($${b + 1}, 'motion', 'tns1:RuleEngine/CellMotionDetector/Motion', 'Rule=R', $${b + 2}, $${b + 2}, 0, $${b + 3})`;
    });
    await db.query(
      `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, camera_started_at, clock_offset_ms, dedupe_key) VALUES ${tuples.join(',')}`,
      params,
    );
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await db.query(`DELETE FROM motion_events WHERE dedupe_key LIKE 'raw%'`);
  return rows / seconds;
}

function report(p: PhaseResult, rawRate: number): void {
  const rate = p.indexed / p.drainedSeconds;
  console.log(`\n== ${p.name} ==`);
  console.log(`cameras:                ${CAMERAS}`);
  console.log(`notifications offered:  ${p.offered} in ${p.seconds.toFixed(1)} s = ${(p.offered / p.seconds).toFixed(0)}/s`);
  console.log(`events:                 emitted ${p.emitted}, indexed ${p.indexed} (closed ${p.closed}), lost ${p.emitted - p.indexed}`);
  console.log(`duplicates:             ${p.duplicates}`);
  console.log(
    `sustained:              ${rate.toFixed(0)} events/s, ${(rate * 2).toFixed(0)} notifications/s (indexed over ${p.drainedSeconds.toFixed(1)} s, start to last indexed)`,
  );
  console.log(
    `camera-to-searchable:   p50 ${percentile(p.delays, 50).toFixed(0)} ms, p99 ${percentile(p.delays, 99).toFixed(0)} ms, max ${percentile(p.delays, 100).toFixed(0)} ms`,
  );
  console.log(`worker:                 RSS max ${p.rssMaxMb.toFixed(0)} MB, CPU ${p.workerCpu.toFixed(1)} s`);
  console.log(`simulator (this proc):  CPU ${p.simCpu.toFixed(1)} s`);
  console.log(`raw INSERT limit:       ${rawRate.toFixed(0)} rows/s; pipeline/raw = ${(rate / rawRate).toFixed(3)}`);
}

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
        QUEUE_PREFIX: 'wardwatch-bench',
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
  console.log(`${subscribed}/${CAMERAS} cameras subscribed; worker RSS ${rssMb(worker.pid!).toFixed(0)} MB`);
  await sleep(2000); // the Initialized messages of the new subscriptions are written before the phases start

  console.log(`steady: one start/stop per camera every ${EVERY_MS / 1000} s for ${SECONDS} s…`);
  const steadyResult = await phase('steady', worker, sim, info, db, () => steady(sim, info));
  console.log(`burst: ${BURST_RATE} events/s (${BURST_RATE * 2} notifications/s) for ${BURST_SECONDS} s…`);
  const burstResult = await phase('burst', worker, sim, info, db, () => burst(sim, info));

  const rawRate = await rawInsertRate(db, Math.max(10_000, burstResult.indexed));
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.once('exit', resolve));
  await db.end();
  await sim.stop();

  console.log(`\n${subscribed}/${CAMERAS} cameras subscribed`);
  report(steadyResult, rawRate);
  report(burstResult, rawRate);
  console.log(
    '\nDelays are indexed_at - camera_started_at: the simulator runs on the host clock, so they are exact. ' +
      'Sustained rates count events indexed from the phase start to the last one indexed.',
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
