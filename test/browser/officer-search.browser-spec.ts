import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { BrowserContext, Page } from 'playwright-core';
import { ClipCaptureService } from '@wardwatch/footage';
import { readWardSeed, seedCameras, streetImportBody, wardImportBody } from '@wardwatch/places';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL } from '../support/fixtures';
import { REPO_ROOT } from '../support/test-environment';
import { sleep, until } from '../support/waiting';
import { DESKTOP, openJourney } from './browser';
import { startCaptureWorker } from './capture-worker';
import { consoleOf, streetAtTime, wardClock, wardDayWord } from './console';

/**
 * The officers' console as an officer uses it, on the demo ward (Him Lam) with real cameras (the
 * simulator, with video) and a real worker: the motion events on the timeline came from the
 * cameras through ONVIF and ingest, never from rows written in SQL.
 *
 * - Offline: the browser may reach the app's own origin only (every other request is aborted and
 *   recorded); the map page draws the ward's boundary, streets and cameras, and the list of outside
 *   requests stays empty.
 * - "This street at this time" in two interactions: the officer signs in, lands on the search box,
 *   types a street and a time, presses Enter, and the timeline opens cued to that moment with the
 *   camera's motion marks; an event's detail; the footage-request link carries the search; an area
 *   drawn on the map shows what no camera covers. axe-core on every step; screenshots kept.
 */
jest.setTimeout(300_000);

const seed = readWardSeed(join(REPO_ROOT, 'config', 'demo', 'him-lam.geojson'));
const VIEWPORT = { ...DESKTOP, name: `officer-search-${DESKTOP.name}` };

/** Aborts every request that leaves the app's origin, and records it. */
async function onlyOwnOrigin(context: BrowserContext, origin: string): Promise<string[]> {
  const outside: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  return outside;
}

