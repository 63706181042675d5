import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS, IN_AN_BINH } from '../support/fixtures';
import { seedCamera } from '../support/seed-footage';
import { DESKTOP, openJourney, PHONE, type Viewport } from './browser';

/**
 * A supervisor's day in the browser (issue 14), in Vietnamese: the approval queue; a request beyond
 * the limits opened, its area and cameras on the map, its justification read, approved; another
 * rejected with a reason (refused without one first); the decided requests found by the queue's
 * filter; one camera's release revoked with a reason; a manual hold placed on a camera picked by its
 * label and lifted again. The ward, cameras, investigations and requests are made over the API (as
 * the officers' journeys make theirs). axe-core on every screen; the queue once more at a phone's
 * size. Screenshots in test-results/browser/supervisor-approvals-*.
 */
jest.setTimeout(180_000);

const DESKTOP_VIEW: Viewport = { ...DESKTOP, name: `supervisor-approvals-${DESKTOP.name}` };
const PHONE_VIEW: Viewport = { ...PHONE, name: `supervisor-approvals-${PHONE.name}` };
const HOUR = 3_600_000;

describe('a supervisor approves, rejects, revokes and holds in the browser', () => {
  let h: ApiHarness;
  let base: string;
  let officer: TestUser;
  let supervisor: TestUser;
  let wideRequest: string;
  let narrowRequest: string;
  let gate1: string;

  const as = (user: TestUser) => ({
    post: (path: string, body: object) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
  });

  beforeAll(async () => {
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: 'Phường An Bình (demo)' });
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    const admin = await h.user('admin');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    const ward = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;
    officer = await h.user('officer', 'OfficerAn');
    supervisor = await h.user('supervisor', 'SupervisorTran');
    const resident = await h.user('resident', 'resident-lan');
    // Three enrolled, consenting cameras a few tens of metres apart (enrolment is the camera tests' job).
    const at = (dLat: number, dLon: number) => ({ latitude: IN_AN_BINH.latitude + dLat, longitude: IN_AN_BINH.longitude + dLon });
    gate1 = await seedCamera(h.db.owner, resident.id, { wardId: ward, label: 'Cổng 1', sharingMode: 'auto_release', ...at(0, 0) });
    await seedCamera(h.db.owner, resident.id, { wardId: ward, label: 'Cổng 2', sharingMode: 'auto_release', ...at(0.0004, 0.0003) });
    const gate3 = await seedCamera(h.db.owner, resident.id, { wardId: ward, label: 'Cổng 3', ...at(-0.0003, 0.0005) });

    const open = async (caseNumber: string) =>
      (await as(officer).post('/investigations', { caseNumber, title: 'Mất trộm xe máy', summary: 'Xe Honda Wave đỏ' }).expect(201)).body
        .id as string;
    const to = new Date(Date.now() - HOUR);
    // Beyond both default limits (0.5 km², 12 h): a 500 m circle over 13 hours, with its justification.
    wideRequest = (
      await as(officer)
        .post(`/investigations/${await open('HL-2026-00501')}/footage-requests`, {
          area: { ...IN_AN_BINH, radiusMetres: 500 },
          from: new Date(to.getTime() - 13 * HOUR),
          to,
          reason: 'Nghi phạm bỏ chạy qua nhiều ngả',
          legalBasis: 'Bộ luật Tố tụng hình sự 2015, điều 88',
          justification: 'Nghi phạm đi qua toàn bộ khu phố suốt đêm, cần mọi ngả đường có thể.',
        })
        .expect(201)
    ).body.id;
    narrowRequest = (
      await as(officer)
        .post(`/investigations/${await open('HL-2026-00502')}/footage-requests`, {
          cameraIds: [gate3],
          from: new Date(to.getTime() - 2 * HOUR),
          to,
          reason: 'Xe đỗ trước cổng số 3',
          legalBasis: 'Bộ luật Tố tụng hình sự 2015, điều 88',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => h?.close());

  /** The queue's filter: a segmented control (radio buttons under their visible labels). */
  const show = (page: Page, label: string) => page.getByRole('group', { name: 'Hiển thị' }).getByText(label, { exact: true }).click();

  const signIn = async (page: Page, field: (label: string) => ReturnType<Page['getByLabel']>) => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor({ timeout: 15_000 });
    await field('Email').fill(supervisor.email);
    await field('Mật khẩu').fill(supervisor.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  };

  it('decides two requests on the map, finds them among the decided, revokes one release, places and lifts a hold', async () => {
    const { browser, page, problems, checked, check, shot, field } = await openJourney(DESKTOP_VIEW);
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
    const card = (caseNumber: string) => page.getByRole('article', { name: `Yêu cầu của hồ sơ ${caseNumber}` });
    try {
      // Signed in, a supervisor lands on the queue: both requests wait, the one beyond the limits marked.
      await signIn(page, field);
      await heading('Duyệt yêu cầu');
      await card('HL-2026-00501').waitFor();
      await card('HL-2026-00502').waitFor();
      await card('HL-2026-00501')
        .getByText(/Vượt giới hạn mặc định/)
        .waitFor();
      await card('HL-2026-00501').getByText('Nghi phạm đi qua toàn bộ khu phố suốt đêm, cần mọi ngả đường có thể.').waitFor();
      await card('HL-2026-00501').getByText('13 giờ 0 phút', { exact: false }).waitFor();
      await check('queue');

      // The wide request: its justification, its area and its three cameras on the map, in words too.
      await page.getByRole('link', { name: 'Yêu cầu của hồ sơ HL-2026-00501' }).click();
      await heading('Yêu cầu của hồ sơ HL-2026-00501');
      await page.getByText('Yêu cầu này vượt giới hạn mặc định: cả diện tích và khoảng thời gian đều vượt giới hạn mặc định').waitFor();
      await page.getByTestId('justification').getByText('Nghi phạm đi qua toàn bộ khu phố suốt đêm').waitFor();
      const map = page.getByRole('region', { name: 'Bản đồ khu vực được yêu cầu và các camera' });
      for (const label of ['Cổng 1', 'Cổng 2', 'Cổng 3']) await map.getByText(`${label}: Chờ lãnh đạo duyệt`).waitFor();
      // The area and the three camera markers are drawn (SVG paths on the map).
      expect(await map.locator('path').count()).toBeGreaterThanOrEqual(4);
      await page.getByRole('link', { name: 'Hồ sơ HL-2026-00501' }).waitFor();
      await page.getByText('OfficerAn', { exact: false }).first().waitFor();
      await check('request-beyond-limits');

      await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
      await page
        .getByRole('status')
        .getByText(/Bạn đã duyệt yêu cầu này/)
        .waitFor();
      await page
        .getByTestId('supervisor-decision')
        .getByText(/Đã duyệt: SupervisorTran/)
        .waitFor();
      // Cổng 1 and 2 release at once (auto-release); Cổng 3 asks its owner.
      await map.getByText('Cổng 1: Đã chia sẻ').waitFor();
      await map.getByText('Cổng 3: Chờ chủ camera').waitFor();
      await check('request-approved');

      // Revoke Cổng 1's release only, with a reason.
      await page.getByRole('button', { name: 'Thu hồi quyền xem của Cổng 1' }).click();
      const revoke = page.getByRole('dialog', { name: 'Thu hồi quyền xem hình ảnh của Cổng 1?' });
      await revoke.getByLabel(/^Lý do thu hồi/).fill('Đã xác định được nghi phạm từ camera khác');
      await check('revoke-dialog');
      await revoke.getByRole('button', { name: 'Thu hồi quyền xem' }).click();
      await page.getByRole('status').getByText('Đã thu hồi quyền xem hình ảnh của Cổng 1.').waitFor();
      await page
        .getByRole('article', { name: 'Cổng 1' })
        .getByText(/Đã thu hồi lúc/)
        .waitFor();
      await page.getByRole('button', { name: 'Thu hồi quyền xem của Cổng 2' }).waitFor();
      await check('release-revoked');
      const after = (await as(supervisor).get(`/footage-requests/${wideRequest}`).expect(200)).body as {
        cameras: { cameraId: string; release: { live: boolean; revokedAt: string | null } | null }[];
      };
      expect(after.cameras.filter((c) => c.release?.live).length).toBe(1);
      expect(after.cameras.find((c) => c.cameraId === gate1)?.release).toMatchObject({ live: false, revokedAt: expect.any(String) });

      // The narrow request: rejected, with a reason (refused without one first).
      await page.getByRole('link', { name: 'Về danh sách duyệt' }).click();
      await heading('Duyệt yêu cầu');
      await page.getByRole('link', { name: 'Yêu cầu của hồ sơ HL-2026-00502' }).click();
      await heading('Yêu cầu của hồ sơ HL-2026-00502');
      await page.getByRole('button', { name: 'Không duyệt', exact: true }).click();
      const reject = page.getByRole('dialog', { name: 'Không duyệt yêu cầu này?' });
      await reject.getByRole('button', { name: 'Không duyệt yêu cầu' }).click();
      await reject.getByText('Hãy viết ít nhất 10 ký tự (hiện có 0).').waitFor();
      await check('reject-dialog-refused');
      await reject.getByLabel(/^Lý do không duyệt/).fill('Chưa nêu rõ vì sao cần camera này');
      await reject.getByRole('button', { name: 'Không duyệt yêu cầu' }).click();
      await page
        .getByRole('status')
        .getByText(/Bạn đã không duyệt yêu cầu này/)
        .waitFor();
      await page.getByTestId('supervisor-decision').getByText('Ghi chú: Chưa nêu rõ vì sao cần camera này').waitFor();
      await check('request-rejected');

      // The decided ones, by the queue's filter.
      await page.getByRole('link', { name: 'Về danh sách duyệt' }).click();
      await heading('Duyệt yêu cầu');
      await page.getByText('Không có yêu cầu nào chờ lãnh đạo duyệt.').waitFor();
      await show(page, 'Đã duyệt');
      await card('HL-2026-00501').waitFor();
      expect(await card('HL-2026-00502').count()).toBe(0);
      await show(page, 'Không duyệt');
      await card('HL-2026-00502').waitFor();
      expect(await card('HL-2026-00501').count()).toBe(0);
      await show(page, 'Tất cả');
      await card('HL-2026-00501').waitFor();
      await card('HL-2026-00502').waitFor();
      await check('queue-all');
      expect(narrowRequest).toBeDefined();

      // Legal holds: Cổng 2's release hold is in force (not liftable by hand); place a manual one on Cổng 3.
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Lệnh lưu giữ' }).click();
      await heading('Lệnh lưu giữ');
      await page.getByRole('article', { name: 'Cổng 2' }).getByText('Tự kết thúc khi việc chia sẻ hoặc yêu cầu kết thúc.').waitFor();
      await check('holds');
      await page.getByRole('button', { name: 'Đặt lệnh lưu giữ thủ công' }).click();
      const place = page.getByRole('dialog', { name: 'Đặt lệnh lưu giữ thủ công' });
      await place.getByRole('textbox', { name: 'Camera' }).fill('cổng 3');
      await place.getByRole('option', { name: /Cổng 3/ }).click();
      await place.getByLabel(/^Lý do/).fill('Viện kiểm sát đề nghị giữ lại hình ảnh đêm qua');
      await check('hold-form');
      await place.getByRole('button', { name: 'Đặt lệnh lưu giữ' }).click();
      await page.getByRole('status').getByText('Đã đặt lệnh lưu giữ cho Cổng 3.').waitFor();
      const manual = page.getByRole('article', { name: 'Cổng 3' }).filter({ hasText: 'Viện kiểm sát đề nghị giữ lại hình ảnh đêm qua' });
      await manual.getByText('Thủ công').waitFor();
      await manual.getByText(/Do SupervisorTran.* đặt lúc/).waitFor();
      await check('hold-placed');

      // Lift it again, with a reason; it leaves the list of holds in force and shows among the lifted.
      await manual.getByRole('button', { name: 'Gỡ lệnh lưu giữ của Cổng 3' }).click();
      const lift = page.getByRole('dialog', { name: 'Gỡ lệnh lưu giữ của Cổng 3?' });
      await lift.getByLabel(/^Lý do gỡ/).fill('Viện kiểm sát đã rút đề nghị');
      await lift.getByRole('button', { name: 'Gỡ lệnh lưu giữ' }).click();
      await page.getByRole('status').getByText('Đã gỡ lệnh lưu giữ của Cổng 3.').waitFor();
      await manual.waitFor({ state: 'detached' });
      await page.getByLabel('Gồm cả lệnh đã gỡ').check();
      await manual.getByText('Lý do gỡ: Viện kiểm sát đã rút đề nghị').waitFor();
      await check('hold-lifted');
      const holds = await h.db.owner.query(
        `SELECT action, actor_id FROM audit_entries WHERE action IN ('hold.placed', 'hold.lifted') AND details->>'kind' = 'manual' ORDER BY seq`,
      );
      expect(holds.rows).toEqual([
        { action: 'hold.placed', actor_id: supervisor.id },
        { action: 'hold.lifted', actor_id: supervisor.id },
      ]);

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
      expect(problems).toEqual([]);
    } catch (error) {
      await shot('failure').catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
    }
  });

  it('reads the queue at a phone’s size', async () => {
    const { browser, page, problems, checked, check, shot, field } = await openJourney(PHONE_VIEW);
    try {
      await signIn(page, field);
      await page.getByRole('heading', { level: 1, name: 'Duyệt yêu cầu' }).waitFor({ timeout: 15_000 });
      await page.getByText('Không có yêu cầu nào chờ lãnh đạo duyệt.').waitFor();
      await check('queue-phone');
      await show(page, 'Tất cả');
      await page
        .getByRole('article', { name: 'Yêu cầu của hồ sơ HL-2026-00501' })
        .getByText(/Vượt giới hạn mặc định/)
        .waitFor();
      await check('queue-phone-all');
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
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
