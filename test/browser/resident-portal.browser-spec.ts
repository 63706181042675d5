import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { ClipCaptureService } from '@wardwatch/footage';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS, IN_AN_BINH } from '../support/fixtures';
import { sleep, until } from '../support/waiting';
import { DESKTOP, openJourney, PHONE, type Viewport } from './browser';
import { startCaptureWorker } from './capture-worker';

/**
 * The residents' portal as a resident uses it, with a real camera (the simulator, with video) and a
 * real worker capturing real clips: the resident consents on the page (choosing purposes), sees a
 * clip appear after motion and plays it, answers an officer's request (filed and approved through
 * the API) from the inbox after the bell shows it, finds the officer's viewing with the case number
 * in the access log, pauses and resumes, and sets e-mail notifications. On a phone in Vietnamese
 * and on a desktop in English; axe-core on every page; screenshots kept.
 */
jest.setTimeout(300_000);

interface Words {
  language: 'vi' | 'en';
  email: string;
  password: string;
  signIn: string;
  consentTitle: RegExp;
  clips: string;
  police: string;
  give: string;
  saved: RegExp;
  footageLink: string;
  footageTitle: RegExp;
  playClip: RegExp;
  bell: (n: number) => string;
  notificationsTitle: string;
  menu: string;
  nav: string;
  requestsLink: string;
  requestsTitle: string;
  approve: string;
  approveConfirm: string;
  approved: RegExp;
  accessLogLink: string;
  accessLogTitle: RegExp;
  caseLabel: (n: string) => string;
  officerRole: string;
  consentLink: string;
  pause: string;
  paused: string;
  resume: string;
  resumed: string;
  accountLink: string;
  accountTitle: string;
  emailSwitch: RegExp;
  saveSettings: string;
  settingsSaved: string;
  deleteStart: string;
  deleteWhat: RegExp;
  deletePassword: string;
  deleteConfirm: string;
  deleted: string;
}

const VI: Words = {
  language: 'vi',
  email: 'Email',
  password: 'Mật khẩu',
  signIn: 'Đăng nhập',
  consentTitle: /^Chia sẻ hình ảnh: /,
  clips: 'Lưu đoạn phim ngắn khi có chuyển động',
  police: 'Cho công an tìm thấy camera khi điều tra',
  give: 'Đồng ý và lưu',
  saved: /Đã lưu sự đồng ý/,
  footageLink: 'Đoạn phim của tôi',
  footageTitle: /^Đoạn phim: /,
  playClip: /^Xem đoạn phim lúc /,
  bell: (n) => `Thông báo, ${n} chưa đọc`,
  notificationsTitle: 'Thông báo',
  menu: 'Mở menu',
  nav: 'Điều hướng chính',
  requestsLink: 'Yêu cầu từ công an',
  requestsTitle: 'Yêu cầu từ công an',
  approve: 'Đồng ý',
  approveConfirm: 'Đồng ý chia sẻ',
  approved: /Đã đồng ý\. Đoạn phim đã được chia sẻ/,
  accessLogLink: 'Ai đã xem',
  accessLogTitle: /^Ai đã xem: /,
  caseLabel: (n) => `Hồ sơ ${n}`,
  officerRole: 'cán bộ công an',
  consentLink: 'Chia sẻ hình ảnh',
  pause: 'Tạm dừng chia sẻ',
  paused: 'Đã tạm dừng. Camera ngừng ghi nhận.',
  resume: 'Tiếp tục chia sẻ',
  resumed: 'Đã tiếp tục chia sẻ.',
  accountLink: 'Tài khoản',
  accountTitle: 'Tài khoản',
  emailSwitch: /^Gửi cả qua email/,
  saveSettings: 'Lưu cài đặt thông báo',
  settingsSaved: 'Đã lưu cài đặt thông báo.',
  deleteStart: 'Xem điều gì sẽ xảy ra khi xoá',
  deleteWhat: /1 camera sẽ bị gỡ: Cổng trước/,
  deletePassword: 'Nhập lại mật khẩu để xác nhận',
  deleteConfirm: 'Xoá tài khoản vĩnh viễn',
  deleted: 'Tài khoản của bạn đã được xoá.',
};

