import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { verifyEvidenceArchive } from '@wardwatch/evidence';
import { ClipCaptureService } from '@wardwatch/footage';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL, DEMO_WARDS, IN_AN_BINH } from '../support/fixtures';
import { sleep, until } from '../support/waiting';
import { DESKTOP, openJourney, PHONE, type Viewport } from './browser';
import { startCaptureWorker } from './capture-worker';
import { consoleOf, streetAtTime } from './console';

/**
 * An officer's whole case in the browser, on footage made by real ingest and capture (the camera
 * simulator's two video cameras on one street, a real worker): the officer opens an investigation,
 * goes to the console, picks the investigation in the search form, types the street and the motion's
 * time into the one search box and presses Enter, sees both cameras' rows with their motion marks on
 * the timeline, presses the result's "request footage" and lands on the form prefilled from the
 * search, files it with a reason and legal basis and watches its per-camera status; a
 * supervisor and the owners approve through the API; the officer plays the two released cameras in
 * sync (one scrub moves both) and exports the whole case as one archive, which verifies offline
 * with both releases in it. A second
 * journey shows that an over-limit request demands a justification. In Vietnamese, on a desktop;
 * axe-core on every page; screenshots in test-results/browser/officer-case-*.
 */
jest.setTimeout(400_000);

const VIEWPORT: Viewport = { ...DESKTOP, name: `officer-case-${DESKTOP.name}` };
const LIMITS_VIEWPORT: Viewport = { ...PHONE, name: `officer-case-limits-${PHONE.name}` };
/** The two simulated cameras' labels (their rows on the console's timeline are named by them). */
const CAMERA_LABELS = ['Cổng 1', 'Cổng 2'];

interface ReleasedClip {
  clipId: string;
  camera: { id: string };
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  release: { id: string };
}

