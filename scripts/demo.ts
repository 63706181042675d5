/**
 * The demo (issue 6): starts the api, the worker and five simulated cameras with video, enrols them
 * for three residents with different consents, triggers motion, waits for the clips, and walks an
 * officer, the owner and a supervisor through search, investigation, request, approvals, a download
 * checked against its recorded SHA-256, an evidence export verified offline, and the audit chain.
 * Every step goes through the HTTP API. With --exit it stops everything and prints a one-line JSON
 * summary last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiConfig, loadConfig, readEnvironment } from '@wardwatch/config';
import { verifyEvidenceArchive } from '@wardwatch/evidence';
import { API_PREFIX, DOCS_PATH } from '../apps/api/src/http/api-prefix';
import { CameraSimulator } from '../apps/camera-sim/src';

const exitWhenDone = process.argv.includes('--exit');
const config = loadConfig(ApiConfig, readEnvironment());
const origin = `http://${config.API_HOST}:${config.API_PORT}`;
/** Every API route is under the versioned prefix; `/` is the web app's. */
const api = `${origin}${API_PREFIX}`;
const children: ChildProcess[] = [];

const SAMPLE_USERS = [
  { role: 'admin', email: 'admin@wardwatch.local', displayName: 'Quản trị viên', password: 'demo-admin-password' },
  { role: 'admin', email: 'admin2@wardwatch.local', displayName: 'Quản trị viên thứ hai', password: 'demo-admin2-password' },
  { role: 'supervisor', email: 'supervisor@wardwatch.local', displayName: 'Trưởng công an phường', password: 'demo-supervisor-password' },
  { role: 'officer', email: 'officer@wardwatch.local', displayName: 'Cán bộ Nguyễn Văn An', password: 'demo-officer-password' },
  { role: 'resident', email: 'resident@wardwatch.local', displayName: 'Trần Thị Lan', password: 'demo-resident-password' },
  { role: 'resident', email: 'resident2@wardwatch.local', displayName: 'Lê Văn Hùng', password: 'demo-resident2-password' },
  { role: 'resident', email: 'resident3@wardwatch.local', displayName: 'Phạm Thị Mai', password: 'demo-resident3-password' },
] as const;

type Resident = 'resident@wardwatch.local' | 'resident2@wardwatch.local' | 'resident3@wardwatch.local';
const ALL_PURPOSES = ['event_metadata', 'clips', 'police_search'];
/** Three residents, three kinds of consent: asked each time, releases to approved investigations, never searchable by police. */
const CONSENTS: Record<Resident, { sharingMode: 'ask' | 'auto_release'; purposes: string[]; says: string }> = {
  'resident@wardwatch.local': { sharingMode: 'ask', purposes: ALL_PURPOSES, says: 'ask me each time' },
  'resident2@wardwatch.local': { sharingMode: 'auto_release', purposes: ALL_PURPOSES, says: 'release to approved investigations' },
  'resident3@wardwatch.local': { sharingMode: 'ask', purposes: ['event_metadata', 'clips'], says: 'clips for me, no police search' },
};
const STREET_A = 'Hoàng Văn Thái';
const STREET_B = 'Nguyễn Thị Minh Khai';
/** Simulator camera n (1-5): who owns it and where it is (on the demo ward's streets, inside its polygon). */
const PLAN: {
  owner: Resident;
  label: string;
  street: string;
  houseNumber: string;
  alley: string | null;
  latitude: number;
  longitude: number;
}[] = [
  {
    owner: 'resident@wardwatch.local',
    label: 'Cổng nhà 12',
    street: STREET_A,
    houseNumber: '12',
    alley: null,
    latitude: 10.79,
    longitude: 106.684,
  },
  {
    owner: 'resident@wardwatch.local',
    label: 'Sân sau nhà 12',
    street: STREET_A,
    houseNumber: '12',
    alley: 'Ngõ 34',
    latitude: 10.7902,
    longitude: 106.6842,
  },
  {
    owner: 'resident2@wardwatch.local',
    label: 'Cửa hàng 27',
    street: STREET_A,
    houseNumber: '27',
    alley: null,
    latitude: 10.79,
    longitude: 106.687,
  },
  {
    owner: 'resident2@wardwatch.local',
    label: 'Cổng 45',
    street: STREET_B,
    houseNumber: '45',
    alley: null,
    latitude: 10.786,
    longitude: 106.69,
  },
  {
    owner: 'resident3@wardwatch.local',
    label: 'Hiên nhà 8',
    street: STREET_B,
    houseNumber: '8',
    alley: 'Hẻm 3',
    latitude: 10.793,
    longitude: 106.69,
  },
];
/** Short clips keep the demo brief (config/development.env has 5 s / 10 s); the environment may override them. */
const WORKER_DEMO_ENV = { CLIP_PRE_ROLL_S: '2', CLIP_POST_ROLL_S: '3', INGEST_RECONCILE_MS: '1000' };
const MOTION_MS = 3000;