const EN: Words = {
  language: 'en',
  email: 'E-mail',
  password: 'Password',
  signIn: 'Sign in',
  consentTitle: /^Sharing: /,
  clips: 'Keep short clips when there is motion',
  police: 'Let the police find this camera in an investigation',
  give: 'Agree and save',
  saved: /Consent saved/,
  footageLink: 'My footage',
  footageTitle: /^Footage: /,
  playClip: /^Play the clip of /,
  bell: (n) => `Notifications, ${n} unread`,
  notificationsTitle: 'Notifications',
  menu: 'Open menu',
  nav: 'Main navigation',
  requestsLink: 'Police requests',
  requestsTitle: 'Police requests',
  approve: 'Approve',
  approveConfirm: 'Approve sharing',
  approved: /Approved\. The footage was shared/,
  accessLogLink: 'Who saw it',
  accessLogTitle: /^Who saw it: /,
  caseLabel: (n) => `Case ${n}`,
  officerRole: 'police officer',
  consentLink: 'Sharing',
  pause: 'Pause sharing',
  paused: 'Paused. The camera stopped recording.',
  resume: 'Resume sharing',
  resumed: 'Sharing resumed.',
  accountLink: 'Account',
  accountTitle: 'Account',
  emailSwitch: /^Also by e-mail/,
  saveSettings: 'Save notification settings',
  settingsSaved: 'Notification settings saved.',
  deleteStart: 'See what deleting does',
  deleteWhat: /1 camera is removed: Cổng trước/,
  deletePassword: 'Re-enter your password to confirm',
  deleteConfirm: 'Delete my account for good',
  deleted: 'Your account has been deleted.',
};

const RUNS: { viewport: Viewport; words: Words; camera: number }[] = [
  // Their own screenshot folders, beside (not over) the account spec's.
  { viewport: { ...PHONE, name: `resident-portal-${PHONE.name}` }, words: VI, camera: 1 },
  { viewport: { ...DESKTOP, name: `resident-portal-${DESKTOP.name}` }, words: EN, camera: 2 },
];

