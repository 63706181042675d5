/**
 * npm run bench:clips [-- --cameras 10 --seconds 60 --motion 3]
 *
 * K simulated cameras with video are buffered by one worker for --seconds s, then all K are
 * triggered at once (motion for --motion s). It prints:
 *
 *   buffering  CPU seconds per camera-minute: the recorder ffmpegs (each one's own
 *              /proc/<pid>/stat utime+stime, sampled while it runs: the exited-children fields of
 *              the worker would miss running children), the worker process's own CPU, and both
 *              together; against the raw limit measured in the same run and for the same time:
 *              one plain `ffmpeg -rtsp_transport tcp -i <camera 1's stream> -map 0:v -c copy
 *              -f mpegts <file>` (its stat read before it is stopped).
 *   clips      produced, stored, bytes, and the time from motion end to clip stored.
 *
 * Targets (DESIGN, "Benchmark targets, refined"): buffering costs at most 1.5x the plain copy's CPU
 * per camera; each clip stored within post-roll + one GOP + 3 s of motion end, K cameras at once.
 *
 * The worker runs in this process (WorkerModule, as the clip integration test starts it) so that
 * ClipCaptureService.recorderPids() names the recorder ffmpegs; the simulator runs as a child
 * process (`apps/camera-sim` with --json and a control endpoint) so that this process's CPU is the
 * worker's own. The simulator's CPU (its Node process and its GStreamer RTSP server, which encodes
 * every camera's video and shares the two cores) is printed beside it. Not part of the tests.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { CredentialCipher } from '@wardwatch/cameras';
import { loadConfig, readEnvironment, WorkerConfig } from '@wardwatch/config';
import { runMigrations } from '@wardwatch/database';
import { ClipCaptureService, recordingUrl } from '@wardwatch/footage';
import { EventSubscriptionSupervisor } from '@wardwatch/ingest';
import { seedCamerasDirectly, sleep } from '@wardwatch/testing';
import type { SimulatorInfo } from '../apps/camera-sim/src';
import { VIDEO } from '../apps/camera-sim/src/onvif/media-service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { benchOptions } from './bench-options';

const values = benchOptions('npm run bench:clips', 'simulated cameras with video buffered by one worker, then all triggered at once', {
  cameras: { default: 10, help: 'simulated cameras with video' },
  seconds: { default: 60, help: 'seconds of buffering measured' },
  motion: { default: 3, help: 'seconds of motion per camera' },
  'pre-roll': { default: 5, help: 'clip pre-roll seconds' },
  'post-roll': { default: 10, help: 'clip post-roll seconds' },
});
const CAMERAS = values.cameras;
const SECONDS = values.seconds;
const MOTION_MS = values.motion * 1000;
const PRE_ROLL_S = values['pre-roll'];
const POST_ROLL_S = values['post-roll'];
const SEGMENT_S = 2;
/** The simulator's keyframe interval (x264enc key-int-max = VIDEO.gop frames at VIDEO.fps). */
const GOP_S = VIDEO.gop / VIDEO.fps;
const STORED_LIMIT_S = POST_ROLL_S + GOP_S + 3;
const CPU_RATIO_LIMIT = 1.5;
const DATABASE = 'wardwatch_bench_clips';
const HZ = 100; // clock ticks per second in /proc/<pid>/stat (USER_HZ)

/** utime + stime of one process, in clock ticks; null once it has exited. */
function ticks(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

/**
 * CPU of a changing set of processes over a window: each pid's ticks from when the window (or the
 * pid) was first seen to the last sample in which it was alive. A recorder ffmpeg that exits within
 * the window loses at most one sampling interval; restarts are counted.
 */
class CpuMeter {
  private readonly seen = new Map<number, { first: number; last: number }>();
  private timer?: NodeJS.Timeout;
  constructor(private readonly pids: () => number[]) {}

  start(intervalMs: number): void {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), intervalMs);
  }

  /** Ends the window with a last sample; returns CPU seconds and how many pids took part. */
  stop(): { seconds: number; processes: number } {
    clearInterval(this.timer);
    this.sample(false);
    let total = 0;
    for (const { first, last } of this.seen.values()) total += last - first;
    return { seconds: total / HZ, processes: this.seen.size };
  }

  private sample(atStart: boolean): void {
    for (const pid of this.pids()) {
      const t = ticks(pid);
      if (t === null) continue;
      const known = this.seen.get(pid);
      // A pid first seen after the window opened started inside it: its CPU so far belongs to the window.
      if (!known) this.seen.set(pid, { first: atStart ? t : 0, last: t });
      else known.last = t;
    }
  }
}