describe('an officer’s case in the browser, with real cameras and worker', () => {
  let h: ApiHarness;
  let base: string;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let worker: INestApplicationContext;
  let officer: TestUser;
  let supervisor: TestUser;
  let resident: TestUser;
  let colleague: TestUser;
  const spool = mkdtempSync(join(tmpdir(), 'wardwatch-case-spool-'));
  const downloads = mkdtempSync(join(tmpdir(), 'wardwatch-case-downloads-'));

  const as = (user: TestUser) => ({
    post: (path: string, body: object) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
  });

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 2, basePort: 0, rtspPort: 0, controlPort: null, video: true });
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: 'Phường Him Lam' });
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    const admin = await h.user('admin');
    await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    officer = await h.user('officer', 'OfficerAn');
    supervisor = await h.user('supervisor', 'SupervisorTran');
    resident = await h.user('resident', 'resident-lan');
    colleague = await h.user('officer', 'OfficerBinh');
    worker = await startCaptureWorker(`case-${h.db.name}`, h.db.appUrl, spool);
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await sim?.stop();
    rmSync(spool, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  });

  /** Signs the officer in on the sign-in page (Vietnamese, the default). */
  const signIn = async (page: Page, field: (label: string) => ReturnType<Page['getByLabel']>) => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor({ timeout: 15_000 });
    await field('Email').fill(officer.email);
    await field('Mật khẩu').fill(officer.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor({ state: 'attached' });
  };

  it('files a request from a search result, plays the released cameras in sync and exports the case', async () => {
    // Two cameras of one resident, with consent, through the API as the enrolment pages do: both on
    // Hoàng Văn Thái, so that one street search finds both.
    const cameraIds: string[] = [];
    for (const [i, cam] of info.cameras.entries()) {
      const res = await as(resident)
        .post('/cameras', {
          label: CAMERA_LABELS[i],
          address: { wardCode: 'demo-an-binh', street: 'Hoàng Văn Thái', houseNumber: String(10 + i) },
          ...IN_AN_BINH,
          onvif: { host: '127.0.0.1', port: cam.port, username: cam.username, password: cam.password },
          consent: CONSENT_ALL,
        })
        .expect(201);
      cameraIds.push((res.body as { camera: { id: string } }).camera.id);
    }

    // The worker buffers both; then motion on both, a second apart (so their clips start apart).
    const capture = worker.get(ClipCaptureService);
    for (const cameraId of cameraIds) {
      await until(
        'the worker to buffer the camera',
        () => capture.status().cameras.find((c) => c.cameraId === cameraId),
        (c) => c?.state === 'recording' && c.bufferedUntil !== null && c.bufferedUntil.getTime() > Date.now() - 5000,
        90_000,
      );
    }
    await sleep(3000);
    const motionAt = new Date();
    sim.camera(1).setMotion(true);
    await sleep(1000);
    sim.camera(2).setMotion(true);
    await sleep(3000);
    sim.camera(1).setMotion(false);
    sim.camera(2).setMotion(false);
    for (const cameraId of cameraIds) {
      await until(
        'a stored clip of the camera',
        async () => ((await as(resident).get(`/cameras/${cameraId}/clips`).expect(200)).body as { items: { status: string }[] }).items,
        (items) => items.some((c) => c.status === 'stored'),
        120_000,
      );
    }

    const { browser, page, problems, checked, check, shot, field } = await openJourney(VIEWPORT);
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
    const caseNumber = 'HL-2026-00417';
    try {
      await signIn(page, field);

      // My investigations, from the header's navigation; open a new one.
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Vụ việc', exact: true }).click();
      await heading('Vụ việc của tôi');
      await page.getByText('Bạn chưa tham gia vụ việc nào.').waitFor();
      await check('investigations-empty');
      await page.getByRole('link', { name: 'Mở vụ việc mới' }).click();
      await heading('Mở vụ việc mới');
      await field('Số hồ sơ').fill(caseNumber);
      await field('Tên vụ việc').fill('Mất trộm xe máy, Hoàng Văn Thái');
      await field('Tóm tắt').fill('Xe Honda Wave đỏ bị lấy trước nhà số 12 chiều nay.');
      await check('investigation-new');
      await page.getByRole('button', { name: 'Mở vụ việc' }).click();
      await heading(`Hồ sơ ${caseNumber}`);
      const investigationId = /\/investigations\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
      expect(investigationId).toBeDefined();
      await check('investigation-detail-new');

      // A colleague joins by user id; handing the lead over asks first (cancelled here).
      await field('Mã người dùng của thành viên mới').fill(colleague.id);
      await page.getByRole('button', { name: 'Thêm thành viên' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã thêm OfficerBinh.' }).waitFor();
      await page.getByRole('button', { name: 'Giao phụ trách cho OfficerBinh' }).click();
      const dialog = page.getByRole('dialog', { name: 'Giao phụ trách?' });
      await dialog.getByText('OfficerBinh sẽ phụ trách vụ việc. Bạn vẫn là thành viên.').waitFor();
      await check('investigation-hand-over-confirm');
      await dialog.getByRole('button', { name: 'Huỷ' }).last().click();
      await dialog.waitFor({ state: 'hidden' });

      // The console: pick the case in the search form, type the street and the motion's time, Enter.
      const search = consoleOf(page);
      await page.goto(`${base}/search`);
      await search.heading.waitFor({ timeout: 15_000 });
      await search.investigationPicker.click();
      await search.investigationOption(caseNumber).click();
      await until(
        'the investigation picker to show the case',
        () => search.investigationPicker.inputValue(),
        (value) => value.startsWith(`${caseNumber} · `),
        10_000,
      );
      await search.searchBox.fill(streetAtTime('hoang van thai', motionAt));
      await search.searchBox.press('Enter');
      // The timeline: one row per camera, each with its motion mark (clip stored), cued to the minute typed.
      await search.timeline(2).waitFor({ timeout: 15_000 });
      for (const label of CAMERA_LABELS) await search.motionMarks(search.lane(label)).first().waitFor();
      const searched = new URL(page.url());
      expect(Object.fromEntries(['kind', 'street', 'inv'].map((k) => [k, searched.searchParams.get(k)]))).toEqual({
        kind: 'street',
        street: 'hoang van thai',
        inv: investigationId,
      });
      const cue = Date.parse(searched.searchParams.get('at')!);
      expect(cue).toBe(Math.floor(motionAt.getTime() / 60_000) * 60_000);
      await check('console-timeline');

      // The result's "request footage": the prefilled form, its cameras and window from the search.
      const pressedAt = Date.now();
      await search.requestFootage.click();
      await heading(`Yêu cầu hình ảnh: hồ sơ ${caseNumber}`);
      const prefilled = new URL(page.url());
      expect(prefilled.pathname).toBe(`/investigations/${investigationId}/requests/new`);
      expect(prefilled.searchParams.get('kind')).toBe('street');
      expect(prefilled.searchParams.get('cameraIds')!.split(',').sort()).toEqual([...cameraIds].sort());
      // The search's window (half an hour either side of the minute typed), ending now if it runs on past it.
      const [from, to] = [Date.parse(prefilled.searchParams.get('from')!), Date.parse(prefilled.searchParams.get('to')!)];
      expect(from).toBe(cue - 30 * 60_000);
      expect(to).toBeLessThanOrEqual(Math.min(cue + 30 * 60_000, pressedAt));
      expect(to).toBeGreaterThan(motionAt.getTime() + 6_000);
      await page.getByText('2 camera từ kết quả tìm kiếm').waitFor();
      await page.getByTestId('limit-window').getByText('trong giới hạn').waitFor();
      expect(await page.getByLabel('Giải trình').count()).toBe(0);
      await field('Lý do').fill('Nghi phạm dắt xe đi qua hai cổng lúc chiều');
      await field('Căn cứ pháp lý').fill('Bộ luật Tố tụng hình sự 2015, điều 88');
      await check('request-form');
      await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
      await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 15_000 });
      const requestId = /\/requests\/([0-9a-f-]{36})$/.exec(page.url())![1];
      await page.getByRole('status').filter({ hasText: 'Đã gửi yêu cầu.' }).waitFor();
      const cameraCards = page.getByRole('article');
      await until(
        'both cameras waiting for a supervisor',
        () => cameraCards.filter({ hasText: 'Chờ lãnh đạo duyệt' }).count(),
        (n) => n === 2,
        15_000,
      );
      await check('request-status-pending');

      // A supervisor (not a member) approves; the owner approves each camera.
      await as(supervisor).post(`/footage-requests/${requestId}/supervisor-decision`, { decision: 'approve' }).expect(200);
      for (const cameraId of cameraIds) {
        await as(resident).post(`/owner/footage-requests/${requestId}/cameras/${cameraId}/decision`, { decision: 'approve' }).expect(200);
      }
      await page.getByRole('button', { name: 'Tải lại tình trạng' }).click();
      await until(
        'both cameras released',
        () => cameraCards.filter({ hasText: 'Đã chia sẻ' }).count(),
        (n) => n === 2,
        15_000,
      );
      await check('request-status-released');

      // My investigations: the case with its lead and its request's state.
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Vụ việc', exact: true }).click();
      await heading('Vụ việc của tôi');
      const listed = page.getByRole('article', { name: `Hồ sơ ${caseNumber}` });
      await listed.getByText('Phụ trách: OfficerAn', { exact: false }).waitFor();
      await listed.getByRole('term').filter({ hasText: 'Tổng số yêu cầu' }).waitFor();
      await listed.getByRole('term').filter({ hasText: 'Đã chia sẻ' }).waitFor();
      await check('investigations-list');
      await page.goto(`${base}/investigations/${investigationId}/requests/${requestId}`);
      await heading(`Yêu cầu hình ảnh: hồ sơ ${caseNumber}`);

      // The released clips, on the investigation's page and then together on one timeline.
      const clips = ((await as(officer).get(`/investigations/${investigationId}/clips`).expect(200)).body as { items: ReleasedClip[] })
        .items;
      expect(new Set(clips.map((c) => c.camera.id))).toEqual(new Set(cameraIds));
      await page.getByRole('link', { name: 'Về vụ việc' }).click();
      await heading(`Hồ sơ ${caseNumber}`);
      await page.getByRole('heading', { name: 'Hình ảnh đã được chia sẻ' }).waitFor();
      await page
        .getByRole('button', { name: /^Xem đoạn phim: Cổng 1/ })
        .first()
        .click();
      await until(
        'the released clip to play',
        () =>
          page
            .locator('video')
            .first()
            .evaluate((v: { readyState: number }) => v.readyState),
        (s) => s >= 1,
        20_000,
      );
      await check('investigation-detail-released');

      await page.getByRole('link', { name: 'Xem đồng thời trên một dòng thời gian' }).click();
      await heading(`Xem đồng thời: hồ sơ ${caseNumber}`);
      const videos = page.locator('.sync-grid video');
      await until(
        'two videos in the grid',
        () => videos.count(),
        (n) => n === 2,
        15_000,
      );
      await until(
        'both videos to load',
        () => videos.evaluateAll((vs) => (vs as unknown as { readyState: number }[]).map((v) => v.readyState)),
        (states) => states.every((s) => s >= 1),
        30_000,
      );

      /** The master instant, and each video's currentTime against where the shared clock says it must be. */
      const positions = async () =>
        page.evaluate<{ at: number; currentTime: number; expected: number; duration: number }[]>(`(() => {
          const at = Number(document.querySelector('input.scrubber').dataset.at);
          return [...document.querySelectorAll('.sync-grid video')].map((v) => ({
            at,
            currentTime: v.currentTime,
            expected: (at - Number(v.dataset.start)) / 1000,
            duration: v.duration,
          }));
        })()`);

      // One scrub, to the middle of the span both clips cover: both move there.
      const placed = clips.map((c) => {
        const start = Date.parse(c.startedAt);
        return { start, end: c.endedAt ? Date.parse(c.endedAt) : start + (c.durationMs ?? 0) };
      });
      const axis = { start: Math.min(...placed.map((p) => p.start)), end: Math.max(...placed.map((p) => p.end)) };
      const overlap = { start: Math.max(...placed.map((p) => p.start)), end: Math.min(...placed.map((p) => p.end)) };
      expect(overlap.end).toBeGreaterThan(overlap.start);
      const target = Math.round((((overlap.start + overlap.end) / 2 - axis.start) / (axis.end - axis.start)) * 1000);
      await page.getByRole('slider', { name: 'Thời điểm chung' }).fill(String(target));
      const scrubbed = await until(
        'both videos at the scrubbed instant',
        positions,
        (ps) => ps.length === 2 && ps.every((p) => p.expected >= 0 && Math.abs(p.currentTime - p.expected) < 0.5),
        15_000,
      );
      await check('synced-scrubbed');

      // Play for a while and pause: both moved together, still where the one clock says.
      await page.getByRole('button', { name: 'Phát', exact: true }).click();
      await sleep(2000);
      await page.getByRole('button', { name: 'Tạm dừng', exact: true }).click();
      const played = await until(
        'both videos to follow the clock',
        positions,
        (ps) => ps.every((p) => p.currentTime >= p.duration - 0.1 || Math.abs(p.currentTime - p.expected) < 0.5),
        10_000,
      );
      expect(played[0].at).toBeGreaterThan(scrubbed[0].at + 1000);
      for (const [i, p] of played.entries()) {
        expect(p.currentTime - scrubbed[i].currentTime).toBeGreaterThan(1);
      }
      const offsets = played.map((p) => p.currentTime - p.expected);
      expect(Math.abs(offsets[0] - offsets[1])).toBeLessThan(0.5);
      await check('synced-played');

      // Export the whole case: one archive (the browser streams it), verified offline, covering both releases.
      await page.getByRole('link', { name: 'Về vụ việc' }).click();
      await heading(`Hồ sơ ${caseNumber}`);
      await page.getByRole('heading', { name: 'Xuất toàn bộ hồ sơ' }).scrollIntoViewIfNeeded();
      await page.getByText(`npm run verify-export -- ${caseNumber}-evidence-….tar`).waitFor();
      await check('investigation-export');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Tải tệp chứng cứ của vụ việc' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^${caseNumber}-evidence-.*\\.tar$`));
      const archive = join(downloads, download.suggestedFilename());
      await download.saveAs(archive);
      const verification = await verifyEvidenceArchive(archive);
      expect(verification.ok).toBe(true);
      const releaseIds = [...new Set(clips.map((c) => c.release.id))].sort();
      expect(verification.releases.map((r) => r.releaseId).sort()).toEqual(releaseIds);
      expect(verification.releases.every((r) => r.ok)).toBe(true);
      // The download is on the record (audited as an export of this investigation).
      await until(
        'the export on the audit record',
        async () =>
          (
            await h.db.owner.query<{ n: string }>(
              `SELECT count(*) AS n FROM audit_entries WHERE action = 'evidence.exported' AND actor_id = $1 AND investigation_id = $2`,
              [officer.id, investigationId],
            )
          ).rows[0].n,
        (n) => Number(n) === 1,
        10_000,
      );

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
      expect(problems).toEqual([]);
    } catch (error) {
      await shot('failure').catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
    }
  });

  it('demands a written justification when the area or window exceeds the limits', async () => {
    const investigation = (
      await as(officer)
        .post('/investigations', { caseNumber: 'HL-2026-00999', title: 'Cướp giật', summary: 'Cướp giật điện thoại ở chợ' })
        .expect(201)
    ).body as { id: string };
    const { browser, page, problems, checked, check, shot, field } = await openJourney(LIMITS_VIEWPORT);
    try {
      await signIn(page, field);
      // A circle of 500 m (0.79 km²) over 13 hours: both over the default limits (0.5 km², 12 h).
      const to = new Date(Date.now() - 3_600_000);
      const from = new Date(to.getTime() - 13 * 3_600_000);
      const query = new URLSearchParams({
        kind: 'circle',
        lat: String(IN_AN_BINH.latitude),
        lon: String(IN_AN_BINH.longitude),
        radiusM: '500',
        from: from.toISOString(),
        to: to.toISOString(),
      });
      await page.goto(`${base}/investigations/${investigation.id}/requests/new?${query.toString()}`);
      await page.getByRole('heading', { level: 1, name: 'Yêu cầu hình ảnh: hồ sơ HL-2026-00999' }).waitFor({ timeout: 15_000 });
      await page.getByTestId('limit-area').getByText('vượt giới hạn').waitFor();
      await page.getByTestId('limit-area').getByText('0,79 km²').waitFor();
      await page.getByTestId('limit-window').getByText('13 giờ').waitFor();
      const justification = field('Giải trình');
      await justification.waitFor();
      expect(await justification.getAttribute('required')).not.toBeNull();
      await page.getByText(/Lãnh đạo sẽ đọc phần này/).waitFor();
      await field('Lý do').fill('Nghi phạm bỏ chạy qua nhiều ngả, chưa rõ hướng');
      await field('Căn cứ pháp lý').fill('Bộ luật Tố tụng hình sự 2015, điều 88');
      await justification.fill('Quá ngắn');
      await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
      await page.getByText('Giải trình cần ít nhất 30 ký tự (hiện có 8).').waitFor();
      expect(page.url()).toContain('/requests/new');
      await check('request-form-over-limits');

      // Narrowed to 11 hours and 300 m: within the limits, the justification goes away.
      const narrowed = new URLSearchParams(query);
      narrowed.set('radiusM', '300');
      narrowed.set('from', new Date(to.getTime() - 11 * 3_600_000).toISOString());
      await page.goto(`${base}/investigations/${investigation.id}/requests/new?${narrowed.toString()}`);
      await page.getByTestId('limit-area').getByText('trong giới hạn').waitFor({ timeout: 15_000 });
      await page.getByTestId('limit-window').getByText('trong giới hạn').waitFor();
      expect(await page.getByLabel(/^Giải trình/).count()).toBe(0);
      await check('request-form-within-limits');

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