describe('the residents’ portal in the browser, with a real camera and worker', () => {
  let h: ApiHarness;
  let base: string;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let worker: INestApplicationContext;
  let admin: TestUser;
  let officer: TestUser;
  let supervisor: TestUser;
  const spool = mkdtempSync(join(tmpdir(), 'wardwatch-portal-spool-'));

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: RUNS.length, basePort: 0, rtspPort: 0, controlPort: null, video: true });
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: 'Phường Him Lam' });
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    admin = await h.user('admin');
    await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    officer = await h.user('officer', 'OfficerAn');
    supervisor = await h.user('supervisor', 'SupervisorTran');
    worker = await startCaptureWorker(`portal-${h.db.name}`, h.db.appUrl, spool);
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await sim?.stop();
    rmSync(spool, { recursive: true, force: true });
  });

  /** Enrols the simulator's camera through the API as the enrolment pages do: without consent, so it waits (`pending`) for the consent page. */
  const enrol = async (resident: TestUser, n: number): Promise<string> => {
    const cam = info.cameras[n - 1];
    const res = await h
      .http()
      .post('/cameras')
      .set('Authorization', `Bearer ${resident.token}`)
      .send({
        label: `Cổng trước ${n}`,
        address: { wardCode: 'demo-an-binh', street: 'Hoàng Văn Thái', houseNumber: String(n) },
        ...IN_AN_BINH,
        onvif: { host: '127.0.0.1', port: cam.port, username: cam.username, password: cam.password },
      })
      .expect(201);
    const body = res.body as { camera: { id: string; lifecycle: string }; consent: unknown };
    expect([body.camera.lifecycle, body.consent]).toEqual(['pending', null]);
    return body.camera.id;
  };

  const as = (user: TestUser) => ({
    post: (path: string, body: object) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
  });

  it.each(RUNS)('at $viewport.name in $words.language', async ({ viewport, words: w, camera: n }) => {
    const resident = await h.user('resident', `resident-${w.language}`);
    const cameraId = await enrol(resident, n);

    const { browser, page, problems, checked, check, shot, field } = await openJourney(viewport);
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
    const sections = () => page.getByRole('navigation', { name: w.language === 'vi' ? 'Các trang của camera' : "This camera's pages" });
    const navigate = async (label: string) => {
      if (viewport.width < 768) await page.getByRole('button', { name: w.menu }).click();
      await page.getByRole('navigation', { name: w.nav }).getByRole('link', { name: label, exact: true }).click();
    };
    const videoState = (p: Page) =>
      p
        .locator('video')
        .evaluate((v: { readyState: number; currentTime: number }) => ({ readyState: v.readyState, currentTime: v.currentTime }));

    try {
      // Sign in, in the run's language.
      await page.goto(`${base}/sign-in`);
      await heading('Đăng nhập');
      if (w.language === 'en') {
        await page.getByLabel('Ngôn ngữ').selectOption('en');
        await heading('Sign in');
      }
      await field(w.email).fill(resident.email);
      await field(w.password).fill(resident.password);
      await page.getByRole('button', { name: w.signIn }).click();
      await page.getByRole('navigation', { name: w.nav }).waitFor({ state: 'attached' });

      // Consent, the last step of enrolment: each purpose chosen on its own.
      await page.goto(`${base}/cameras/${cameraId}/consent`);
      await heading(w.consentTitle);
      await check('consent-first');
      await page.getByRole('checkbox', { name: w.clips }).check();
      await page.getByRole('checkbox', { name: w.police }).check();
      await page.getByRole('button', { name: w.give }).click();
      await page.getByRole('status').filter({ hasText: w.saved }).waitFor();
      await check('consent-given');
      const { rows: consent } = await h.db.owner.query<{ purposes: string[]; method: string }>(
        `SELECT purposes, method FROM camera_consents WHERE camera_id = $1 ORDER BY version DESC LIMIT 1`,
        [cameraId],
      );
      expect({ ...consent[0], purposes: [...consent[0].purposes].sort() }).toEqual({
        purposes: ['clips', 'event_metadata', 'police_search'],
        method: 'web',
      });

      // The worker picks the camera up and buffers video; then motion.
      const capture = worker.get(ClipCaptureService);
      await until(
        'the worker to buffer the camera',
        () => capture.status().cameras.find((c) => c.cameraId === cameraId),
        (c) => c?.state === 'recording' && c.bufferedUntil !== null && c.bufferedUntil.getTime() > Date.now() - 5000,
        60_000,
      );
      await sleep(3000); // a full pre-roll in the buffer
      const motionAt = new Date();
      sim.camera(n).setMotion(true);
      await sleep(3000);
      sim.camera(n).setMotion(false);

      // My footage: the clip appears by itself, and plays.
      await sections().getByRole('link', { name: w.footageLink }).click();
      await heading(w.footageTitle);
      const play = page.getByRole('listitem').getByRole('button', { name: w.playClip }).first();
      await play.waitFor({ timeout: 90_000 });
      await check('footage-clip');
      await play.click();
      await until(
        'the video to have data',
        () => videoState(page),
        (s) => s.readyState >= 2 || s.currentTime > 0,
        20_000,
      );
      await check('footage-playing');

      // An officer's request, approved by a supervisor, reaches the resident.
      const caseNumber = `HL-2026-${w.language.toUpperCase()}${n}`;
      const investigation = (
        await as(officer).post('/investigations', { caseNumber, title: 'Mất trộm xe máy', summary: 'Xe Honda Wave đỏ' }).expect(201)
      ).body as { id: string };
      const request = (
        await as(officer)
          .post(`/investigations/${investigation.id}/footage-requests`, {
            cameraIds: [cameraId],
            from: new Date(motionAt.getTime() - 60_000).toISOString(),
            to: new Date(Date.now()).toISOString(),
            reason: 'Nghi phạm đi qua cổng lúc chiều',
            legalBasis: 'Bộ luật Tố tụng hình sự 2015, điều 88',
          })
          .expect(201)
      ).body as { id: string };
      await as(supervisor).post(`/footage-requests/${request.id}/supervisor-decision`, { decision: 'approve' }).expect(200);

      // The bell counts it (on the next page opened); the notification leads to the inbox.
      await sections().getByRole('link', { name: w.consentLink, exact: true }).click();
      await heading(w.consentTitle);
      const bell = page.getByRole('link', { name: w.bell(1) });
      await bell.waitFor({ timeout: 15_000 });
      await bell.click();
      await heading(w.notificationsTitle);
      await page.getByText(caseNumber).first().waitFor();
      await check('notifications');

      await navigate(w.requestsLink);
      await heading(w.requestsTitle);
      const card = page.getByRole('article', { name: w.caseLabel(caseNumber) });
      await card.waitFor();
      await card.getByText('Nghi phạm đi qua cổng lúc chiều').waitFor();
      await check('requests-inbox');
      await card.getByRole('button', { name: w.approve, exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(caseNumber).waitFor();
      await check('requests-confirm');
      await dialog.getByRole('button', { name: w.approveConfirm }).click();
      await page.getByRole('status').filter({ hasText: w.approved }).waitFor();
      await check('requests-approved');

      // The officer watches the released clip: the access log says who, when and for which case.
      const released = (await as(officer).get(`/footage-requests/${request.id}/clips`).expect(200)).body as { items: { clipId: string }[] };
      expect(released.items.length).toBeGreaterThan(0);
      await as(officer).post(`/clips/${released.items[0].clipId}/links`, { investigationId: investigation.id, kind: 'view' }).expect(201);
      await page.goto(`${base}/cameras/${cameraId}/access-log`);
      await heading(w.accessLogTitle);
      const officerEntry = page
        .getByRole('listitem')
        .filter({ hasText: `OfficerAn (${w.officerRole})` })
        .filter({
          hasText: w.caseLabel(caseNumber),
        });
      await officerEntry.first().waitFor();
      await check('access-log');

      // Pause and resume, one tap each.
      await sections().getByRole('link', { name: w.consentLink, exact: true }).click();
      await heading(w.consentTitle);
      await page.getByRole('button', { name: w.pause }).click();
      await page.getByRole('status').filter({ hasText: w.paused }).waitFor();
      await check('consent-paused');
      await page.getByRole('button', { name: w.resume }).click();
      await page.getByRole('status').filter({ hasText: w.resumed }).waitFor();
      await page.getByRole('button', { name: w.pause }).waitFor();
      await check('consent-resumed');
      const { rows: states } = await h.db.owner.query<{ state: string }>(
        `SELECT state FROM camera_consents WHERE camera_id = $1 ORDER BY version`,
        [cameraId],
      );
      expect(states.map((s) => s.state).slice(-3)).toEqual(['given', 'paused', 'given']);

      // E-mail notifications off, from the account page.
      await navigate(w.accountLink);
      await heading(w.accountTitle);
      // Mantine draws the switch beside a visually hidden input: a person taps its label.
      await page.getByText(w.emailSwitch).click();
      expect(await page.getByRole('switch', { name: w.emailSwitch }).isChecked()).toBe(false);
      await page.getByRole('button', { name: w.saveSettings }).click();
      await page.getByRole('status').filter({ hasText: w.settingsSaved }).waitFor();
      await check('account');
      const settings = (await as(resident).get('/notifications/settings').expect(200)).body as { emailNotifications: boolean };
      expect(settings.emailNotifications).toBe(false);

      // Delete the account: what happens first (the camera removed, the held clips kept), then the password.
      await page.getByRole('button', { name: w.deleteStart }).click();
      await page.getByText(w.deleteWhat).waitFor();
      await check('account-delete-preview');
      await field(w.deletePassword).fill(resident.password);
      await page.getByRole('button', { name: w.deleteConfirm }).click();
      await heading(w.signIn);
      await page.getByRole('status').filter({ hasText: w.deleted }).waitFor();
      const { rows: gone } = await h.db.owner.query<{ deleted_at: Date | null; removed_at: Date | null }>(
        `SELECT u.deleted_at, c.removed_at FROM users u JOIN cameras c ON c.owner_id = u.id WHERE u.id = $1`,
        [resident.id],
      );
      expect(gone[0].deleted_at).not.toBeNull();
      expect(gone[0].removed_at).not.toBeNull();

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
