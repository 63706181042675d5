/**
 * npm run bench:console [-- --runs 30 --limit 20 --skip-city]
 *
 * The officers' console in headless Chromium (Debian's, through playwright-core): from pressing
 * Enter in the search box ("this street at this time") to the multi-camera timeline drawn, read
 * from the page's own performance marks (`search:submit` in the form, `timeline:drawn` one frame
 * after the timeline rendered, `search:response` when the API's answer was parsed). p50/p95 over
 * --runs searches, each from a freshly loaded /search page, on two data sets:
 *
 * - the Him Lam demo ward: the demo's seed (config/demo/him-lam.geojson: boundary, streets and its
 *   350 cameras with their addresses, directions and consents; ward and streets imported through
 *   the admin endpoints as `npm run demo` does) in a fresh database, with a synthetic day of motion
 *   and analytics events written in SQL (a benchmark measures the browser's path, not ingest);
 * - the 10,000-camera city of `npm run bench:search` (its database wardwatch_bench_search, loaded
 *   by that benchmark: run it first, e.g. `npm run bench:search -- --events 1000000 --runs 1`).
 *
 * Beside each figure, the API alone (the same search over HTTP from Node, no browser): the floor
 * the page cannot go under. Target: p95 under 500 ms. Not part of the tests.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { join } from 'node:path';
import { Client } from 'pg';
import type { INestApplication } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { AccountsService } from '@wardwatch/accounts';
import { runMigrations } from '@wardwatch/database';
import { readWardSeed, seedCameras, streetImportBody, wardImportBody } from '@wardwatch/places';
import { API_PREFIX, createApiApp } from '../apps/api/src/app.factory';
import { startApi } from '../test/support/api-harness';
import globalSetup from '../test/support/global-setup';
import { apiConfig, appUrl, ownerUrl, REPO_ROOT } from '../test/support/test-environment';
import { DESKTOP, openBrowser } from '../test/browser/browser';
import { benchOptions } from './bench-options';

const values = benchOptions(
  'npm run bench:console',
  'the console in headless Chromium: Enter in the search box to the timeline drawn, Him Lam (350 cameras) and the 10,000-camera city',
  {
    runs: { default: 30, help: 'searches per data set' },
    warmup: { default: 3, help: 'searches before measuring (not counted)' },
  },
  { 'skip-ward': 'skip the Him Lam ward', 'skip-city': 'skip the 10,000-camera city' },
);
const RUNS = values.runs;
const WARMUP = values.warmup;
const TZ = 'Asia/Ho_Chi_Minh';
const WEB_DIST_DIR = resolve(__dirname, '../apps/web/dist');
const CITY_DATABASE = 'wardwatch_bench_search';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (n: number) => `${n.toFixed(0).padStart(5)} ms`;

interface Figures {
  name: string;
  totals: number[];
  /** Enter to the request leaving (the form, the URL, the page's render). */
  before: number[];
  /** The request out to the answer parsed, in the page. */
  answers: number[];
  /** The answer to the timeline on screen (render, layout, a frame). */
  after: number[];
  api: number[];
  cameras: number;
  events: number;
}