describe('the officers’ console in the browser, with real cameras and worker', () => {
  let h: ApiHarness;
  let base: string;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let worker: INestApplicationContext;
  let officer: TestUser;
  let investigationId: string;
  const cameraIds: string[] = [];
  let motionAt: Date;
  const spool = mkdtempSync(join(tmpdir(), 'wardwatch-console-spool-'));
  const [first, second, third] = seedCameras(seed);

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 3, basePort: 0, rtspPort: 0, controlPort: null, video: true });
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: seed.ward.name });
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    const admin = await h.user('admin');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(wardImportBody(seed)).expect(201);
    const wardId = (wards.body as { id: string }[])[0].id;
    await h
      .http()
      .post(`/wards/${wardId}/streets/import`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send(streetImportBody(seed))
      .expect(201);
    officer = await h.user('officer', 'OfficerAn');
    investigationId = (
      (
        await h
          .http()
          .post('/investigations')
          .set('Authorization', `Bearer ${officer.token}`)
          .send({ caseNumber: 'HL-2026-0042', title: 'Mất trộm xe máy', summary: 'Xe Honda Wave đỏ, đêm qua' })
          .expect(201)
      ).body as { id: string }
    ).id;

    // Three of the demo's cameras, enrolled as residents do (real ONVIF probe): two let the police
    // search them, the third does not (a grey dot on the map, never in a result).
    const resident = await h.user('resident', 'ResidentLan');
    for (const [i, cam] of [first, second, third].entries()) {
      const sims = info.cameras[i];
      const res = await h
        .http()
        .post('/cameras')
        .set('Authorization', `Bearer ${resident.token}`)
        .send({
          label: cam.properties.label,
          address: { wardCode: seed.ward.code, street: cam.properties.street, houseNumber: cam.properties.houseNumber },
          latitude: cam.geometry.coordinates[1],
          longitude: cam.geometry.coordinates[0],
          direction: { azimuthDeg: cam.properties.bearingDeg, fieldOfViewDeg: cam.properties.fieldOfViewDeg, rangeM: 40 },
          onvif: { host: '127.0.0.1', port: sims.port, username: sims.username, password: sims.password },
          consent: i < 2 ? CONSENT_ALL : { ...CONSENT_ALL, purposes: ['event_metadata', 'clips'] },
        })
        .expect(201);
      cameraIds.push((res.body as { camera: { id: string } }).camera.id);
    }

    worker = await startCaptureWorker(`console-${h.db.name}`, h.db.appUrl, spool);
    const capture = worker.get(ClipCaptureService);
    await until(
      'the worker to buffer the first camera',
      () => capture.status().cameras.find((c) => c.cameraId === cameraIds[0]),
      (c) => c?.state === 'recording' && c.bufferedUntil !== null && c.bufferedUntil.getTime() > Date.now() - 5000,
      90_000,
    );
    await sleep(3000);
    // Real motion on the first camera: ONVIF notification -> worker -> motion_events, and a clip.
    motionAt = new Date();
    sim.camera(1).setMotion(true);
    await sleep(3000);
    sim.camera(1).setMotion(false);
    await until(
      'the motion event to be searchable',
      async () =>
        (
          await h
            .http()
            .get('/search/cameras')
            .query({
              street: 'Hoàng Văn Thái',
              from: new Date(motionAt.getTime() - 600_000).toISOString(),
              to: new Date(Date.now() + 600_000).toISOString(),
            })
            .set('Authorization', `Bearer ${officer.token}`)
        ).body as { items: { id: string; events: { hasClip: boolean }[] }[] },
      (page) => page.items.some((c) => c.id === cameraIds[0] && c.events.length > 0 && c.events.some((e) => e.hasClip)),
      90_000,
    );
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await sim?.stop();
    rmSync(spool, { recursive: true, force: true });
  });

  const signIn = async (page: Page, field: (label: string) => ReturnType<Page['getByLabel']>) => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await field('Email').fill(officer.email);
    await field('Mật khẩu').fill(officer.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // Officers land on the console's search, not the residents' home.
    await consoleOf(page).heading.waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/search');
  };

  it('draws the ward map with nothing from outside the app’s origin', async () => {
    const { browser, page, problems, checked, check, shot, field } = await openJourney({ ...VIEWPORT, name: `${VIEWPORT.name}-offline` });
    const outside = await onlyOwnOrigin(browser.context, new URL(base).origin);
    try {
      await signIn(page, field);
      const map = page.getByRole('region', { name: /^Bản đồ .*: ranh giới, đường phố và camera$/ });
      await map.waitFor();
      await map.locator('path.ward-boundary').first().waitFor({ state: 'attached' });
      await map.locator('path.ward-street').first().waitFor({ state: 'attached' });
      // The cameras, clustered at the ward's zoom or one by one; the non-consenting one as a grey dot.
      await map.locator('path.console-camera, .console-cluster').first().waitFor({ state: 'attached', timeout: 15_000 });
      await map.locator('path.console-camera-hidden').first().waitFor({ state: 'attached' });
      expect(await map.locator('path.ward-street').count()).toBe(streetImportBody(seed).features.length);
      // A cluster opens where its cameras are: close up, each camera with its cone.
      for (let i = 0; i < 4 && (await map.locator('path.console-cone').count()) === 0; i++) {
        const cluster = map.locator('.console-cluster').first();
        if ((await cluster.count()) > 0) await cluster.click();
        else await page.getByRole('button', { name: 'Phóng to' }).click();
        await sleep(300);
      }
      await map.locator('path.console-cone').first().waitFor({ state: 'attached', timeout: 10_000 });
      // Leaflet's zoom buttons speak the page's language, not Leaflet's English.
      await map.getByRole('button', { name: 'Phóng to' }).waitFor();
      await map.getByRole('button', { name: 'Thu nhỏ' }).waitFor();
      await check('offline-map');
      expect(outside).toEqual([]);
      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
      expect(problems).toEqual([]);
    } catch (error) {
      await shot('failure').catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
    }
  });

  it('finds “this street at this time” in two interactions, cued to the moment', async () => {
    const { browser, page, problems, checked, check, shot, field } = await openJourney(VIEWPORT);
    const outside = await onlyOwnOrigin(browser.context, new URL(base).origin);
    try {
      await signIn(page, field);
      // The only open investigation is picked already; the box has the focus.
      const search = consoleOf(page);
      await search.searchBox.and(page.locator(':focus')).waitFor();
      await until(
        'the investigation picker to show the open case',
        () => search.investigationPicker.inputValue(),
        (value) => value.startsWith('HL-2026-0042'),
        10_000,
      );
      await check('console-empty');

      // Interaction 1: type. Interaction 2: Enter. Without diacritics, as typed on a phone at the scene.
      const typed = streetAtTime('hoang van thai', motionAt);
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');

      const timeline = page.getByRole('region', { name: /^Dòng thời gian của \d+ camera$/ }).or(page.locator('section.ct'));
      await timeline.first().waitFor({ timeout: 15_000 });
      const lane = page.locator(`.ct-lane[data-camera-id="${cameraIds[0]}"]`);
      const motionMark = lane.getByRole('button', { name: /^Chuyển động lúc \d{2}:\d{2}, có đoạn phim$/ }).first();
      await motionMark.waitFor();
      // Cued: the cursor at the minute typed, and scrolled into view.
      const minute = new Date(Math.floor(motionAt.getTime() / 60_000) * 60_000).toISOString();
      expect(await page.locator('.ct-cursor').getAttribute('data-at')).toBe(minute);
      const [scroller, cursor] = [await page.locator('.ct-scroll').boundingBox(), await page.locator('.ct-cursor').boundingBox()];
      expect(cursor!.x).toBeGreaterThanOrEqual(scroller!.x);
      expect(cursor!.x).toBeLessThanOrEqual(scroller!.x + scroller!.width);
      // The non-consenting camera is never in a result; the URL carries the search.
      expect(await page.locator(`.ct-lane[data-camera-id="${cameraIds[2]}"]`).count()).toBe(0);
      const url = new URL(page.url());
      expect(Object.fromEntries(['kind', 'street', 'inv'].map((k) => [k, url.searchParams.get(k)]))).toEqual({
        kind: 'street',
        street: 'hoang van thai',
        inv: investigationId,
      });
      const timing = await page.evaluate<number | null>(
        "(() => { const s = performance.getEntriesByName('search:submit').at(-1); const d = performance.getEntriesByName('timeline:drawn').at(-1); return s && d ? d.startTime - s.startTime : null; })()",
      );
      expect(timing).not.toBeNull();
      await check('timeline-cued');

      // An event's detail: kind, start and end in the ward's time, the clip exists, no footage yet.
      await motionMark.click();
      const detail = page.getByRole('region', { name: /^Chuyển động: / });
      await detail.waitFor();
      await detail.getByText('Có đoạn phim đã lưu.').waitFor();
      await detail.getByText(/^Chưa thể xem hình ảnh/).waitFor();
      await check('event-detail');
      await detail.getByRole('button', { name: 'Đóng chi tiết' }).click();

      // Request footage from the result: the search goes along in the link.
      const request = new URL((await search.requestFootage.getAttribute('href'))!, base);
      expect(request.pathname).toBe(`/investigations/${investigationId}/requests/new`);
      expect(request.searchParams.get('kind')).toBe('street');
      expect(request.searchParams.get('cameraIds')!.split(',').sort()).toEqual([cameraIds[0], cameraIds[1]].sort());
      // The search's window, half an hour either side of the minute typed; ending now, not in the future
      // (the motion was minutes ago, and the API refuses a request for time that has not passed).
      const [from, to] = [Date.parse(request.searchParams.get('from')!), Date.parse(request.searchParams.get('to')!)];
      expect(from).toBe(Date.parse(minute) - 1_800_000);
      expect(to).toBeLessThanOrEqual(Math.min(Date.parse(minute) + 1_800_000, Date.now()));
      expect(to).toBeGreaterThan(motionAt.getTime());

      // An area drawn on the map (a polygon around the two cameras), then the same time: the uncovered part hatched.
      await page.getByText('Vẽ vùng', { exact: true }).click();
      const mapBox = (await page.getByRole('region', { name: /^Bản đồ .*: ranh giới, đường phố và camera$/ }).boundingBox())!;
      const cx = mapBox.x + mapBox.width / 2;
      const cy = mapBox.y + mapBox.height / 2;
      for (const [dx, dy] of [
        [-60, -60],
        [60, -60],
        [60, 60],
        [-60, 60],
      ])
        await page.mouse.click(cx + dx, cy + dy);
      await page.getByRole('button', { name: 'Xong vùng' }).click();
      await page.getByText(/^Nơi tìm: vùng vẽ trên bản đồ \(4 đỉnh\)/).waitFor();
      const box = search.searchBox;
      await box.fill(`${wardClock(motionAt)} ${wardDayWord(motionAt)}`);
      await box.press('Enter');
      await page.waitForURL(/kind=polygon/);
      await page
        .getByRole('note', { name: 'Phần không có camera' })
        .getByText(/vùng tìm không có camera nào/)
        .waitFor({ timeout: 15_000 });
      await page.locator('path.console-uncovered').first().waitFor({ state: 'attached' });
      await check('area-uncovered');

      // Back: the street search again, as it was.
      await page.goBack();
      await page.waitForURL(/kind=street/);
      await lane
        .getByRole('button', { name: /^Chuyển động lúc / })
        .first()
        .waitFor();

      expect(outside).toEqual([]);
      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
      expect(problems).toEqual([]);
    } catch (error) {
      await shot('failure').catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
    }
  });
});
