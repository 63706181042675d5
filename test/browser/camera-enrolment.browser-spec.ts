import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { readWardSeed, streetImportBody, wardImportBody } from '@wardwatch/places';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness } from '../support/api-harness';
import { REPO_ROOT } from '../support/test-environment';
import { DESKTOP, openJourney, PHONE, type Viewport } from './browser';

/**
 * A resident enrols a simulated camera as a person does, on the demo ward (Him Lam): registers,
 * picks the street typed without diacritics, taps outside the ward first (refused in words) and
 * then inside, turns the direction of view, gives the camera's address and first a wrong password
 * (the probe's answer in plain words, with progress shown), sees the camera's own picture, reaches
 * the consent step; then renames the camera and removes it after reading what removal does.
 * At a phone's and a desktop's viewport in Vietnamese, and once in English; axe-core on each page.
 */
jest.setTimeout(240_000);

const SIM_PASSWORD = 'sim-secret-Pa55word';
const seed = readWardSeed(join(REPO_ROOT, 'config', 'demo', 'him-lam.geojson'));

/** What the resident reads, per language (the test drives by labels and visible text). */
const WORDS = {
  vi: {
    register: 'Đăng ký cho người dân',
    registerTitle: 'Đăng ký tài khoản',
    name: 'Họ và tên',
    email: 'Email',
    password: 'Mật khẩu',
    createAccount: 'Tạo tài khoản',
    home: 'Camera của tôi',
    enrol: 'Đăng ký camera',
    step: (n: number, title: string) => `Bước ${n} trên 5: ${title}`,
    street: 'Đường',
    houseNumber: 'Số nhà',
    alley: 'Ngõ, hẻm (nếu có)',
    next: 'Tiếp tục',
    outside: 'Chỗ này nằm ngoài phường',
    pinAt: 'Ghim tại vĩ độ 21,',
    azimuth: 'Hướng (độ, 0 là hướng bắc, 90 là hướng đông)',
    angle: 'Góc nhìn (độ)',
    range: 'Tầm nhìn (mét)',
    coneWords: 'Nhìn về hướng nam, góc 60 độ, xa 40 mét.',
    label: 'Tên camera',
    host: 'Địa chỉ camera trong mạng (IP)',
    port: 'Cổng ONVIF',
    username: 'Tên đăng nhập của camera',
    camPassword: 'Mật khẩu của camera',
    connect: 'Kết nối và kiểm tra camera',
    probing: 'Đang kết nối với camera…',
    wrongPassword: 'Camera từ chối tên đăng nhập hoặc mật khẩu. Kiểm tra lại trong phần cài đặt của camera.',
    snapshotAlt: (label: string) => `Ảnh chụp lúc này từ camera ${label}`,
    looksRight: 'Ảnh đúng rồi, tiếp tục',
    consentGo: 'Đọc và đồng ý chia sẻ',
    pendingSharing: 'Chưa đồng ý chia sẻ: chưa ghi hình, chưa chia sẻ gì',
    open: (label: string) => `Xem camera ${label}`,
    edit: 'Sửa camera',
    save: 'Lưu thay đổi',
    saved: 'Đã lưu.',
    remove: 'Gỡ camera này',
    removeTitle: (label: string) => `Gỡ camera ${label}?`,
    removePending: 'Camera chưa chia sẻ gì; chỉ bị xóa khỏi danh sách của bạn.',
    noClips: 'Không có đoạn phim nào cần xóa.',
    removeConfirm: 'Gỡ camera',
    removed: (label: string) => `Đã gỡ camera ${label}.`,
    empty: 'Bạn chưa đăng ký camera nào.',
    names: { first: 'Cổng trước', second: 'Cổng sau' },
  },
  en: {
    register: 'Register as a resident',
    registerTitle: 'Create an account',
    name: 'Full name',
    email: 'E-mail',
    password: 'Password',
    createAccount: 'Create account',
    home: 'My cameras',
    enrol: 'Enrol a camera',
    step: (n: number, title: string) => `Step ${n} of 5: ${title}`,
    street: 'Street',
    houseNumber: 'House number',
    alley: 'Alley (if any)',
    next: 'Next',
    outside: 'That place is outside',
    pinAt: 'Pin at latitude 21.',
    azimuth: 'Direction (degrees, 0 is north, 90 is east)',
    angle: 'Angle of view (degrees)',
    range: 'Range (metres)',
    coneWords: 'Looks south, angle 60 degrees, 40 metres far.',
    label: 'Camera name',
    host: "The camera's network address (IP)",
    port: 'ONVIF port',
    username: "The camera's user name",
    camPassword: "The camera's password",
    connect: 'Connect and check the camera',
    probing: 'Connecting to the camera…',
    wrongPassword: "The camera refused the user name or password. Check them in the camera's settings.",
    snapshotAlt: (label: string) => `A picture taken now by the camera ${label}`,
    looksRight: 'The picture is right, continue',
    consentGo: 'Read and consent',
    pendingSharing: 'Not consented yet: nothing recorded or shared',
    open: (label: string) => `Open camera ${label}`,
    edit: 'Edit the camera',
    save: 'Save changes',
    saved: 'Saved.',
    remove: 'Remove this camera',
    removeTitle: (label: string) => `Remove the camera ${label}?`,
    removePending: 'The camera has shared nothing; it only leaves your list.',
    noClips: 'There are no clips to delete.',
    removeConfirm: 'Remove the camera',
    removed: (label: string) => `Camera ${label} removed.`,
    empty: 'You have not enrolled a camera yet.',
    names: { first: 'Front gate', second: 'Back gate' },
  },
};
const STEP_TITLES = {
  vi: ['Địa chỉ', 'Vị trí và hướng nhìn', 'Kết nối camera', 'Xem ảnh', 'Đồng ý chia sẻ'],
  en: ['Address', 'Position and direction', 'Connect the camera', 'See the picture', 'Consent'],
};