/** The simulator as a child process: its camera list (one JSON line on stdout) and its control URL. */
async function startSimulator(): Promise<{ child: ChildProcess; info: SimulatorInfo }> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/camera-sim/src/main.ts',
      '--cameras',
      String(CAMERAS),
      '--base-port',
      '0',
      '--rtsp-port',
      '0',
      '--control-port',
      '0',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const info = await new Promise<SimulatorInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the simulator did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before starting`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as SimulatorInfo);
    });
  });
  return { child, info };
}

async function setMotion(info: SimulatorInfo, active: boolean): Promise<void> {
  const res = await fetch(`${info.controlUrl}/cameras/all/motion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ active }),
  });
  if (!res.ok) throw new Error(`the simulator refused motion ${active}: ${res.status} ${await res.text()}`);
}

const fileBytes = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');

async function main(): Promise<void> {
  const env = readEnvironment({ ...process.env, NODE_ENV: 'test' });
  const admin = new Client({ connectionString: env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const ownerUrl = env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, `/${DATABASE}`);
  const appUrl = env.DATABASE_URL!.replace(/\/[^/]*$/, `/${DATABASE}`);
  await runMigrations(ownerUrl);

  const spool = mkdtempSync(join(tmpdir(), 'wardwatch-bench-clips-'));
  const config = loadConfig(WorkerConfig, {
    ...env,
    DATABASE_URL: appUrl,
    QUEUE_PREFIX: 'wardwatch-bench-clips',
    WORKER_ID: 'bench-clips',
    LOG_LEVEL: 'error',
    S3_BUCKET: 'wardwatch-bench-clips',
    INGEST_RECONCILE_MS: '2000',
    INGEST_LEASE_MS: '20000',
    INGEST_PULL_TIMEOUT_S: '10',
    // The production defaults for capture, not the test environment's short ones.
    CLIP_SPOOL_DIR: spool,
    CLIP_MAX_CAMERAS: String(Math.max(50, CAMERAS)),
    CLIP_SEGMENT_SECONDS: String(SEGMENT_S),
    CLIP_BUFFER_SECONDS: '60',
    CLIP_PRE_ROLL_S: String(PRE_ROLL_S),
    CLIP_POST_ROLL_S: String(POST_ROLL_S),
    CLIP_MAX_SECONDS: '120',
    CLIP_RTSP_TIMEOUT_S: '5',
    CLIP_TICK_MS: '500',
  });

  console.log(`starting the simulator: ${CAMERAS} cameras with video…`);
  const { child: simChild, info } = await startSimulator();
  let worker: INestApplicationContext | undefined;
  let plain: ChildProcess | undefined;
  const db = new Client({ connectionString: ownerUrl });
  await db.connect();
  try {
    const cipher = new CredentialCipher({ id: config.CREDENTIALS_KEY_ID, key: Buffer.from(config.CREDENTIALS_KEY, 'base64') });
    const cameraIds = await seedCamerasDirectly(db, cipher, info.cameras, 'bench-clips');
    // Seeded cameras are event-only: give them their stream and a consent that includes clips.
    for (const [i, id] of cameraIds.entries()) {
      await db.query(`UPDATE cameras SET stream_uri = $2 WHERE id = $1`, [id, info.cameras[i].rtspUri]);
    }
    // Consents are versioned (never updated): version 2 adds clips.
    await db.query(
      `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
       SELECT camera_id, 2, state, '{event_metadata,clips}', retention_days, sharing_mode, notice_version, notice_language, method, given_by, now()
       FROM camera_consents WHERE version = 1`,
    );

    console.log('starting the worker in this process…');
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'], abortOnError: false });
    const capture = worker.get(ClipCaptureService);
    const supervisor = worker.get(EventSubscriptionSupervisor);
    const deadline = Date.now() + 120_000;
    const fresh = () =>
      capture
        .status()
        .cameras.filter(
          (c) => c.state === 'recording' && c.bufferedUntil !== null && c.bufferedUntil.getTime() > Date.now() - 2 * SEGMENT_S * 1000 - 500,
        ).length;
    while ((supervisor.heldCameras().length < CAMERAS || fresh() < CAMERAS) && Date.now() < deadline) await sleep(500);
    console.log(`${supervisor.heldCameras().length}/${CAMERAS} cameras held, ${fresh()}/${CAMERAS} buffering`);
    if (fresh() < CAMERAS) throw new Error('not every camera is buffering; see the worker’s errors above');

    // The raw limit: one plain stream copy of camera 1's stream, started before the window like the recorders.
    const plainFile = join(spool, 'plain-copy.ts');
    const plainUrl = recordingUrl(info.cameras[0].rtspUri, '127.0.0.1', info.cameras[0].username, info.cameras[0].password);
    plain = spawn(
      'ffmpeg',
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-rtsp_transport',
        'tcp',
        '-timeout',
        '5000000',
        '-i',
        plainUrl,
        '-map',
        '0:v',
        '-c',
        'copy',
        '-f',
        'mpegts',
        '-y',
        plainFile,
      ],
      { stdio: 'ignore' },
    );
    const plainPid = plain.pid!;
    const plainStarted = Date.now();
    // ffmpeg's mpegts file output is flushed late and socket reads do not show in /proc/<pid>/io, so
    // the copy counts as streaming once it is still alive after its RTSP setup; its bytes are read at exit.
    await sleep(3000);
    if (plain.exitCode !== null || ticks(plainPid) === null)
      throw new Error(`the plain ffmpeg copy exited (${plain.exitCode}) before the window`);

    console.log(`buffering ${CAMERAS} cameras for ${SECONDS} s (and one plain copy beside them)…`);
    const simPids = [simChild.pid!, ...(info.rtspPid ? [info.rtspPid] : [])];
    const recorders = new CpuMeter(() => capture.recorderPids());
    const own = new CpuMeter(() => [process.pid]);
    const copy = new CpuMeter(() => [plain!.pid!]);
    const sim = new CpuMeter(() => simPids);
    const pidsAtStart = new Set(capture.recorderPids());
    const spool0 = capture.status().spoolBytes;
    const from = process.hrtime.bigint();
    for (const m of [recorders, own, copy, sim]) m.start(1000);
    await sleep(SECONDS * 1000);
    const [rec, self, raw, simCpu] = [recorders, own, copy, sim].map((m) => m.stop());
    const windowS = Number(process.hrtime.bigint() - from) / 1e9;
    const pidsAtEnd = new Set(capture.recorderPids());
    const restarts = [...pidsAtEnd].filter((p) => !pidsAtStart.has(p)).length;
    const spoolBytes = capture.status().spoolBytes;
    const plainExited = new Promise((resolve) => plain!.once('exit', resolve));
    plain.kill('SIGTERM');
    await plainExited;
    const plainBytes = fileBytes(plainFile);
    const plainSeconds = (Date.now() - plainStarted) / 1000;

    // All K cameras triggered at once.
    console.log(`motion on all ${CAMERAS} cameras for ${MOTION_MS / 1000} s…`);
    const triggeredAt = new Date();
    await setMotion(info, true);
    await sleep(MOTION_MS);
    await setMotion(info, false);
    const motionEnd = Date.now();
    type Row = {
      status: string;
      size_bytes: string | null;
      duration_ms: number | null;
      stored_at: Date | null;
      event_end: Date | null;
      failure_reason: string | null;
      event_start: Date;
      created_at: Date;
      requested_to: Date | null;
    };
    const clipsNow = async () =>
      (
        await db.query<Row>(
          `SELECT c.status, c.size_bytes, c.duration_ms, c.stored_at, e.ended_at AS event_end, c.failure_reason,
                  e.started_at AS event_start, c.created_at, c.requested_to
           FROM clips c JOIN motion_events e ON e.id = c.motion_event_id WHERE e.started_at >= $1`,
          [new Date(triggeredAt.getTime() - 2000)],
        )
      ).rows;
    const waitUntil = motionEnd + (STORED_LIMIT_S + 60) * 1000;
    let clips = await clipsNow();
    while ((clips.length < CAMERAS || clips.some((c) => c.status !== 'stored' && c.status !== 'failed')) && Date.now() < waitUntil) {
      await sleep(200);
      clips = await clipsNow();
    }
    const stored = clips.filter((c) => c.status === 'stored');
    // Motion end is the camera's own stop time (the indexed event's end; the simulator's clock is this
    // host's); the time the stop request returned here is shown beside it.
    const delays = stored.map((c) => (c.stored_at!.getTime() - c.event_end!.getTime()) / 1000).sort((a, b) => a - b);
    const requestDelays = stored.map((c) => (c.stored_at!.getTime() - motionEnd) / 1000).sort((a, b) => a - b);
    // Where the time goes: planning (the clip row appears once capture's tick has seen the motion) and
    // everything after the clip's own end (its last segment, assembly, the upload queue, the upload).
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    const planned = sorted(clips.map((c) => (c.created_at.getTime() - c.event_start.getTime()) / 1000));
    const afterEnd = sorted(stored.map((c) => (c.stored_at!.getTime() - c.requested_to!.getTime()) / 1000));
    const bytes = stored.reduce((n, c) => n + Number(c.size_bytes), 0);
    const durations = stored.map((c) => c.duration_ms! / 1000);

    // Figures.
    const cameraMinutes = (CAMERAS * windowS) / 60;
    const minutes = windowS / 60;
    const recPerCamMin = rec.seconds / cameraMinutes;
    const ownPerCamMin = self.seconds / cameraMinutes;
    const wholePerCamMin = (rec.seconds + self.seconds) / cameraMinutes;
    const rawPerMin = raw.seconds / minutes;
    const wholeRatio = wholePerCamMin / rawPerMin;
    const recRatio = recPerCamMin / rawPerMin;
    const worst = delays.length ? delays[delays.length - 1] : NaN;
    const f3 = (n: number) => n.toFixed(3);
    const rows: [string, string][] = [
      ['cameras', `${CAMERAS} (video ${VIDEO.width}x${VIDEO.height} @ ${VIDEO.fps} fps, ~${VIDEO.bitrateKbps} kbps, GOP ${GOP_S} s)`],
      ['buffering window', `${windowS.toFixed(1)} s = ${cameraMinutes.toFixed(2)} camera-minutes`],
      [
        'recorder ffmpegs',
        `${rec.seconds.toFixed(2)} CPU s over ${rec.processes} processes (${restarts} restarted) = ${f3(recPerCamMin)} CPU s per camera-minute`,
      ],
      ['worker process (own)', `${self.seconds.toFixed(2)} CPU s = ${f3(ownPerCamMin)} CPU s per camera-minute`],
      ['whole worker', `${f3(wholePerCamMin)} CPU s per camera-minute (${((wholePerCamMin / 60) * 100).toFixed(2)}% of a core per camera)`],
      [
        'plain ffmpeg -c copy',
        `${raw.seconds.toFixed(2)} CPU s = ${f3(rawPerMin)} CPU s per minute of one stream; file ${plainBytes} bytes for its ${plainSeconds.toFixed(0)} s (${((plainBytes * 8) / plainSeconds / 1000).toFixed(0)} kbps)`,
      ],
      ['buffering / plain copy', `whole worker ${wholeRatio.toFixed(2)}x, recorder ffmpeg alone ${recRatio.toFixed(2)}x`],
      ['spool after window', `${spoolBytes} bytes (${spool0} at its start)`],
      ['simulator (not worker)', `${simCpu.seconds.toFixed(2)} CPU s (Node + GStreamer encoding ${CAMERAS} streams)`],
      ['clips', `${clips.length} produced, ${stored.length} stored, ${clips.length - stored.length} not stored`],
      [
        'clip bytes',
        `${bytes} total, ${stored.length ? Math.round(bytes / stored.length) : 0} per clip; durations ${durations.length ? `${Math.min(...durations).toFixed(1)}-${Math.max(...durations).toFixed(1)} s` : 'n/a'}`,
      ],
      [
        'motion end -> stored',
        `p50 ${percentile(delays, 50).toFixed(2)} s, max ${worst.toFixed(2)} s (from the stop request's return: p50 ${percentile(requestDelays, 50).toFixed(2)} s, max ${percentile(requestDelays, 100).toFixed(2)} s)`,
      ],
      [
        '  of which',
        `motion start -> clip planned p50 ${percentile(planned, 50).toFixed(2)} s, max ${percentile(planned, 100).toFixed(2)} s; ` +
          `clip end (motion end + post-roll) -> stored p50 ${percentile(afterEnd, 50).toFixed(2)} s, max ${percentile(afterEnd, 100).toFixed(2)} s`,
      ],
      [
        'load average',
        `${loadavg()
          .map((l) => l.toFixed(2))
          .join(', ')} (2 cores shared with others)`,
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\n== clips: ${CAMERAS} cameras, ${SECONDS} s buffering, pre-roll ${PRE_ROLL_S} s, post-roll ${POST_ROLL_S} s ==`);
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
    console.log('\ntargets');
    // DESIGN's refined target compares the recorder ffmpegs' own CPU with the plain copy; the issue's
    // whole-worker reading (recorders + the worker process) is judged beside it.
    console.log(
      `  recorder ffmpeg CPU per camera <= ${CPU_RATIO_LIMIT}x plain copy (DESIGN): ${recRatio.toFixed(2)}x  ${verdict(recRatio <= CPU_RATIO_LIMIT)}`,
    );
    console.log(
      `  whole worker CPU per camera <= ${CPU_RATIO_LIMIT}x plain copy (issue):    ${wholeRatio.toFixed(2)}x  ${verdict(wholeRatio <= CPU_RATIO_LIMIT)}`,
    );
    console.log(
      `  every clip stored <= post-roll + GOP + 3 s = ${STORED_LIMIT_S} s after motion end (DESIGN): ` +
        `${stored.length}/${CAMERAS} stored, max ${worst.toFixed(2)} s  ${verdict(stored.length === CAMERAS && worst <= STORED_LIMIT_S)}`,
    );
    // Issue 16 words it with 2 s of slack, one second tighter than DESIGN's refined target.
    const issueLimit = POST_ROLL_S + GOP_S + 2;
    console.log(
      `  every clip stored <= post-roll + GOP + 2 s = ${issueLimit} s after motion end (issue):  ` +
        `${stored.length}/${CAMERAS} stored, max ${worst.toFixed(2)} s  ${verdict(stored.length === CAMERAS && worst <= issueLimit)}`,
    );
    for (const c of clips.filter((x) => x.status !== 'stored')) console.log(`  not stored: ${c.status} ${c.failure_reason ?? ''}`);
    console.log(
      '\nCPU is utime+stime from /proc/<pid>/stat of each process while it runs; the worker runs in this process ' +
        '(its own CPU includes this benchmark’s 1 s sampling); the plain copy reads camera 1’s stream beside the recorders.',
    );
  } finally {
    if (plain && plain.exitCode === null) plain.kill('SIGTERM');
    await worker?.close();
    await db.end();
    await new Promise<void>((resolve) => {
      if (simChild.exitCode !== null) return resolve();
      simChild.once('exit', () => resolve());
      simChild.kill('SIGTERM');
    });
    rmSync(spool, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