const say = (line: string) => console.log(`[demo] ${line}`);

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

async function http<T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
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
async function createFirstAdmin(admin: (typeof SAMPLE_USERS)[number]): Promise<void> {
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
  const res = await http<{ accessToken: string } & Partial<Problem>>('POST', '/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login as ${email} failed (${res.status}): ${explain(res.body)}`);
  return res.body.accessToken;
}

interface CameraListItem {
  id: string;
  label: string;
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

async function main(): Promise<void> {
  const runStartedAt = new Date();
  // Five simulated cameras with RTSP video stand in for residents' cameras; the worker buffers and clips them.
  const sim = new CameraSimulator();
  const simInfo = await sim.start({
    cameras: PLAN.length,
    basePort: 18080,
    controlPort: 18000,
    video: true,
    rtspPort: 0,
    password: 'wardwatch-sim',
  });
  stopSimulator = () => sim.stop();
  say(
    `camera simulator: ${simInfo.cameras.length} cameras with video on ports ${simInfo.cameras[0].port}-${simInfo.cameras.at(-1)?.port}, ` +
      `RTSP ${simInfo.rtspPort}, control ${simInfo.controlUrl}`,
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

  const [admin, admin2, ...others] = SAMPLE_USERS;
  await createFirstAdmin(admin);
  await createFirstAdmin(admin2);
  const adminToken = await login(admin.email, admin.password);
  const admin2Token = await login(admin2.email, admin2.password);
  for (const { role, ...user } of others) {
    // Separation of duties: one admin creates a staff account, the other confirms it. The officer and
    // the supervisor come from different admins, so their approvals are not flagged as one admin's.
    const [creator, confirmer] = role === 'supervisor' ? [admin2Token, adminToken] : [adminToken, admin2Token];
    const res =
      role === 'resident'
        ? await http<Partial<Problem>>('POST', '/auth/register', user)
        : await http<{ id: string } & Partial<Problem>>('POST', '/users', { ...user, role }, creator);
    if (res.status === 201 && role !== 'resident') {
      await must('confirm a staff account', [200], 'POST', `/users/${(res.body as { id: string }).id}/confirm`, undefined, confirmer);
      say(`${role === 'supervisor' ? 'second admin' : 'admin'} created ${role} ${user.email}; the other admin confirmed it`);
    } else if (res.status === 201) say(`resident registered: ${user.email}`);
    else if (res.body.code === 'account.email_taken') say(`${user.email} exists already; reusing it`);
    else throw new Error(`creating ${user.email} failed (${res.status}): ${explain(res.body)}`);
  }

  const wards = JSON.parse(readFileSync('config/demo/wards.geojson', 'utf8')) as object;
  const imported = await must<{ id: string; code: string }[]>('import wards', [200, 201], 'POST', '/wards/import', wards, adminToken);
  say(`admin imported wards: ${imported.map((w) => w.code).join(', ')}`);
  const ward = imported.find((w) => w.code === 'demo-an-binh');
  if (!ward) throw new Error('config/demo/wards.geojson has no ward demo-an-binh');
  const streets = JSON.parse(readFileSync('config/demo/streets-demo-an-binh.geojson', 'utf8')) as object;
  const importedStreets = await must<{ name: string }[]>(
    'import streets',
    [200, 201],
    'POST',
    `/wards/${ward.id}/streets/import`,
    streets,
    adminToken,
  );
  say(`admin imported the streets of demo-an-binh: ${importedStreets.map((s) => s.name).join(', ')}`);

  const tokens: Record<string, string> = {};
  for (const u of SAMPLE_USERS) tokens[u.email] = await login(u.email, u.password);
  const officer = tokens['officer@wardwatch.local'];
  const supervisor = tokens['supervisor@wardwatch.local'];

  // Enrol the five cameras; cameras from an earlier run are probed again and given this run's consent terms.
  const cameraIds: string[] = [];
  for (const [i, plan] of PLAN.entries()) {
    const sim = simInfo.cameras[i];
    const token = tokens[plan.owner];
    const consent = CONSENTS[plan.owner];
    const terms = {
      purposes: consent.purposes,
      retentionDays: 7,
      sharingMode: consent.sharingMode,
      noticeVersion: '2026-11',
      noticeLanguage: 'vi',
    };
    // One page is all of a resident's cameras (a handful; the page holds 500).
    const mine = (await must<{ items: CameraListItem[] }>('list cameras', [200], 'GET', '/cameras?limit=500', undefined, token)).items;
    const existing = mine.find((c) => c.onvif.port === sim.port && c.lifecycle !== 'withdrawn');
    if (existing) {
      await must('re-probe', [200], 'POST', `/cameras/${existing.id}/probe`, undefined, token);
      await must('consent', [200, 201], 'PUT', `/cameras/${existing.id}/consent`, terms, token);
      cameraIds.push(existing.id);
      say(`${plan.owner} re-probed camera ${sim.number} (${existing.label}, from an earlier run) and confirmed consent "${consent.says}"`);
      continue;
    }
    const res = await must<{ camera?: { id: string }; id?: string }>(
      `enrol camera ${sim.number}`,
      [201],
      'POST',
      '/cameras',
      {
        label: plan.label,
        address: {
          wardCode: 'demo-an-binh',
          street: plan.street,
          houseNumber: plan.houseNumber,
          alley: plan.alley ?? undefined,
          residentialGroup: 'Tổ 5',
        },
        latitude: plan.latitude,
        longitude: plan.longitude,
        onvif: { host: '127.0.0.1', port: sim.port, username: sim.username, password: sim.password },
        consent: terms,
      },
      token,
    );
    const id = res.camera?.id ?? res.id;
    if (!id) throw new Error(`enrolling camera ${sim.number}: the answer has no camera id`);
    cameraIds.push(id);
    say(
      `${plan.owner} enrolled camera ${sim.number} "${plan.label}", ${plan.houseNumber} ${plan.street} (probe ok), consent "${consent.says}"`,
    );
  }

  // The worker picks the cameras up, subscribes to their events and buffers their video; wait until every camera has a subscriber.
  await waitFor('the worker to subscribe to every camera', 60_000, () =>
    Promise.resolve(simInfo.cameras.every((c) => sim.camera(c.number).subscriptions.stats().active > 0) ? true : undefined),
  );
  say('the worker holds all 5 cameras (event subscriptions open, video buffering)');
  // Let the video buffer cover the pre-roll (segments of CLIP_SEGMENT_SECONDS, keyframes every ~2 s).
  await sleep((Number(workerEnv.CLIP_PRE_ROLL_S) + Number(workerEnv.CLIP_SEGMENT_SECONDS ?? 2) + 4) * 1000);

  const motionFrom = new Date();
  for (const c of simInfo.cameras) sim.camera(c.number).setMotion(true);
  say(`motion on all 5 cameras at ${motionFrom.toISOString()}`);
  await sleep(MOTION_MS);
  for (const c of simInfo.cameras) sim.camera(c.number).setMotion(false);
  say(`motion stopped after ${MOTION_MS / 1000} s; waiting for the clips to be stored`);

  // The officer's view: cameras on the two streets with their events; a stored clip shows as hasClip.
  const search = async (street: string, to: Date): Promise<SearchHit[]> => {
    const q = new URLSearchParams({
      street,
      from: new Date(motionFrom.getTime() - 60_000).toISOString(),
      to: to.toISOString(),
      limit: '50',
    });
    const page = await must<{ items: SearchHit[] }>('search', [200], 'GET', `/search/cameras?${q.toString()}`, undefined, officer);
    // Only this run's cameras and events (an earlier run's stay in the database).
    return page.items
      .filter((c) => cameraIds.includes(c.id))
      .map((c) => ({ ...c, events: c.events.filter((e) => new Date(e.startedAt).getTime() >= runStartedAt.getTime()) }));
  };
  const searchable = PLAN.map((p, i) => ({ p, id: cameraIds[i] })).filter(({ p }) => CONSENTS[p.owner].purposes.includes('police_search'));
  const clipsStoredAt = await waitFor(
    'a stored clip for the motion on every searchable camera',
    60_000,
    async () => {
      const hits = [...(await search(STREET_A, new Date())), ...(await search(STREET_B, new Date()))];
      const ready = searchable.every(({ id }) => hits.find((h) => h.id === id)?.events.some((e) => e.hasClip));
      return ready ? new Date() : undefined;
    },
    1000,
  );
  say(`clips stored ${((clipsStoredAt.getTime() - motionFrom.getTime()) / 1000).toFixed(1)} s after motion began`);

  // Search by street and time, as an officer would.
  const searchTo = new Date(clipsStoredAt.getTime() - 1000);
  let events = 0;
  let clips = 0;
  let searchHits = 0;
  const hitCameras: string[] = [];
  for (const street of [STREET_A, STREET_B]) {
    const hits = (await search(street, searchTo)).filter((h) => h.events.length > 0);
    searchHits += hits.length;
    for (const h of hits) {
      hitCameras.push(h.id);
      events += h.events.length;
      clips += h.events.filter((e) => e.hasClip).length;
      say(
        `  ${street}: "${h.label}" at ${h.address.houseNumber} ${h.address.street}: ${h.events.length} event(s), clip: ${h.events.some((e) => e.hasClip)}`,
      );
    }
  }
  say(`officer searched ${STREET_A} and ${STREET_B}: ${searchHits} cameras with motion, ${events} events, ${clips} with a clip`);
  const hidden = PLAN.map((p, i) => ({ p, id: cameraIds[i] })).filter(({ id }) => !hitCameras.includes(id));
  for (const { p } of hidden) say(`  "${p.label}" (${p.owner}) recorded too, but its consent excludes police search: it never appears`);

  // Investigation and footage request.
  const caseNumber = `HCM-DEMO-${runStartedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const investigation = await must<{ id: string }>(
    'open investigation',
    [201],
    'POST',
    '/investigations',
    {
      caseNumber,
      title: `Trộm xe máy, ${STREET_A}`,
      summary: 'A red Honda Wave taken from outside no. 12; the suspect left towards Nguyễn Thị Minh Khai.',
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

  for (const owner of Object.keys(CONSENTS) as Resident[]) {
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

  // Download one released clip through a presigned link and check it against the hash recorded at capture.
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
  const link = await must<{ url: string; expiresAt: string }>(
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
  const downloaded = Buffer.from(await (await fetch(link.url)).arrayBuffer());
  const downloadedSha256Ok = sha256(downloaded) === clip.sha256;
  say(
    `officer downloaded clip ${clip.clipId} of "${clip.camera.label}" via a ${Math.round((new Date(link.expiresAt).getTime() - Date.now()) / 1000)} s link: ` +
      `${downloaded.length} bytes, SHA-256 ${downloadedSha256Ok ? 'matches' : 'DOES NOT match'} the recorded ${clip.sha256!.slice(0, 16)}…`,
  );

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

  console.log('');
  console.log(`wardwatch is running: API ${api}   OpenAPI ${origin}${DOCS_PATH}`);
  console.log(`Sign in with POST ${API_PREFIX}/auth/login {"email", "password"}, then send "Authorization: Bearer <accessToken>":`);
  for (const u of SAMPLE_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(28)} ${u.password}`);
  console.log('');

  const summary = {
    cameras: cameraIds.length,
    events,
    clips,
    searchHits,
    released: released.length,
    downloadedSha256Ok,
    exportVerified,
    auditVerified: verification.ok,
  };
  if (exitWhenDone) {
    say(`done in ${((Date.now() - runStartedAt.getTime()) / 1000).toFixed(1)} s`);
    await stopAll();
    console.log(JSON.stringify(summary));
    return;
  }
  say('running; press Ctrl-C to stop');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopAll().then(() => process.exit(0)));
  }
}
main().catch(async (error: unknown) => {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exit(1);
});
