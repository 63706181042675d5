import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { CameraLeases } from '@wardwatch/holdings';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS } from '../support/fixtures';
import { osmLikeExport } from '../support/osm-export';
import { seedCamera } from '../support/seed-footage';
import { DESKTOP, openJourney, type Viewport } from './browser';

/**
 * The administrators' console in the browser (Vietnamese, the default; a desktop): an admin imports
 * a ward's streets from an OpenStreetMap-like GeoJSON file larger than the API's general body limit
 * and sees them in the ward's list and on its map; disables an account, which then cannot sign in;
 * proposes a role change, is refused when confirming it herself, and a second admin confirms it;
 * reads the camera roster with one camera held by a worker and one marked not covered; and sees the
 * camera networks with what they cover. axe-core on every screen; screenshots in
 * test-results/browser/admin-console-*.
 */
jest.setTimeout(300_000);

const VIEWPORT: Viewport = { ...DESKTOP, name: `admin-console-${DESKTOP.name}` };

describe('the administrators’ console in the browser', () => {
  let h: ApiHarness;
  let base: string;
  let admin: TestUser;
  let secondAdmin: TestUser;
  let target: TestUser;
  let promoted: TestUser;
  let wardId: string;

  beforeAll(async () => {
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: 'Phường Him Lam' });
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    admin = await h.user('admin', 'AdminMai');
    secondAdmin = await h.user('admin', 'AdminHung');
    target = await h.user('officer', 'OfficerDisabled');
    promoted = await h.user('officer', 'OfficerPromoted');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    wardId = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;
  });
  afterAll(() => h?.close());

  const signIn = async (page: Page, field: (label: string) => ReturnType<Page['getByLabel']>, who: TestUser) => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor({ timeout: 15_000 });
    await field('Email').fill(who.email);
    await field('Mật khẩu').fill(who.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor({ state: 'attached' });
  };
  /** A Mantine Select by its label (an input with a listbox), then the option. */
  const choose = async (page: Page, label: string, option: string | RegExp) => {
    await page
      .getByRole('combobox', { name: label })
      .or(page.getByRole('textbox', { name: label }))
      .first()
      .click();
    await page.getByRole('option', { name: option }).click();
  };
  const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });

  it('imports streets, disables an account, has a role change confirmed by a second admin, and reads the camera roster', async () => {
    // Two cameras of one resident in the ward: one a worker holds, one nobody holds.
    const resident = await h.user('resident', 'ResidentLan');
    const held = await seedCamera(h.db.owner, resident.id, { wardId, label: 'Cổng chợ' });
    await seedCamera(h.db.owner, resident.id, { wardId, label: 'Ngõ 12' });
    expect(await h.app.get(CameraLeases).acquire(held, 'worker-a', 300_000)).toEqual(expect.any(Number));

    // The file: larger than the general limit (100 kb), generated here.
    const file = Buffer.from(JSON.stringify(osmLikeExport(50, 3, [106.681, 10.781]), null, 2));
    expect(file.length).toBeGreaterThan(100 * 1024);

    const { browser, page, problems, checked, check, field } = await openJourney(VIEWPORT);
    try {
      await signIn(page, field, admin);
      await heading(page, 'Tài khoản');

      // Wards and streets: choose the file, see its feature count, import, see the result and the streets.
      await page.goto(`${base}/admin/places`);
      await heading(page, 'Phường và đường phố');
      await page.getByRole('heading', { level: 2, name: /^Bản đồ / }).waitFor();
      await check('places');
      await choose(page, 'Phường', /An Bình/);
      await page
        .getByRole('heading', { level: 2, name: /An Bình/ })
        .first()
        .waitFor();
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: /Tệp đường phố \(GeoJSON\)/ }).click();
      await (await chooser).setFiles({ name: 'an-binh-osm.geojson', mimeType: 'application/geo+json', buffer: file });
      await page.getByText('an-binh-osm.geojson: 153 đối tượng, sẵn sàng gửi.').waitFor();
      await page.getByRole('button', { name: 'Nhập đường phố' }).click();
      const result = page.getByRole('table', { name: 'Kết quả nhập' });
      await result.waitFor();
      expect(await result.getByRole('row', { name: /Đường phố mới/ }).textContent()).toContain('50');
      expect(await result.getByRole('row', { name: /Đối tượng bị bỏ qua/ }).textContent()).toContain('3');
      await result.getByRole('row', { name: /không có tên/ }).waitFor();
      const streets = page.getByRole('list', { name: 'Đường phố' });
      await streets.getByText('Phố Thử Nghiệm 37', { exact: true }).waitFor();
      await page.getByText('50 đường phố.').waitFor();
      // On the map: the ward's streets are drawn as lines (Leaflet SVG paths in the map region).
      await page.getByLabel(/^Bản đồ .* với ranh giới và đường phố$/).waitFor();
      await check('places-imported');

      // Accounts: disable one, with a confirmation.
      await page.goto(`${base}/admin/users`);
      await heading(page, 'Tài khoản');
      await field('Tìm theo tên hoặc thư điện tử').fill('OfficerDisabled');
      await page.getByRole('button', { name: 'Khóa OfficerDisabled' }).click();
      const dialog = page.getByRole('dialog', { name: 'Khóa tài khoản của OfficerDisabled?' });
      await dialog.waitFor();
      await check('users-disable-confirm');
      await dialog.getByRole('button', { name: 'Khóa', exact: true }).click();
      await page.getByRole('button', { name: 'Mở lại OfficerDisabled' }).waitFor();
      await page.getByRole('cell', { name: 'Đã khóa' }).waitFor();
      const refused = await h.http().post('/auth/login').send({ email: target.email, password: target.password });
      expect(refused.status).toBe(401);

      // A role change: proposed, refused to its proposer, confirmed by a second admin.
      await field('Tìm theo tên hoặc thư điện tử').fill('OfficerPromoted');
      await page.getByRole('button', { name: 'Đổi vai trò của OfficerPromoted' }).click();
      const roleDialog = page.getByRole('dialog', { name: 'Đổi vai trò của OfficerPromoted' });
      await roleDialog.waitFor();
      await choose(page, 'Vai trò mới', 'Cán bộ giám sát');
      await check('users-propose-role');
      await roleDialog.getByRole('button', { name: 'Đề xuất vai trò' }).click();
      await page.getByText('Cán bộ giám sát: chờ quản trị viên thứ hai').waitFor();
      await page.getByRole('button', { name: 'Xác nhận vai trò mới của OfficerPromoted' }).click();
      await page
        .getByRole('alert')
        .getByText(/nguyên tắc phân tách nhiệm vụ cần một quản trị viên thứ hai/)
        .waitFor();
      await check('users-role-waiting');

      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('button', { name: 'Đăng xuất' }).click();
      await heading(page, 'Đăng nhập');
      await signIn(page, field, secondAdmin);
      await heading(page, 'Tài khoản');
      await field('Tìm theo tên hoặc thư điện tử').fill('OfficerPromoted');
      await page.getByRole('button', { name: 'Xác nhận vai trò mới của OfficerPromoted' }).click();
      await page.getByRole('cell', { name: 'Cán bộ giám sát', exact: true }).waitFor();
      await page.getByText('Cán bộ giám sát: chờ quản trị viên thứ hai').waitFor({ state: 'detached' });
      await check('users-role-confirmed');
      const user = await h.http().get(`/users/${promoted.id}`).set('Authorization', `Bearer ${admin.token}`).expect(200);
      expect(user.body).toMatchObject({ role: 'supervisor', pendingRole: null, roleConfirmedBy: secondAdmin.id });

      // The camera roster: one held by a worker, one not covered.
      await page.goto(`${base}/admin/cameras`);
      await heading(page, 'Camera của phường');
      await choose(page, 'Phường', /An Bình/);
      const table = page.getByRole('table', { name: 'Camera của phường' });
      const heldRow = table.getByRole('row', { name: /Cổng chợ/ });
      const freeRow = table.getByRole('row', { name: /Ngõ 12/ });
      await heldRow.getByText('Do worker-a theo dõi').waitFor();
      await freeRow.getByText('Không được tiến trình nào theo dõi').waitFor();
      await check('roster');
      await choose(page, 'Theo dõi', 'Không được tiến trình nào theo dõi');
      await table.getByRole('row', { name: /Cổng chợ/ }).waitFor({ state: 'detached' });
      await freeRow.waitFor();
      await check('roster-not-covered');

      // Camera networks: what each covers, and the cameras outside all of them.
      await page.goto(`${base}/admin/networks`);
      await heading(page, 'Mạng camera');
      await field('Dải địa chỉ (CIDR)').fill('10.89.0.0/33');
      await field('Nhãn').fill('Lớp phủ WireGuard');
      await page.getByRole('button', { name: 'Cho phép mạng' }).click();
      await page.getByText(/Hãy viết một dải như 10\.88\.0\.0\/16/).waitFor();
      await field('Dải địa chỉ (CIDR)').fill('10.89.0.0/16');
      await page.getByRole('button', { name: 'Cho phép mạng' }).click();
      const network = page.getByRole('article', { name: 'Lớp phủ WireGuard' });
      await network.getByText('Bao gồm 0 camera đã đăng ký').waitFor();
      // The range from the configuration (CAMERA_NETWORKS) is listed too; the seeded cameras are on loopback.
      await page.getByRole('article', { name: 'from CAMERA_NETWORKS' }).waitFor();
      await check('networks');

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