type Language = keyof typeof WORDS;
const RUNS: [string, Viewport, Language, number][] = [
  ['phone, Vietnamese', { ...PHONE, name: `enrolment-vi-${PHONE.name}` }, 'vi', 1],
  ['desktop, Vietnamese', { ...DESKTOP, name: `enrolment-vi-${DESKTOP.name}` }, 'vi', 2],
  ['desktop, English', { ...DESKTOP, name: `enrolment-en-${DESKTOP.name}` }, 'en', 3],
];

describe('camera enrolment in the browser', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let base: string;

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: RUNS.length, basePort: 0, rtspPort: 0, controlPort: null, video: false, password: SIM_PASSWORD });
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: 'Phường Him Lam' });
    const admin = await h.user('admin');
    const auth = { Authorization: `Bearer ${admin.token}` };
    const [ward] = (await h.http().post('/wards/import').set(auth).send(wardImportBody(seed)).expect(201)).body as { id: string }[];
    await h.http().post(`/wards/${ward.id}/streets/import`).set(auth).send(streetImportBody(seed)).expect(201);
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await h.close();
    await sim.stop();
  });

  it.each(RUNS)('%s: enrols a camera, sees its picture, reaches consent, renames and removes it', async (_name, viewport, language, n) => {
    const w = WORDS[language];
    const { browser, page, problems, checked, check, field } = await openJourney(viewport);
    const heading = (name: string | RegExp, level = 1) => page.getByRole('heading', { level, name }).waitFor();
    const main = page.getByRole('main');
    const stepHeading = (i: number) => heading(w.step(i, STEP_TITLES[language][i - 1]), 2);

    try {
      await page.goto(`${base}/register`);
      if (language === 'en') await page.getByLabel('Ngôn ngữ').selectOption('en');
      await heading(w.registerTitle);
      await field(w.name).fill(`Người thử ${n}`);
      await field(w.email).fill(`enrol-${n}.${h.db.name}@test.wardwatch`);
      await field(w.password).fill('mật khẩu đầu tiên 1');
      await page.getByRole('button', { name: w.createAccount }).click();
      await heading(w.home);
      await check('home-empty');

      // Step 1, the address: the street typed without diacritics finds the ward's own spelling.
      await main.getByRole('link', { name: w.enrol }).click();
      await heading(w.enrol);
      await stepHeading(1);
      await page.getByRole('textbox', { name: w.street, exact: true }).fill('hoang van thai');
      await page.getByRole('option', { name: 'Hoàng Văn Thái', exact: true }).click();
      await field(w.houseNumber).fill('12A');
      // Decomposed, as some Vietnamese keyboards send it: stored NFC.
      await field(w.alley).fill('Ngõ 35'.normalize('NFD'));
      await check('enrol-1-address');
      await page.getByRole('button', { name: w.next }).click();

      // Step 2, the pin: a tap outside the ward is refused in words; a tap inside places it.
      await stepHeading(2);
      const map = page.getByRole('region', { name: /Him Lam/ });
      await map.waitFor();
      const box = (await map.boundingBox())!;
      await map.click({ position: { x: 6, y: box.height - 6 } });
      await page.getByRole('alert').getByText(w.outside).waitFor();
      await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
      await page.getByText(w.pinAt).waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      await field(w.azimuth).fill('180');
      await field(w.angle).fill('60');
      await field(w.range).fill('40');
      await page.getByText(w.coneWords).waitFor();
      // The cone is drawn on the map (an SVG polygon in the cone's colour), besides the pin.
      expect(await map.locator('path[fill="#f97316"]').count()).toBe(1);
      await check('enrol-2-pin-and-cone');
      await page.getByRole('button', { name: w.next }).click();

      // Step 3, the camera: a wrong password first. The probe is held back a moment so its progress can be seen.
      await stepHeading(3);
      const port = String(info.cameras[n - 1].port);
      await field(w.label).fill(w.names.first);
      await field(w.host).fill('127.0.0.1');
      await field(w.port).fill(port);
      await field(w.username).fill('admin');
      await field(w.camPassword).fill('not the password');
      await page.route('**/api/v1/cameras', async (route) => {
        await new Promise((done) => setTimeout(done, 700));
        await route.continue();
      });
      await page.getByRole('button', { name: w.connect }).click();
      await page.getByRole('status').getByText(w.probing).waitFor();
      await page.getByRole('alert').getByText(w.wrongPassword).waitFor();
      await page.unroute('**/api/v1/cameras');
      await check('enrol-3-wrong-password');
      await field(w.camPassword).fill(SIM_PASSWORD);
      await page.getByRole('button', { name: w.connect }).click();

      // Step 4, the camera's own picture, really an image.
      await stepHeading(4);
      const picture = page.getByRole('img', { name: w.snapshotAlt(w.names.first) });
      await picture.waitFor();
      // Decoded, with the camera's own size (the simulator's JPEG is 320x240). A string: no DOM types in this Node program.
      const alt = JSON.stringify(w.snapshotAlt(w.names.first));
      await page.waitForFunction(`[...document.images].some((i) => i.alt === ${alt} && i.complete && i.naturalWidth > 0)`);
      const size = await page.evaluate(
        `[...document.images].filter((i) => i.alt === ${alt}).map((i) => [i.naturalWidth, i.naturalHeight])[0]`,
      );
      expect(size).toEqual([320, 240]);
      await check('enrol-4-snapshot');
      await page.getByRole('button', { name: w.looksRight }).click();

      // Step 5: the hand-over to consent. The camera is pending, with what was entered.
      await stepHeading(5);
      const consent = page.getByRole('link', { name: w.consentGo });
      const href = (await consent.getAttribute('href'))!;
      const cameraId = /^\/cameras\/([0-9a-f-]{36})\/consent$/.exec(href)![1];
      const { rows } = await h.db.owner.query(
        `SELECT c.label, c.lifecycle, c.street, c.house_number, c.alley, c.view_azimuth_deg, c.view_angle_deg, c.view_range_m,
                ST_Covers(w.boundary, c.location) AS inside
         FROM cameras c JOIN wards w ON w.id = c.ward_id WHERE c.id = $1`,
        [cameraId],
      );
      expect(rows[0]).toEqual({
        label: w.names.first,
        lifecycle: 'pending',
        street: 'Hoàng Văn Thái',
        house_number: '12A',
        alley: 'Ngõ 35'.normalize('NFC'),
        view_azimuth_deg: 180,
        view_angle_deg: 60,
        view_range_m: 40,
        inside: true,
      });
      await check('enrol-5-consent-step');
      await consent.click();
      await page.waitForURL(`${base}/cameras/${cameraId}/consent`);

      // Home: the camera in the list, its sharing in words.
      await page.goto(`${base}/`);
      await heading(w.home);
      await page.getByText('12A Ngõ 35, Hoàng Văn Thái').waitFor();
      await page.getByText(w.pendingSharing).waitFor();
      await check('home-list');

      // The camera's page: rename it.
      await page.getByRole('link', { name: w.open(w.names.first) }).click();
      await heading(w.names.first);
      await check('camera-detail');
      await page.getByRole('button', { name: w.edit }).click();
      await field(w.label).fill(w.names.second);
      await page.getByRole('button', { name: w.save }).click();
      await page.getByText(w.saved).waitFor();
      await heading(w.names.second);
      expect((await h.db.owner.query('SELECT label FROM cameras WHERE id = $1', [cameraId])).rows[0].label).toBe(w.names.second);
      await check('camera-renamed');

      // Remove it: first what happens, then the removal.
      await page.getByRole('button', { name: w.remove }).click();
      const dialog = page.getByRole('dialog', { name: w.removeTitle(w.names.second) });
      await dialog.getByText(w.removePending).waitFor();
      await dialog.getByText(w.noClips).waitFor();
      // The dialog fades in: check it once its transitions have ended, as a person sees it.
      await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished))');
      await check('camera-remove-confirm');
      await dialog.getByRole('button', { name: w.removeConfirm, exact: true }).click();
      await heading(w.home);
      await page.getByText(w.removed(w.names.second)).waitFor();
      await page.getByText(w.empty).waitFor();
      expect((await h.db.owner.query('SELECT removed_at IS NOT NULL AS removed FROM cameras WHERE id = $1', [cameraId])).rows[0]).toEqual({
        removed: true,
      });
      await check('camera-removed');

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

export type { Page };