/** The ward's wall-clock date and time of an instant, as an officer types them ("28/11/2026 21:30"). */
function typedWhen(at: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/**
 * Polls an expression in the page until it is true. page.evaluate goes through the DevTools protocol,
 * which the page's CSP does not govern (waitForFunction with a string is an eval the CSP refuses).
 * The figures come from the page's own marks, so the polling interval does not enter them.
 */
async function waitInPage(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Signs in once, then searches RUNS (+ warm-up) times from a freshly loaded /search, reading the page's marks. */
async function measure(
  name: string,
  base: string,
  officer: { email: string; password: string; token: string },
  text: string,
  api: { query: Record<string, string> },
): Promise<Figures> {
  const browser = await openBrowser(DESKTOP);
  const page = browser.page;
  const figures: Figures = { name, totals: [], before: [], answers: [], after: [], api: [], cameras: 0, events: 0 };
  try {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel(/^Email( \*)?$/).fill(officer.email);
    await page.getByLabel(/^Mật khẩu( \*)?$/).fill(officer.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/search/);
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await page.goto(`${base}/search`);
      const box = page.getByRole('textbox', { name: 'Phố và thời gian' });
      await box.waitFor();
      // The investigation picker has the officer's one open case before Enter (else the form asks first).
      await waitInPage(page, "[...document.querySelectorAll('input')].some((i) => i.value.startsWith('BENCH-'))", 15_000);
      await box.fill(text);
      await box.press('Enter');
      await waitInPage(page, "performance.getEntriesByName('timeline:drawn').length > 0", 30_000);
      const marks = await page.evaluate<{ submit: number; request: number; response: number; drawn: number; rows: number; marks: number }>(
        `(() => {
          const at = (n) => performance.getEntriesByName(n).at(-1)?.startTime ?? NaN;
          return { submit: at('search:submit'), request: at('search:request'), response: at('search:response'), drawn: at('timeline:drawn'),
                   rows: document.querySelectorAll('.ct-lane').length, marks: document.querySelectorAll('.ct-mark').length };
        })()`,
      );
      if (i < WARMUP) continue;
      figures.totals.push(marks.drawn - marks.submit);
      figures.answers.push(marks.response - marks.request);
      figures.before.push(marks.request - marks.submit);
      figures.after.push(marks.drawn - marks.response);
      figures.cameras = marks.rows;
      figures.events = marks.marks;
    }
  } finally {
    await browser.close();
  }
  // The floor: the same search over HTTP from Node (what the page waits for at the least).
  const url = `${base}${API_PREFIX}/search/cameras?${new URLSearchParams(api.query).toString()}`;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { Authorization: `Bearer ${officer.token}` } });
    await res.json();
    if (!res.ok) throw new Error(`API search answered ${res.status}`);
    if (i >= WARMUP) figures.api.push(performance.now() - t0);
  }
  return figures;
}

