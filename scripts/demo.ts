/**
 * The demo: starts the api and worker from the build, creates the sample accounts, and shows each
 * role what it can do. With --exit it stops everything and prints a one-line JSON summary last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { ApiConfig, loadConfig, readEnvironment } from '@wardwatch/config';
import { CameraSimulator } from '../apps/camera-sim/src';

const exitWhenDone = process.argv.includes('--exit');
const config = loadConfig(ApiConfig, readEnvironment());
const api = `http://${config.API_HOST}:${config.API_PORT}`;
const children: ChildProcess[] = [];

const SAMPLE_USERS = [
  { role: 'admin', email: 'admin@wardwatch.local', displayName: 'Quản trị viên', password: 'demo-admin-password' },
  { role: 'supervisor', email: 'supervisor@wardwatch.local', displayName: 'Trưởng công an phường', password: 'demo-supervisor-password' },
  { role: 'officer', email: 'officer@wardwatch.local', displayName: 'Cán bộ Nguyễn Văn An', password: 'demo-officer-password' },
  { role: 'resident', email: 'resident@wardwatch.local', displayName: 'Trần Thị Lan', password: 'demo-resident-password' },
] as const;

const say = (line: string) => console.log(`[demo] ${line}`);

function start(name: string, entry: string): ChildProcess {
  const child = spawn(process.execPath, [entry], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function createFirstAdmin(admin: (typeof SAMPLE_USERS)[0]): Promise<void> {
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
  if (code === 0) say(`created the first admin with the CLI: ${output.trim()}`);
  else if (/already exists/.test(output)) say('an admin exists already (an earlier demo run); reusing it');
  else throw new Error(`create-admin failed: ${output.trim()}`);
}

async function login(email: string, password: string): Promise<string> {
  const res = await http<{ accessToken: string; message?: string }>('POST', '/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login as ${email} failed (${res.status}): ${res.body.message}`);
  return res.body.accessToken;
}

async function main(): Promise<void> {
  // Five simulated cameras stand in for residents' cameras (event-only here; clips come with video later).
  const sim = new CameraSimulator();
  const simInfo = await sim.start({ cameras: 5, basePort: 18080, controlPort: 18000, video: false, password: 'wardwatch-sim' });
  stopSimulator = () => sim.stop();
  say(
    `camera simulator: ${simInfo.cameras.length} cameras on ports ${simInfo.cameras[0].port}-${simInfo.cameras.at(-1)?.port}, control ${simInfo.controlUrl}`,
  );

  say(`starting api and worker (${config.NODE_ENV})`);
  start('api', 'dist/apps/api/apps/api/src/main.js');
  start('worker', 'dist/apps/worker/apps/worker/src/main.js');
  await waitForHealth();
  say(`api healthy at ${api}`);

  const [admin, ...others] = SAMPLE_USERS;
  await createFirstAdmin(admin);
  const adminToken = await login(admin.email, admin.password);
  for (const { role, ...user } of others) {
    const res =
      role === 'resident'
        ? await http<{ message?: string }>('POST', '/auth/register', user)
        : await http<{ message?: string }>('POST', '/users', { ...user, role }, adminToken);
    if (res.status === 201) say(`${role === 'resident' ? 'resident registered' : `admin created ${role}`}: ${user.email}`);
    else if (res.status === 409) say(`${user.email} exists already; reusing it`);
    else throw new Error(`creating ${user.email} failed (${res.status}): ${res.body.message}`);
  }

  const wards = JSON.parse(readFileSync('config/demo/wards.geojson', 'utf8')) as object;
  const imported = await http<{ code: string }[]>('POST', '/wards/import', wards, adminToken);
  if (imported.status !== 201) throw new Error(`importing the demo wards failed (${imported.status})`);
  say(`admin imported wards: ${imported.body.map((w) => w.code).join(', ')}`);

  const tokens = Object.fromEntries(await Promise.all(SAMPLE_USERS.map(async (u) => [u.role, await login(u.email, u.password)] as const)));
  const resident = SAMPLE_USERS[3];
  const mine = await http<{ id: string; onvif: { port: number } }[]>('GET', '/cameras', undefined, tokens.resident);
  const enrolledPorts = new Set(mine.body.map((c) => c.onvif.port));
  for (const camera of mine.body) {
    // Cameras from an earlier run: probe them again, as a resident would after a camera update.
    const again = await http<{ message?: string }>('POST', `/cameras/${camera.id}/probe`, undefined, tokens.resident);
    say(`re-probed camera on port ${camera.onvif.port}: ${again.status === 200 ? 'ok' : `${again.status} ${again.body.message}`}`);
  }
  const streets = ['Hoàng Văn Thái', 'Nguyễn Trãi'];
  for (const [i, cam] of simInfo.cameras.slice(0, 2).entries()) {
    if (enrolledPorts.has(cam.port)) continue;
    const res = await http<{ camera?: { id: string; streamUri: string }; message?: string }>(
      'POST',
      '/cameras',
      {
        label: `Cổng nhà ${12 + i}`,
        address: { wardCode: 'demo-an-binh', street: streets[i], houseNumber: `${12 + i}`, alley: 'Ngõ 34', residentialGroup: 'Tổ 5' },
        latitude: 10.79 + i * 0.001,
        longitude: 106.69,
        onvif: { host: '127.0.0.1', port: cam.port, username: cam.username, password: cam.password },
        consent: {
          purposes: ['event_metadata', 'clips', 'police_search'],
          retentionDays: 7,
          sharingMode: i === 0 ? 'ask' : 'auto_release',
          noticeVersion: '2026-11',
          noticeLanguage: 'vi',
        },
      },
      tokens.resident,
    );
    if (res.status !== 201) throw new Error(`enrolling camera ${cam.number} failed (${res.status}): ${res.body.message}`);
    say(`${resident.email} enrolled camera ${cam.number} on ${streets[i]} (probe ok, stream ${res.body.camera?.streamUri})`);
  }
  const cameras = await http<{ id: string; lifecycle: string }[]>('GET', '/cameras', undefined, tokens.resident);
  const accessLog = await http<unknown[]>('GET', `/cameras/${cameras.body[0].id}/access-log`, undefined, tokens.resident);
  say(`the resident sees ${cameras.body.length} cameras of their own, and ${accessLog.body.length} audit entries about the first one`);

  const officerTriesAudit = await http('GET', '/audit/verify', undefined, tokens.officer);
  say(`an officer asking for the audit log gets ${officerTriesAudit.status} (supervisors only)`);
  const verification = await http<{ ok: boolean; entries: number; headHash?: string }>(
    'GET',
    '/audit/verify',
    undefined,
    tokens.supervisor,
  );
  say(
    `supervisor verified the audit chain: ok=${verification.body.ok}, ${verification.body.entries} entries, head ${verification.body.headHash?.slice(0, 16)}…`,
  );

  const users = await http<{ items: unknown[] }>('GET', '/users?limit=200', undefined, adminToken);
  console.log('');
  console.log(`wardwatch is running: API ${api}   OpenAPI ${api}/api/docs`);
  console.log('Sign in with POST /auth/login {"email", "password"}, then send "Authorization: Bearer <accessToken>":');
  for (const u of SAMPLE_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(28)} ${u.password}`);
  console.log('');

  const summary = {
    api,
    users: users.body.items.length,
    cameras: cameras.body.length,
    auditVerified: verification.body.ok,
    officerAuditStatus: officerTriesAudit.status,
  };
  if (exitWhenDone) {
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
