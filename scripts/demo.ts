/**
 * The demo (issues 6 and 12): the ward of the story, Him Lam, Điện Biên Phủ (synthetic, from
 * config/demo/him-lam.geojson). Starts the api, the worker and one simulator with the ward's 350
 * cameras (five with video, the rest event-only), imports the ward and its streets, registers its
 * residents and enrols every camera with its consent, waits for the worker to subscribe to each
 * consenting one, raises motion across the ward, waits for the clips, and walks an officer, the
 * owners and a supervisor through search, investigation, request, approvals, a download checked
 * against its recorded SHA-256, an evidence export verified offline, and the audit chain. Every step
 * goes through the HTTP API. With --exit it stops everything and prints a one-line JSON summary last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiConfig, loadConfig, readEnvironment } from '@wardwatch/config';
import { verifyEvidenceArchive } from '@wardwatch/evidence';
import { readWardSeed, seedCameras, streetImportBody, wardImportBody, type SeedConsent } from '@wardwatch/places';
import { API_PREFIX, DOCS_PATH } from '../apps/api/src/http/api-prefix';
import { CameraSimulator } from '../apps/camera-sim/src';

const exitWhenDone = process.argv.includes('--exit');
const config = loadConfig(ApiConfig, readEnvironment());
const origin = `http://${config.API_HOST}:${config.API_PORT}`;
/** Every API route is under the versioned prefix; `/` is the web app's. */
const api = `${origin}${API_PREFIX}`;
const children: ChildProcess[] = [];

/** The demo ward (synthetic): boundary, streets, residents and their cameras, in one data file. */
const WARD_FILE = 'config/demo/him-lam.geojson';
const seed = readWardSeed(WARD_FILE);
const WARD_CODE = seed.ward.code;

/**
 * The demo's own ports and size, from the environment (defaults as documented in demo.sh --help):
 * DEMO_SIM_BASE_PORT (camera n listens on base + n - 1), DEMO_SIM_CONTROL_PORT, and DEMO_CAMERAS
 * (how many of the ward's cameras to run, from camera 1; the first five stream video).
 */
function demoSettings(): { basePort: number; controlPort: number; cameras: number } {
  const all = seedCameras(seed).length;
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = process.env[name];
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    return n;
  };
  const cameras = int('DEMO_CAMERAS', all, 5, all);
  return {
    cameras,
    basePort: int('DEMO_SIM_BASE_PORT', 18080, 1024, 65_535 - cameras + 1),
    controlPort: int('DEMO_SIM_CONTROL_PORT', 18000, 1024, 65_535),
  };
}
const settings = demoSettings();
const PLAN = seedCameras(seed).slice(0, settings.cameras);

type StaffRole = 'admin' | 'supervisor' | 'officer';
const STAFF: { role: StaffRole; email: string; displayName: string; password: string }[] = [
  { role: 'admin', email: 'admin@wardwatch.local', displayName: 'Quản trị viên', password: 'demo-admin-password' },
  { role: 'admin', email: 'admin2@wardwatch.local', displayName: 'Quản trị viên thứ hai', password: 'demo-admin2-password' },
  { role: 'supervisor', email: 'supervisor@wardwatch.local', displayName: 'Trưởng công an phường', password: 'demo-supervisor-password' },
  { role: 'officer', email: 'officer@wardwatch.local', displayName: 'Cán bộ Nguyễn Văn An', password: 'demo-officer-password' },
];
/** Every resident of the ward file who owns one of the cameras run; demo passwords follow the e-mail. */
const owners = new Set(PLAN.map((c) => c.properties.owner));
const RESIDENTS = seed.residents
  .filter((r) => owners.has(r.key))
  .map((r) => ({ role: 'resident' as const, key: r.key, email: r.email, displayName: r.displayName, password: `demo-${r.key}-password` }));
const SAMPLE_USERS = [...STAFF, ...RESIDENTS];

/** The story's streets: its cameras with video stand on them. */
const STREET_A = 'Hoàng Văn Thái';
const STREET_B = 'Võ Nguyên Giáp';
const describeConsent = (c: SeedConsent): string =>
  c.purposes.includes('police_search')
    ? c.sharingMode === 'ask'
      ? 'ask me each time'
      : 'release to approved investigations'
    : c.purposes.includes('clips')
      ? 'clips for me, no police search'
      : 'events for me, no police search';
/** Short clips keep the demo brief (config/development.env has 5 s / 10 s); the environment may override them. */
const WORKER_DEMO_ENV = { CLIP_PRE_ROLL_S: '2', CLIP_POST_ROLL_S: '3', INGEST_RECONCILE_MS: '1000' };
const MOTION_MS = 3000;

const demoStartedAt = Date.now();
/** A line of the story, with the seconds since the demo started (where the time goes shows). */
const say = (line: string) => console.log(`[demo +${((Date.now() - demoStartedAt) / 1000).toFixed(1)} s] ${line}`);

