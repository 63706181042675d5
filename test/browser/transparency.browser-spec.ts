import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness } from '../support/api-harness';
import { seedTransparencyRun, type TransparencyRun } from '../support/seed-transparency';
import { DESKTOP, openJourney, PHONE, type Viewport } from './browser';

/**
 * A visitor without an account reads the public transparency report of a run like the demo's
 * (residents enrol cameras, an investigation's requests are approved, rejected and declined,
 * footage is released and exported, all through the API): from the sign-in page's link to the
 * report, the ward picker, the chart and the table. Every number on screen is compared with the
 * audit log's entries of its action (SQL, independent of the report's own query); a count of 1–4
 * reads "dưới 5" / "fewer than 5". Vietnamese on a phone, English on a desktop; axe on each screen;
 * screenshots in test-results/browser/transparency-*.
 */
jest.setTimeout(300_000);

const ZONE = 'Asia/Ho_Chi_Minh';
const FIGURE_ACTIONS = [
  'footage_request.filed',
  'footage_request.supervisor_approved',
  'footage_request.supervisor_rejected',
  'footage_request.owner_approved',
  'footage_request.owner_declined',
  'footage.released',
  'evidence.exported',
  'camera.enrolled',
  'consent.paused',
  'consent.withdrawn',
];

describe('a visitor reads the transparency report', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let run: TransparencyRun;
  let base: string;

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 7, basePort: 0, controlPort: null, video: false });
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: 'Phường Him Lam' });
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    run = await seedTransparencyRun(h, info.cameras);
  }, 200_000);
  afterAll(async () => {
    await h?.close();
    await sim?.stop();
  });

  /** The month now, in the ward's calendar, and its bounds. */
  const currentMonth = () => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).formatToParts(new Date());
    const year = Number(parts.find((p) => p.type === 'year')!.value);
    const month = Number(parts.find((p) => p.type === 'month')!.value);
    const start = new Date(`${year}-${String(month).padStart(2, '0')}-01T00:00:00+07:00`);
    const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    return { year, month, start, end: new Date(`${next}-01T00:00:00+07:00`) };
  };

  /** What the audit log says, for a ward and the current month: entries of the action with a camera of the ward. */
  const fromAuditLog = async (wardId: string): Promise<number[]> => {
    const { start, end } = currentMonth();
    const counts: number[] = [];
    for (const action of FIGURE_ACTIONS) {
      const { rows } = await h.db.owner.query(
        `SELECT count(*)::int AS n FROM audit_entries e
         WHERE e.action = $1 AND e.at >= $3 AND e.at < $4
           AND EXISTS (SELECT 1 FROM cameras c WHERE c.ward_id = $2 AND (c.id = e.camera_id OR COALESCE(e.details -> 'cameraIds', '[]') ? c.id::text))`,
        [action, wardId, start, end],
      );
      counts.push(rows[0].n as number);
    }
    return counts;
  };

  /** The table row of the current month, cell by cell, as the visitor reads it. */
  const visibleRow = async (page: Page, caption: string, locale: string) => {
    const { year, month } = currentMonth();
    const label = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, month - 1, 1)),
    );
    const row = page.getByRole('table', { name: caption }).getByRole('row', { name: new RegExp(`^${label}`) });
    await row.waitFor();
    return row.getByRole('cell').allInnerTexts();
  };

  const expected = (counts: number[], fewer: string) => counts.map((n) => (n > 0 && n < 5 ? fewer : String(n)));

  const journey = async (viewport: Viewport, language: 'vi' | 'en') => {
    const { browser, page, problems, checked, check } = await openJourney(viewport);
    const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
    try {
      // From the sign-in page, without an account.
      await page.goto(`${base}/sign-in`);
      await heading('Đăng nhập');
      if (language === 'en') {
        await page.getByLabel('Ngôn ngữ').selectOption('en');
        await heading('Sign in');
      }
      const texts =
        language === 'vi'
          ? {
              link: /báo cáo công khai/,
              title: 'Báo cáo công khai',
              ward: 'Phường',
              caption: (w: string) => `Số liệu theo tháng tại ${w}, tháng gần nhất ở trên`,
              fewer: 'dưới 5',
              locale: 'vi-VN',
            }
          : {
              link: /public transparency report/,
              title: 'Transparency report',
              ward: 'Ward',
              caption: (w: string) => `Figures per month in ${w}, newest month first`,
              fewer: 'fewer than 5',
              locale: 'en-GB',
            };
      await page.getByRole('link', { name: texts.link }).click();
      await heading(texts.title);
      expect(new URL(page.url()).pathname).toBe('/transparency');
      await check(`report-${language}`);

      // The first ward in the picker is An Bình; every number of its current month is the audit log's.
      const anBinh = 'Phường An Bình (demo)';
      expect(await page.getByRole('textbox', { name: texts.ward }).inputValue()).toBe(anBinh);
      const anBinhCounts = await fromAuditLog(run.wards.anBinh);
      expect(anBinhCounts).toEqual([6, 5, 1, 4, 2, 4, 1, 6, 1, 1]);
      expect(await visibleRow(page, texts.caption(anBinh), texts.locale)).toEqual(expected(anBinhCounts, texts.fewer));
      await page.getByRole('img', { name: language === 'vi' ? /Biểu đồ cột/ : /Bar chart/ }).waitFor();

      // The other ward: the request that spanned both wards counts there too.
      const hoaThuan = 'Phường Hòa Thuận (demo)';
      await page.getByRole('textbox', { name: texts.ward }).click();
      await page.getByRole('option', { name: hoaThuan }).click();
      const hoaThuanCounts = await fromAuditLog(run.wards.hoaThuan);
      expect(hoaThuanCounts).toEqual([1, 1, 0, 1, 0, 1, 0, 1, 0, 0]);
      expect(await visibleRow(page, texts.caption(hoaThuan), texts.locale)).toEqual(expected(hoaThuanCounts, texts.fewer));
      await check(`report-other-ward-${language}`);

      // The downloads carry the same figures: CSV with a BOM, suppressed cells "<5".
      const csvHref = await page.getByRole('link', { name: language === 'vi' ? /CSV/ : /CSV/ }).getAttribute('href');
      const csv = await page.request.get(`${base}${csvHref}`);
      const bytes = await csv.body();
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8')).toContain(`${hoaThuan},<5,<5,0,<5,0,<5,0,<5,0,0`);
      const jsonHref = await page.getByRole('link', { name: /JSON/ }).getAttribute('href');
      expect(
        (await (await page.request.get(`${base}${jsonHref}`)).json()).months.every(
          (r: { wardId: string }) => r.wardId === run.wards.hoaThuan,
        ),
      ).toBe(true);

      // Where the numbers come from, and why some are not shown.
      await page
        .getByRole('heading', { level: 2, name: language === 'vi' ? 'Các con số lấy từ đâu' : 'Where the numbers come from' })
        .scrollIntoViewIfNeeded();
      await page.getByText('footage_request.filed').waitFor();
      await page
        .getByRole('heading', {
          level: 3,
          name: language === 'vi' ? 'Vì sao một số con số không hiển thị' : 'Why some numbers are not shown',
        })
        .waitFor();
      await check(`explanation-${language}`);

      expect(problems).toEqual([]);
      expect(Object.entries(checked).filter(([, v]) => v.length > 0)).toEqual([]);
    } finally {
      await browser.close();
    }
  };

  it('on a phone, in Vietnamese', () => journey({ ...PHONE, name: `transparency-${PHONE.name}` }, 'vi'));
  it('on a desktop, in English', () => journey({ ...DESKTOP, name: `transparency-${DESKTOP.name}` }, 'en'));
});