/** Him Lam: the demo's ward and cameras in a fresh database, a synthetic last day of events. */
async function himLam(): Promise<Figures> {
  const seed = readWardSeed(join(REPO_ROOT, 'config', 'demo', 'him-lam.geojson'));
  await globalSetup();
  const h = await startApi({ WEB_DIST_DIR, WARD_NAME: seed.ward.name });
  try {
    await h.app.listen(0, '127.0.0.1');
    const base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    const admin = await h.user('admin');
    const auth = { Authorization: `Bearer ${admin.token}` };
    const ward = (await h.http().post('/wards/import').set(auth).send(wardImportBody(seed)).expect(201)).body as { id: string }[];
    await h.http().post(`/wards/${ward[0].id}/streets/import`).set(auth).send(streetImportBody(seed)).expect(201);
    const owner = await h.user('resident', 'bench-owner');
    const cameras = seedCameras(seed);
    await h.db.owner.query(
      `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, alley, residential_group, latitude, longitude,
         view_azimuth_deg, view_angle_deg, view_range_m, onvif_host, onvif_port, onvif_path, credentials_sealed, device_info, profile_token,
         stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, health, last_probed_at)
       SELECT $1, c->>'label', $2, c->>'street', c->>'houseNumber', c->>'alley', c->>'residentialGroup', (c->>'lat')::float8, (c->>'lon')::float8,
              (c->>'bearingDeg')::int, (c->>'fieldOfViewDeg')::int, 40, '10.88.' || ((c->>'number')::int / 256) || '.' || ((c->>'number')::int % 256), 80, '/onvif/device_service', 'x', '{}',
              'Profile_1', 'rtsp://10.88.0.1/s', 'H264', 320, 240, 0, 'active',
              CASE WHEN (c->>'number')::int % 29 = 0 THEN 'offline' ELSE 'online' END, now()
       FROM jsonb_array_elements($3::jsonb) c`,
      [
        owner.id,
        ward[0].id,
        JSON.stringify(cameras.map((c) => ({ ...c.properties, lat: c.geometry.coordinates[1], lon: c.geometry.coordinates[0] }))),
      ],
    );
    await h.db.owner.query(
      `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
       SELECT c.id, 1, s->>'state', ARRAY(SELECT jsonb_array_elements_text(s->'purposes')), (s->>'retentionDays')::int, s->>'sharingMode',
              s->>'noticeVersion', s->>'noticeLanguage', 'api', $1, now() - interval '30 days'
       FROM cameras c JOIN jsonb_array_elements($2::jsonb) j ON c.onvif_host = '10.88.' || ((j->>'number')::int / 256) || '.' || ((j->>'number')::int % 256)
       CROSS JOIN LATERAL (SELECT j->'consent' AS s) k`,
      [owner.id, JSON.stringify(cameras.map((c) => c.properties))],
    );
    // The last day: 150 events per camera (about one every 10 minutes), more of them recent (the lateral
    // draws per row: it refers to g); 1 in 33 analytics; 5% with a stored clip.
    await h.db.owner.query(
      `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, camera_ended_at, clock_offset_ms, closed_by, dedupe_key, indexed_at)
       SELECT c.id, CASE WHEN g % 33 = 0 THEN 'analytics' ELSE 'motion' END,
              CASE WHEN g % 33 = 0 THEN 'tns1:RuleEngine/LineDetector/Crossed' ELSE 'tns1:RuleEngine/CellMotionDetector/Motion' END,
              'Rule=MyMotionDetectorRule', at, at + make_interval(secs => 3 + (g % 40)), at, at + make_interval(secs => 3 + (g % 40)), 0, 'stop',
              md5(c.id::text || g::text), at
       FROM cameras c CROSS JOIN LATERAL generate_series(1, 150) g
       CROSS JOIN LATERAL (SELECT now() - make_interval(secs => 86400 * power(random() + g * 0, 0.8)) AS at) t`,
    );
    await h.db.owner.query(
      `INSERT INTO clips (camera_id, motion_event_id, status, requested_from, requested_to, retain_until)
       SELECT camera_id, id, 'stored', started_at - interval '5 seconds', ended_at + interval '5 seconds', started_at + interval '7 days'
       FROM motion_events TABLESAMPLE BERNOULLI (5)`,
    );
    await h.db.owner.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at)
       SELECT id, (ARRAY['offline', 'subscription_lost', 'stream_lost', 'auth_failed'])[1 + (abs(hashtext(id::text)) % 4)],
              now() - interval '3 hours' - make_interval(mins => abs(hashtext(id::text)) % 60), now() - interval '2 hours 30 minutes'
       FROM cameras WHERE abs(hashtext(id::text)) % 7 = 0`,
    );
    for (const table of ['motion_events', 'clips', 'camera_gaps', 'cameras', 'camera_consents'])
      await h.db.owner.query(`VACUUM ANALYZE ${table}`);
    const officer = await h.user('officer', 'bench-officer');
    await h
      .http()
      .post('/investigations')
      .set('Authorization', `Bearer ${officer.token}`)
      .send({ caseNumber: 'BENCH-HL-1', title: 'Benchmark', summary: 'console benchmark' })
      .expect(201);
    const at = Date.now() - 3 * 3_600_000;
    const half = 30 * 60_000;
    return await measure('Him Lam (350 cameras)', base, officer, `hoang van thai ${typedWhen(at)}`, {
      query: {
        street: 'hoang van thai',
        from: new Date(Math.floor(at / 60_000) * 60_000 - half).toISOString(),
        to: new Date(Math.floor(at / 60_000) * 60_000 + half).toISOString(),
      },
    });
  } finally {
    await h.close();
  }
}

/** The bench's own accounts in a database the harness did not make: two bootstrap admins, an officer, each made once. */
async function cityOfficer(app: INestApplication, base: string): Promise<{ email: string; password: string; token: string }> {
  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${base}${API_PREFIX}${path}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
    });
  const login = async (email: string, password: string): Promise<string | null> => {
    const res = await api('/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
    return res.ok ? ((await res.json()) as { accessToken: string }).accessToken : null;
  };
  const password = 'bench-console-0123456789';
  const admins: string[] = [];
  for (const n of [1, 2]) {
    const email = `bench-console-admin-${n}@bench.wardwatch`;
    let token = await login(email, password);
    if (!token) {
      await app.get(AccountsService).createFirstAdmin({ email, password, displayName: `Bench admin ${n}` });
      token = await login(email, password);
    }
    admins.push(token!);
  }
  const email = 'bench-console-officer@bench.wardwatch';
  let token = await login(email, password);
  if (!token) {
    const created = await api('/users', {
      method: 'POST',
      token: admins[0],
      body: JSON.stringify({ email, password, displayName: 'Bench officer', role: 'officer' }),
    });
    if (!created.ok) throw new Error(`creating the bench officer answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const confirmed = await api(`/users/${id}/confirm`, { method: 'POST', token: admins[1] });
    if (!confirmed.ok) throw new Error(`confirming the bench officer answered ${confirmed.status}`);
    token = (await login(email, password))!;
    await api('/investigations', {
      method: 'POST',
      token,
      body: JSON.stringify({ caseNumber: 'BENCH-CITY-1', title: 'Benchmark', summary: 'console benchmark' }),
    });
  }
  return { email, password, token };
}