function start(name: string, entry: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Only warnings and errors from the services reach the demo's screen; the story is the point.
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        if ((entry.level ?? 0) >= 40) console.log(`[${name}] ${entry.msg ?? line}`);
      } catch {
        console.log(`[${name}] ${line}`);
      }
    }
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[demo] ${name} stopped unexpectedly (code ${code}, signal ${signal}); see its messages above`);
      process.exit(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
let stopSimulator: () => Promise<void> = () => Promise.resolve();
async function stopAll(): Promise<void> {
  stopping = true;
  await Promise.all(
    children
      .filter((c) => c.exitCode === null)
      .map(async (c) => {
        c.kill('SIGTERM');
        await once(c, 'exit');
      }),
  );
  // The cameras go last, so the worker does not log them vanishing while it shuts down.
  await stopSimulator();
}

async function http<T>(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The API's errors are problems (RFC 9457): the code to branch on, the detail to show. */
interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; detail: string }[];
}

const explain = (body: Partial<Problem> | undefined): string =>
  body?.code
    ? `${body.code}: ${body.detail}${body.errors ? ` (${body.errors.map((e) => `${e.field}: ${e.detail}`).join('; ')})` : ''}`
    : JSON.stringify(body);

/** Calls the API and insists on one of the expected statuses; the error says which step failed and why. */
async function must<T>(step: string, expected: number[], method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await http<T & Partial<Problem>>(method, path, body, token);
  if (!expected.includes(res.status)) throw new Error(`${step}: ${method} ${path} answered ${res.status}: ${explain(res.body)}`);
  return res.body;
}

/** Polls `probe` until it returns a value, or fails after timeoutMs naming what it waited for. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function waitForHealth(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${api}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the api did not become healthy at ${api}/health within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** One of the two bootstrap admins, with the CLI (further staff accounts need a second admin's confirmation). */
async function createFirstAdmin(admin: (typeof STAFF)[number]): Promise<void> {
  const cli = spawn(
    process.execPath,
    ['dist/apps/api/apps/api/src/cli.js', 'create-admin', '--email', admin.email, '--name', admin.displayName],
    {
      env: process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  cli.stdout.on('data', (d: Buffer) => (output += d.toString()));
  cli.stderr.on('data', (d: Buffer) => (output += d.toString()));
  cli.stdin.end(`${admin.password}\n`);
  const [code] = (await once(cli, 'exit')) as [number];
  if (code === 0) say(`created a bootstrap admin with the CLI: ${output.trim()}`);
  else if (/already exists|admin accounts;/.test(output))
    say(`${admin.email}: the admins exist already (an earlier demo run); reusing them`);
  else throw new Error(`create-admin failed: ${output.trim()}`);
}

async function login(email: string, password: string): Promise<string> {
  for (;;) {
    const res = await http<{ accessToken: string } & Partial<Problem>>('POST', '/auth/login', { email, password });
    // Sixty people signing in from one address in a minute is the demo, not an attack: wait as told.
    if (res.status === 429) {
      await sleep(1000 * Number(res.headers.get('retry-after') ?? 5));
      continue;
    }
    if (res.status !== 200) throw new Error(`login as ${email} failed (${res.status}): ${explain(res.body)}`);
    return res.body.accessToken;
  }
}

/**
 * Retries a step the API answered 503 (its probe slots are all busy: ONVIF_PROBE_MAX_CONCURRENT), as
 * the web app would; any other answer passes through.
 */
async function retryBusy<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= 100 || !(error instanceof Error) || !/ answered 503:/.test(error.message)) throw error;
      await sleep(100 + Math.random() * 200);
    }
  }
}

/** Runs `work` over `items` with at most `limit` at once, in order of start. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

interface CameraListItem {
  id: string;
  label: string;
  address: { ward: { code: string } | null };
  device: { serialNumber?: string } | null;
  onvif: { port: number };
  lifecycle: string;
  health: string;
}
interface SearchHit {
  id: string;
  label: string;
  address: { street: string; houseNumber: string };
  events: { id: string; startedAt: string; hasClip: boolean }[];
  gaps: unknown[];
}
interface RequestView {
  id: string;
  state: string;
  cameras: { cameraId: string; label: string; state: string; release: { id: string } | null }[];
}
interface ReleasedClip {
  clipId: string;
  camera: { id: string; label: string };
  sha256: string | null;
  sizeBytes: number | null;
  release: { id: string };
}

interface TransparencyCell {
  value: number | null;
  suppressed: boolean;
}

/**
 * Fetches this month's public report (no token) and counts each figure's action in the audit log
 * over the same period (the supervisor's GET /audit/entries, page by page, up to the report's
 * generatedAt): a published count must be the log's, a suppressed one must be 1 to threshold - 1.
 * Summed over the wards (each entry's cameras are in one ward here), and said in one line.
 */
async function checkTransparency(supervisor: string): Promise<boolean> {
  const report = await must<{
    generatedAt: string;
    threshold: number;
    to: string;
    months: { figures: Record<string, TransparencyCell> }[];
  }>('transparency report', [200], 'GET', `/transparency/report?from=${currentWardMonth()}&to=${currentWardMonth()}`);
  const actions: Record<string, string> = {
    requestsFiled: 'footage_request.filed',
    supervisorApproved: 'footage_request.supervisor_approved',
    supervisorRejected: 'footage_request.supervisor_rejected',
    ownerApproved: 'footage_request.owner_approved',
    ownerDeclined: 'footage_request.owner_declined',
    releases: 'footage.released',
    evidenceExports: 'evidence.exported',
    camerasEnrolled: 'camera.enrolled',
    camerasPaused: 'consent.paused',
    camerasWithdrawn: 'consent.withdrawn',
  };
  const shown: string[] = [];
  const wrong: string[] = [];
  for (const [key, action] of Object.entries(actions)) {
    let logged = 0;
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ action, from: `${report.to}-01T00:00`, to: report.generatedAt, limit: '500' });
      if (cursor) q.set('cursor', cursor);
      const page: { items: unknown[]; next: string | null } = await must(
        'audit entries',
        [200],
        'GET',
        `/audit/entries?${q.toString()}`,
        undefined,
        supervisor,
      );
      logged += page.items.length;
      cursor = page.next;
    } while (cursor);
    const cells = report.months.map((r) => r.figures[key]);
    const published = cells.reduce((n, c) => n + (c.value ?? 0), 0);
    const suppressed = cells.some((c) => c.suppressed);
    const ok = suppressed ? logged > 0 && logged < report.threshold * cells.length : published === logged;
    shown.push(`${key} ${suppressed ? `<${report.threshold}` : published}`);
    if (!ok) wrong.push(`${key}: report ${suppressed ? 'suppressed' : published}, audit log ${logged}`);
  }
  say(
    wrong.length === 0
      ? `transparency: ${report.to} figures match the audit entries (${shown.join(', ')})`
      : `transparency: the report does NOT match the audit log: ${wrong.join('; ')}`,
  );
  return wrong.length === 0;
}

/** YYYY-MM in the ward's zone (the demo ward is in Asia/Ho_Chi_Minh). */
function currentWardMonth(): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).formatToParts(
    new Date(),
  );
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

async function main(): Promise<void> {
  const runStartedAt = new Date();
  const videoCount = PLAN.filter((c) => c.properties.video).length;
  if (PLAN.some((c, i) => c.properties.video !== i < videoCount)) throw new Error(`${WARD_FILE}: the cameras with video must come first`);
  // One simulator process runs the ward: cameras 1-5 stream video (GStreamer RTSP), the rest are
  // event-only (ONVIF and PullPoint events, no stream), so 350 cameras stay light on two cores.
  const sim = new CameraSimulator();
  const simInfo = await sim.start({
    cameras: PLAN.length,
    videoCameras: videoCount,
    basePort: settings.basePort,
    controlPort: settings.controlPort,
    video: true,
    rtspPort: 0,
    password: 'wardwatch-sim',
  });
  stopSimulator = () => sim.stop();
  say(
    `camera simulator: ${simInfo.cameras.length} cameras on ports ${simInfo.cameras[0].port}-${simInfo.cameras.at(-1)?.port} ` +
      `(${videoCount} with video over RTSP ${simInfo.rtspPort}, ${PLAN.length - videoCount} event-only), control ${simInfo.controlUrl}`,
  );

  await (await import('./demo-mailbox')).startDemoMailbox();
  const workerEnv = { ...process.env };
  for (const [k, v] of Object.entries(WORKER_DEMO_ENV)) workerEnv[k] ??= v;
  say(
    `starting api and worker (${config.NODE_ENV}; clips ${workerEnv.CLIP_PRE_ROLL_S} s before and ${workerEnv.CLIP_POST_ROLL_S} s after motion for the demo)`,
  );
  start('api', 'dist/apps/api/apps/api/src/main.js');
  start('worker', 'dist/apps/worker/apps/worker/src/main.js', workerEnv);
  await waitForHealth();
  say(`api healthy at ${api}`);

  const [admin, admin2, ...staff] = STAFF;
  await createFirstAdmin(admin);
  await createFirstAdmin(admin2);
  const tokens: Record<string, string> = {};
  tokens[admin.email] = await login(admin.email, admin.password);
  tokens[admin2.email] = await login(admin2.email, admin2.password);
  const adminToken = tokens[admin.email];
  const admin2Token = tokens[admin2.email];
  for (const { role, ...user } of staff) {
    // Separation of duties: one admin creates a staff account, the other confirms it. The officer and
    // the supervisor come from different admins, so their approvals are not flagged as one admin's.
    const [creator, confirmer] = role === 'supervisor' ? [admin2Token, adminToken] : [adminToken, admin2Token];
    const res = await http<{ id: string } & Partial<Problem>>('POST', '/users', { ...user, role }, creator);
    if (res.status === 201) {
      await must('confirm a staff account', [200], 'POST', `/users/${res.body.id}/confirm`, undefined, confirmer);
      say(`${role === 'supervisor' ? 'second admin' : 'admin'} created ${role} ${user.email}; the other admin confirmed it`);
    } else if (res.body.code === 'account.email_taken') say(`${user.email} exists already; reusing it`);
    else throw new Error(`creating ${user.email} failed (${res.status}): ${explain(res.body)}`);
  }
  // Residents register and sign in a few at a time (each hashes a password with scrypt, off the event loop).
  let registered = 0;
  await eachLimited(RESIDENTS, 4, async ({ role: _role, key: _key, ...user }) => {
    const res = await http<Partial<Problem>>('POST', '/auth/register', user);
    if (res.status === 201) registered++;
    else if (res.body.code !== 'account.email_taken')
      throw new Error(`registering ${user.email} failed (${res.status}): ${explain(res.body)}`);
  });
  await eachLimited(SAMPLE_USERS, 4, async (u) => {
    tokens[u.email] ??= await login(u.email, u.password);
  });
  say(`${registered} residents of ${WARD_CODE} registered (${RESIDENTS.length - registered} from an earlier run reused) and signed in`);
  const officer = tokens['officer@wardwatch.local'];
  const supervisor = tokens['supervisor@wardwatch.local'];
  const tokenOf = (key: string) => tokens[RESIDENTS.find((r) => r.key === key)!.email];

  // The ward itself: the boundary, then its streets and alleys, through the admin's import endpoints.
  const [ward] = await must<{ id: string; code: string; name: string }[]>(
    'import ward',
    [200, 201],
    'POST',
    '/wards/import',
    wardImportBody(seed),
    adminToken,
  );
  const importedStreets = await must<{ streets: { name: string }[] }>(
    'import streets',
    [200, 201],
    'POST',
    `/wards/${ward.id}/streets/import`,
    streetImportBody(seed),
    adminToken,
  );
  say(`admin imported ${ward.name} (${WARD_FILE}, synthetic) and its ${importedStreets.streets.length} streets and alleys`);

  // What an earlier run left, from each resident's own camera list. A camera of this ward on its
  // planned port is reused. One holding a planned device elsewhere (an older demo ward, or other
  // simulator ports) is withdrawn by its owner, so the device can be enrolled here: one device, one
  // active enrolment.
  const plannedPort = new Map(simInfo.cameras.map((c) => [sim.camera(c.number).deviceInformation().serialNumber, c.port]));
  const existing = new Map<number, CameraListItem>();
  let withdrawn = 0;
  for (const r of RESIDENTS) {
    const mine = (await must<{ items: CameraListItem[] }>('list cameras', [200], 'GET', '/cameras?limit=500', undefined, tokens[r.email]))
      .items;
    for (const c of mine.filter((c) => c.lifecycle !== 'withdrawn')) {
      const port = c.device?.serialNumber ? plannedPort.get(c.device.serialNumber) : undefined;
      const onPlannedPort = simInfo.cameras.some((s) => s.port === c.onvif.port);
      if (c.address.ward?.code === WARD_CODE && port === c.onvif.port) existing.set(c.onvif.port, c);
      else if (port !== undefined || onPlannedPort) {
        await must('withdraw an old demo camera', [200, 201], 'POST', `/cameras/${c.id}/consent/withdraw`, undefined, tokens[r.email]);
        withdrawn++;
      }
    }
  }
  if (withdrawn > 0) say(`${withdrawn} cameras of an earlier demo (another ward or other ports) were withdrawn by their owners`);

  // Enrolment, as each resident would (a real ONVIF probe of each camera), two at a time: the API runs
  // ONVIF_PROBE_MAX_CONCURRENT probes at once and answers 503 beyond them, so more would only queue.
  const cameraIds: string[] = new Array<string>(PLAN.length);
  const enrolStartedAt = Date.now();
  let enrolled = 0;
  let reused = 0;
  await eachLimited(PLAN, config.ONVIF_PROBE_MAX_CONCURRENT, async (plan, i) => {
    const p = plan.properties;
    const camera = simInfo.cameras[i];
    const token = tokenOf(p.owner);
    const terms = {
      purposes: p.consent.purposes,
      retentionDays: p.consent.retentionDays,
      sharingMode: p.consent.sharingMode,
      activeHours: p.consent.activeHours ?? undefined,
      noticeVersion: p.consent.noticeVersion,
      noticeLanguage: p.consent.noticeLanguage,
    };
    const earlier = existing.get(camera.port);
    if (earlier) {
      cameraIds[i] = earlier.id;
      reused++;
      // The video cameras are probed again: their RTSP port is new each run. Event-only ones keep the
      // enrolment and consent they were given (the data file's), so a re-run costs no probes.
      if (p.video) {
        await retryBusy(() => must('re-probe', [200], 'POST', `/cameras/${earlier.id}/probe`, undefined, token));
        await must('consent', [200, 201], 'PUT', `/cameras/${earlier.id}/consent`, terms, token);
        say(
          `${p.owner} re-probed camera ${camera.number} (${earlier.label}, from an earlier run) and confirmed consent "${describeConsent(p.consent)}"`,
        );
      }
      return;
    }
    const res = await retryBusy(() =>
      must<{ camera: { id: string } }>(
        `enrol camera ${camera.number}`,
        [201],
        'POST',
        '/cameras',
        {
          label: p.label,
          address: {
            wardCode: WARD_CODE,
            street: p.street,
            houseNumber: p.houseNumber,
            alley: p.alley ?? undefined,
            residentialGroup: p.residentialGroup,
          },
          latitude: plan.geometry.coordinates[1],
          longitude: plan.geometry.coordinates[0],
          // The API keeps the direction of view as a note for now; the file has the bearing and width as numbers.
          facingNote: p.facingNote,
          onvif: { host: '127.0.0.1', port: camera.port, username: camera.username, password: camera.password },
          consent: terms,
        },
        token,
      ),
    );
    cameraIds[i] = res.camera.id;
    if (p.consent.state === 'paused')
      await must('pause consent', [200, 201], 'POST', `/cameras/${res.camera.id}/consent/pause`, undefined, token);
    enrolled++;
    if (p.video)
      say(
        `${p.owner} enrolled camera ${camera.number} "${p.label}", ${p.houseNumber} ${p.street} (probe ok), consent "${describeConsent(p.consent)}"`,
      );
  });
  const enrolSeconds = (Date.now() - enrolStartedAt) / 1000;
  say(
    `${PLAN.length} cameras of ${RESIDENTS.length} residents in ${WARD_CODE}: ${enrolled} enrolled now (real ONVIF probes) and ${reused} from an earlier run, in ${enrolSeconds.toFixed(1)} s`,
  );

  // The worker picks the cameras up and subscribes to each consenting one's events (paused ones wait),
  // and buffers the video of those with a stream and clips consent.
  const consenting = PLAN.map((p, i) => ({ p, camera: simInfo.cameras[i] })).filter(({ p }) => p.properties.consent.state === 'given');
  const subscribeStartedAt = Date.now();
  await waitFor(`the worker to subscribe to all ${consenting.length} consenting cameras`, 90_000, () =>
    Promise.resolve(consenting.every(({ camera }) => sim.camera(camera.number).subscriptions.stats().active > 0) ? true : undefined),
  );
  say(
    `the worker holds all ${consenting.length} consenting cameras (${PLAN.length - consenting.length} paused by their owners) ` +
      `${((Date.now() - subscribeStartedAt) / 1000).toFixed(1)} s after enrolment; the ${videoCount} with video are buffering`,
  );
  // Let the video buffer cover the pre-roll (segments of CLIP_SEGMENT_SECONDS, keyframes every ~2 s).
  await sleep((Number(workerEnv.CLIP_PRE_ROLL_S) + Number(workerEnv.CLIP_SEGMENT_SECONDS ?? 2) + 4) * 1000);

  // Motion across the ward: on the five cameras with video, and on every consenting event-only camera.
  const motionFrom = new Date();
  for (const { camera } of consenting) sim.camera(camera.number).setMotion(true);
  say(`motion on ${consenting.length} cameras at ${motionFrom.toISOString()}`);
  await sleep(MOTION_MS);
  for (const { camera } of consenting) sim.camera(camera.number).setMotion(false);
  say(`motion stopped after ${MOTION_MS / 1000} s; waiting for the clips to be stored`);

  const videoIds = cameraIds.slice(0, videoCount);
  const window = (to: Date) => ({ from: new Date(motionFrom.getTime() - 60_000).toISOString(), to: to.toISOString(), limit: '50' });
  // The officer's view, every page of it; only this run's events (an earlier run's stay in the database).
  const searchAll = async (criteria: Record<string, string>): Promise<SearchHit[]> => {
    const hits: SearchHit[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ ...criteria, ...(cursor ? { cursor } : {}) });
      const page: { items: SearchHit[]; next: string | null } = await must(
        'search',
        [200],
        'GET',
        `/search/cameras?${q.toString()}`,
        undefined,
        officer,
      );
      hits.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return hits
      .map((c) => ({ ...c, events: c.events.filter((e) => new Date(e.startedAt).getTime() >= runStartedAt.getTime()) }))
      .filter((c) => c.events.length > 0);
  };
  const search = (street: string, to: Date) => searchAll({ street, wardId: ward.id, ...window(to) });
  const searchable = PLAN.slice(0, videoCount)
    .map((p, i) => ({ p, id: videoIds[i] }))
    .filter(({ p }) => p.properties.consent.purposes.includes('police_search'));
  const clipsStoredAt = await waitFor(
    'a stored clip for the motion on every searchable camera with video',
    60_000,
    async () => {
      const hits = [...(await search(STREET_A, new Date())), ...(await search(STREET_B, new Date()))];
      const ready = searchable.every(({ id }) => hits.find((h) => h.id === id)?.events.some((e) => e.hasClip));
      return ready ? new Date() : undefined;
    },
    1000,
  );
  say(`clips stored ${((clipsStoredAt.getTime() - motionFrom.getTime()) / 1000).toFixed(1)} s after motion began`);

  // The whole ward in the window, as an officer's ward search shows it: only cameras whose consent
  // allows police search, and only within their active hours.
  const searchTo = new Date(clipsStoredAt.getTime() - 1000);
  const wardHits = await searchAll({ wardId: ward.id, ...window(searchTo) });
  const eventOnlyIds = new Set(cameraIds.slice(videoCount));
  const eventOnlyWithEvents = wardHits.filter((h) => eventOnlyIds.has(h.id)).length;
  const searchableEventOnly = consenting.filter(
    ({ p }) => !p.properties.video && p.properties.consent.purposes.includes('police_search'),
  ).length;
  say(
    `officer searched all of ${WARD_CODE}: ${wardHits.length} cameras with motion (${eventOnlyWithEvents} event-only; ` +
      `${searchableEventOnly} consenting event-only cameras allow police search, some only at night)`,
  );

  // Search by street and time, as an officer would.
  let events = 0;
  let clips = 0;
  let searchHits = 0;
  const hitCameras: string[] = [];
  for (const street of [STREET_A, STREET_B]) {
    const hits = await search(street, searchTo);
    searchHits += hits.length;
    for (const h of hits) {
      events += h.events.length;
      clips += h.events.filter((e) => e.hasClip).length;
      // The request names the cameras with a clip; event-only cameras show when, not what.
      if (!h.events.some((e) => e.hasClip)) continue;
      hitCameras.push(h.id);
      say(`  ${street}: "${h.label}" at ${h.address.houseNumber} ${h.address.street}: ${h.events.length} event(s), with a clip`);
    }
  }
  say(`officer searched ${STREET_A} and ${STREET_B}: ${searchHits} cameras with motion, ${events} events, ${clips} with a clip`);
  const hidden = PLAN.slice(0, videoCount)
    .map((p, i) => ({ p, id: videoIds[i] }))
    .filter(({ id }) => !hitCameras.includes(id));
  for (const { p } of hidden)
    say(`  "${p.properties.label}" (${p.properties.owner}) recorded too, but its consent excludes police search: it never appears`);

  // Investigation and footage request.
  const caseNumber = `DBP-DEMO-${runStartedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const investigation = await must<{ id: string }>(
    'open investigation',
    [201],
    'POST',
    '/investigations',
    {
      caseNumber,
      title: `Trộm xe máy, ${STREET_A}`,
      summary: `A red Honda Wave taken from outside no. ${PLAN[0].properties.houseNumber} ${STREET_A}; the suspect left towards ${STREET_B}.`,
    },
    officer,
  );
  say(`officer opened investigation ${caseNumber}`);
  const filed = await must<RequestView>(
    'file footage request',
    [201],
    'POST',
    `/investigations/${investigation.id}/footage-requests`,
    {
      cameraIds: hitCameras,
      from: new Date(motionFrom.getTime() - 30_000),
      to: searchTo,
      reason: 'Suspect seen leaving along Hoàng Văn Thái',
      legalBasis: 'Criminal Procedure Code 2015, art. 88',
      // The hits on two streets may span more than FOOTAGE_REQUEST_MAX_AREA_KM2 (the hull of the cameras,
      // buffered by 25 m); the justification is stored either way and shown to the supervisor.
      justification: 'The suspect left along two streets; every camera that saw him on either is needed to follow the route.',
    },
    officer,
  );
  say(
    `officer requested footage of ${filed.cameras.length} cameras (request ${filed.id}: ${filed.state}; the window is now on a preservation hold)`,
  );

  const decided = await must<RequestView>(
    'supervisor decision',
    [200],
    'POST',
    `/footage-requests/${filed.id}/supervisor-decision`,
    {
      decision: 'approve',
      note: 'Narrow window, proportionate',
    },
    supervisor,
  );
  say(`supervisor approved first: ${decided.cameras.map((c) => `"${c.label}" ${c.state}`).join(', ')}`);

  // The owners of the requested cameras answer from their inbox (those who asked to be asked).
  for (const owner of [...new Set(PLAN.slice(0, videoCount).map((p) => RESIDENTS.find((r) => r.key === p.properties.owner)!.email))]) {
    const inbox = await must<{ items: { requestId: string; camera: { id: string; label: string }; state: string }[] }>(
      'owner inbox',
      [200],
      'GET',
      '/owner/footage-requests',
      undefined,
      tokens[owner],
    );
    for (const item of inbox.items.filter((i) => i.requestId === filed.id && i.state === 'pending_owner')) {
      await must(
        'owner decision',
        [200],
        'POST',
        `/owner/footage-requests/${filed.id}/cameras/${item.camera.id}/decision`,
        { decision: 'approve' },
        tokens[owner],
      );
      say(`${owner} saw the case, reason and window for "${item.camera.label}" and approved`);
    }
  }
  const request = await must<RequestView>('request', [200], 'GET', `/footage-requests/${filed.id}`, undefined, officer);
  const released = request.cameras.filter((c) => c.release !== null);
  say(`request ${request.state}: ${released.length} of ${request.cameras.length} cameras released`);

  // Download one released clip through its link and check it against the hash recorded at capture.
  // The link is the API's own path (/api/v1/links/{id}): opened with the officer's token, audited as
  // link.opened, it redirects to a short-lived store URL (fetched without the token: the store has
  // its own signature).
  const releasedClips = (
    await must<{ items: ReleasedClip[] }>(
      'released clips',
      [200],
      'GET',
      `/investigations/${investigation.id}/clips?limit=500`,
      undefined,
      officer,
    )
  ).items;
  const clip = releasedClips.find((c) => c.sha256);
  if (!clip) throw new Error('no released clip with a recorded SHA-256');
  const link = await must<{ id: string; url: string; expiresAt: string }>(
    'issue link',
    [201],
    'POST',
    `/clips/${clip.clipId}/links`,
    {
      investigationId: investigation.id,
      kind: 'download',
    },
    officer,
  );
  const openLink = (token: string) => fetch(`${origin}${link.url}`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
  const opened = await openLink(officer);
  const storeUrl = opened.headers.get('location');
  if (opened.status !== 302 || !storeUrl) throw new Error(`opening the link answered ${opened.status}: ${await opened.text()}`);
  const downloaded = Buffer.from(await (await fetch(storeUrl)).arrayBuffer());
  const downloadedSha256Ok = sha256(downloaded) === clip.sha256;
  say(
    `officer downloaded clip ${clip.clipId} of "${clip.camera.label}" via a ${Math.round((new Date(link.expiresAt).getTime() - Date.now()) / 1000)} s link: ` +
      `${downloaded.length} bytes, SHA-256 ${downloadedSha256Ok ? 'matches' : 'DOES NOT match'} the recorded ${clip.sha256!.slice(0, 16)}…`,
  );
  // A supervisor revokes that link early; the officer's next opening is refused with the reason.
  await must(
    'revoke link',
    [200],
    'POST',
    `/links/${link.id}/revoke`,
    { reason: 'Demo: a link shared outside the case is ended early' },
    supervisor,
  );
  const refused = await openLink(officer);
  const linkRevoked = refused.status === 410 && ((await refused.json()) as { code?: string }).code === 'link.revoked';
  say(`supervisor revoked the link; opening it again answers ${refused.status}${linkRevoked ? ' link.revoked' : ' (NOT link.revoked)'}`);

  // Export the release of that clip's camera as an evidence archive and verify it offline.
  const exportRes = await fetch(`${api}/releases/${clip.release.id}/evidence`, { headers: { authorization: `Bearer ${officer}` } });
  if (exportRes.status !== 200) throw new Error(`evidence export answered ${exportRes.status}: ${await exportRes.text()}`);
  const archive = Buffer.from(await exportRes.arrayBuffer());
  mkdirSync('.data/demo', { recursive: true });
  const archivePath = join('.data/demo', `evidence-${caseNumber}.tar`);
  writeFileSync(archivePath, archive);
  const verified = await verifyEvidenceArchive(archivePath);
  const exportVerified = verified.ok;
  say(
    verified.ok
      ? `officer exported release ${clip.release.id}: ${archivePath} (${archive.length} bytes, ${verified.files} files); verified offline, manifest ${verified.manifestSha256.slice(0, 16)}… (also: npm run verify-export -- ${archivePath})`
      : `the evidence archive ${archivePath} did NOT verify: ${JSON.stringify(verified)}`,
  );

  const officerTriesAudit = await http('GET', '/audit/verify', undefined, officer);
  say(`an officer asking for the audit log gets ${officerTriesAudit.status} (supervisors only)`);
  const verification = await must<{ ok: boolean; entries: number; headHash?: string }>(
    'audit verify',
    [200],
    'GET',
    '/audit/verify',
    undefined,
    supervisor,
  );
  say(
    `supervisor verified the audit chain: ok=${verification.ok}, ${verification.entries} entries, head ${verification.headHash?.slice(0, 16)}…`,
  );

  // The public transparency report for this month, checked against the audit log (counted, not assumed).
  const transparencyOk = await checkTransparency(supervisor);

  // The web app, as a resident's browser first meets it: the page at /, and a client route.
  // The officers' console and the case are client routes too: the API answers them with the app.
  const webPages = await Promise.all(
    [
      '/',
      '/sign-in',
      '/cameras',
      '/search',
      `/investigations/${investigation.id}`,
      '/approvals',
      '/audit',
      '/holds',
      '/admin/users',
      '/admin/cameras',
      '/transparency',
    ].map((path) => fetch(`${origin}${path}`)),
  );
  const webApp = await Promise.all(
    webPages.map(
      async (r) => r.status === 200 && /text\/html/.test(r.headers.get('content-type') ?? '') && /id="root"/.test(await r.text()),
    ),
  ).then((ok) => ok.every(Boolean));
  say(webApp ? `the web app answers at ${origin}/` : `the web app is NOT served at ${origin}/ (is apps/web/dist built?)`);

  const residentLogins = [...RESIDENTS.slice(0, 3), ...RESIDENTS.filter((r) => !r.key.startsWith('resident')).slice(0, 3)];
  console.log('');
  console.log(`wardwatch is running: web app ${origin}/   API ${api}   OpenAPI ${origin}${DOCS_PATH}`);
  console.log(`Demo ward: ${ward.name} (${WARD_FILE}, synthetic), ${PLAN.length} cameras of ${RESIDENTS.length} residents.`);
  console.log(
    `Sign in at ${origin}/, or POST ${API_PREFIX}/auth/login {"email", "password"} and send "Authorization: Bearer <accessToken>":`,
  );
  for (const u of [...STAFF, ...residentLogins])
    console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(34)} ${u.password.padEnd(36)} ${u.displayName}`);
  console.log(
    `  and ${RESIDENTS.length - residentLogins.length} more residents (${WARD_FILE} lists them): <key>@wardwatch.local, password demo-<key>-password`,
  );
  // Where each role finds this run's story in the web app (the console's URL format: apps/web/src/search/query.ts).
  const cued = new URLSearchParams({
    kind: 'street',
    street: STREET_A,
    from: new Date(motionFrom.getTime() - 30 * 60_000).toISOString(),
    to: new Date(motionFrom.getTime() + 30 * 60_000).toISOString(),
    at: motionFrom.toISOString(),
    inv: investigation.id,
  });
  console.log('Where to look, as the officer:');
  console.log(`  the console, cued to this run's motion on ${STREET_A}: ${origin}/search?${cued.toString()}`);
  console.log(`  the case ${caseNumber} with its released footage: ${origin}/investigations/${investigation.id}`);
  console.log(`  its cameras played in sync: ${origin}/investigations/${investigation.id}/footage`);
  console.log('As the supervisor:');
  console.log(`  the request this run filed, decided on its map: ${origin}/approvals/${filed.id}`);
  console.log(`  who viewed or downloaded the clip the officer downloaded: ${origin}/audit?clipId=${clip.clipId}`);
  console.log(`  legal holds (the request's and the release's): ${origin}/holds`);
  console.log(
    `As an administrator: ${origin}/admin/cameras (the ward's ${cameraIds.length} cameras, their health and coverage), /admin/users, /admin/places, /admin/networks`,
  );
  console.log(`As a resident: ${origin}/ (cameras, consent, requests, the access log of each camera)`);
  console.log(
    `As anyone, without an account: ${origin}/transparency (the public report; JSON and CSV at ${API_PREFIX}/transparency/report)`,
  );
  console.log('');

  const summary = {
    ward: WARD_CODE,
    residents: RESIDENTS.length,
    streets: importedStreets.streets.length,
    cameras: cameraIds.length,
    streaming: videoCount,
    eventOnly: PLAN.length - videoCount,
    subscribed: consenting.length,
    paused: PLAN.length - consenting.length,
    enrolSeconds: Math.round(enrolSeconds * 10) / 10,
    eventOnlyWithEvents,
    events,
    clips,
    searchHits,
    released: released.length,
    downloadedSha256Ok,
    linkRevoked,
    exportVerified,
    auditVerified: verification.ok,
    transparencyOk,
    webApp,
  };
  if (exitWhenDone) {
    say(`done in ${((Date.now() - runStartedAt.getTime()) / 1000).toFixed(1)} s`);
    await stopAll();
    console.log(JSON.stringify(summary));
    return;
  }
  // While it runs, the ward lives: each consenting event-only camera sees a few seconds of motion every
  // few minutes (spread over the period), so the map and the lists fill as a real ward's would.
  for (const { p, camera } of consenting.filter(({ p }) => !p.properties.video)) {
    const every = 180_000 + (p.properties.number % 7) * 30_000;
    sim.camera(camera.number).schedule(every, 3000 + (p.properties.number % 5) * 1000, (p.properties.number * 7919) % every);
  }
  say('running; the event-only cameras see motion every few minutes; press Ctrl-C to stop');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopAll().then(() => process.exit(0)));
  }
}
main().catch(async (error: unknown) => {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exit(1);
});