/** The city of bench/search.ts: the API on its database, the busiest street at a night-time moment of the loaded days. */
async function city(): Promise<Figures | null> {
  const probe = new Client({ connectionString: ownerUrl('postgres') });
  await probe.connect();
  const exists = (await probe.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [CITY_DATABASE])).rowCount === 1;
  await probe.end();
  if (!exists) {
    console.log(`  ${CITY_DATABASE} is not loaded: run npm run bench:search (e.g. -- --events 1000000 --runs 1) first; skipped`);
    return null;
  }
  const meta = new Client({ connectionString: ownerUrl(CITY_DATABASE) });
  await meta.connect();
  const { rows } = await meta.query<{ events: string; cameras: number }>(`SELECT events, cameras FROM bench_meta`);
  await meta.end();
  console.log(
    `  ${CITY_DATABASE}: ${Number(rows[0].cameras).toLocaleString('en')} cameras, ${Number(rows[0].events).toLocaleString('en')} events`,
  );
  // Loaded by an older checkout perhaps: bring its schema to this one's migrations first.
  await runMigrations(ownerUrl(CITY_DATABASE));
  const app = await createApiApp(apiConfig({ DATABASE_URL: appUrl(CITY_DATABASE), WEB_DIST_DIR, WARD_NAME: 'Thành phố (benchmark)' }));
  try {
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const officer = await cityOfficer(app, base);
    // bench/search.ts's busiest street (street 0) at 21:30 on the last loaded evening, 28/11/2026.
    const at = Date.parse('2026-11-28T21:30:00+07:00');
    const half = 30 * 60_000;
    return await measure('City (10,000 cameras)', base, officer, `nguyen van thai ${typedWhen(at)}`, {
      query: { street: 'nguyen van thai', from: new Date(at - half).toISOString(), to: new Date(at + half).toISOString() },
    });
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const results: Figures[] = [];
  if (!values['skip-ward']) {
    console.log('Him Lam demo ward: seeding a fresh database');
    results.push(await himLam());
  }
  if (!values['skip-city']) {
    console.log('10,000-camera city (bench:search data)');
    const figures = await city();
    if (figures) results.push(figures);
  }
  console.log(`\nEnter in the search box -> timeline drawn, headless Chromium, ${RUNS} runs each (target p95 < 500 ms)`);
  console.log(
    'data set                  rows  marks   Enter->drawn p50 / p95   of which: to request   request->answer   answer->drawn   API alone p50 / p95',
  );
  const pair = (v: number[]) => `${ms(percentile(v, 50))} / ${ms(percentile(v, 95))}`;
  for (const r of results) {
    console.log(
      `${r.name.padEnd(24)} ${String(r.cameras).padStart(5)} ${String(r.events).padStart(6)}   ${pair(r.totals)}` +
        `          ${ms(percentile(r.before, 50))}          ${ms(percentile(r.answers, 50))}        ${ms(percentile(r.after, 50))}   ${pair(r.api)}`,
    );
  }
  console.log('(the middle columns are p50s; the page answers in the ward zone, the API alone is the same search from Node over loopback)');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
