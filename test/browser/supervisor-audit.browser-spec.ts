import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS } from '../support/fixtures';
import { DESKTOP, openJourney, type Viewport } from './browser';

/**
 * A supervisor audits in the browser. Seeded over the API (the camera and its stored clip straight
 * into the database, as capture would leave them): an officer's investigation, a request approved by
 * a supervisor and the owner, a download link the officer issued, and the officer's street search.
 * The supervisor asks who downloaded the clip (the officer's name appears), which searches returned
 * the camera and who searched the street, verifies the chain and watches the progress reach
 * "intact", and exports the CSV (a UTF-8 BOM, then the officer's Vietnamese name). In Vietnamese, on
 * a desktop; axe-core on every screen; screenshots in test-results/browser/supervisor-audit-*.
 */
jest.setTimeout(240_000);

const VIEWPORT: Viewport = { ...DESKTOP, name: `supervisor-audit-${DESKTOP.name}` };
const OFFICER_NAME = 'Trần Văn Ân';
const CAMERA_LABEL = 'Cổng nhà 12';
const STREET = 'Hoàng Văn Thái';

describe('a supervisor audits the log in the browser', () => {
  let h: ApiHarness;
  let base: string;
  let admin: TestUser;
  let officer: TestUser;
  let supervisor: TestUser;
  let approver: TestUser;
  let resident: TestUser;
  let cameraId: string;
  let clipId: string;

  const as = (user: TestUser) => ({
    post: (path: string, body: object) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
  });

  beforeAll(async () => {
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: 'Phường Him Lam' });
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
    admin = await h.user('admin');
    officer = await h.user('officer', 'OfficerAn');
    supervisor = await h.user('supervisor', 'SupervisorTran');
    approver = await h.user('supervisor', 'SupervisorLe');
    resident = await h.user('resident', 'resident-lan');
    await h.db.owner.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [officer.id, OFFICER_NAME]);
    const wards = (await as(admin).post('/wards/import', DEMO_WARDS).expect(201)).body as { id: string; code: string }[];
    const wardId = wards.find((w) => w.code === 'demo-an-binh')!.id;
    await as(admin)
      .post(`/wards/${wardId}/streets/import`, { names: [STREET, 'Võ Nguyên Giáp'] })
      .expect(201);

    // The resident's camera with consent, and a clip capture stored an hour ago.
    const { rows } = await h.db.owner.query<{ id: string }>(
      `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path,
         credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, health, last_probed_at)
       VALUES ($1, $2, $3, $4, '12', 10.79, 106.69, '10.88.0.9', 3001, '/onvif/device_service', 'sealed', '{}', 'Profile_1',
         'rtsp://10.88.0.9/stream', 'H264', 320, 240, 0, 'active', 'online', now()) RETURNING id`,
      [resident.id, CAMERA_LABEL, wardId, STREET],
    );
    cameraId = rows[0].id;
    await h.db.owner.query(
      `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
       VALUES ($1, 1, 'given', '{event_metadata,clips,police_search}', 7, 'ask', '2026-11', 'vi', 'api', $2, now())`,
      [cameraId, resident.id],
    );
    const event = await h.db.owner.query<{ id: string }>(
      `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, clock_offset_ms, dedupe_key)
       VALUES ($1, 'motion', 'tns1:RuleEngine/CellMotionDetector/Motion', 'Rule=R', now() - interval '1 hour', now() - interval '59 minutes',
         now() - interval '1 hour', 0, 'audit-journey-event') RETURNING id`,
      [cameraId],
    );
    const clip = await h.db.owner.query<{ id: string }>(
      `INSERT INTO clips (camera_id, motion_event_id, status, requested_from, requested_to, started_at, ended_at, object_key, thumbnail_key,
         size_bytes, sha256, thumbnail_sha256, retain_until)
       VALUES ($1, $2, 'stored', now() - interval '61 minutes', now() - interval '58 minutes', now() - interval '61 minutes', now() - interval '58 minutes',
         'clips/audit-journey.mp4', 'thumbs/audit-journey.jpg', 1024, repeat('a', 64), repeat('b', 64), now() + interval '7 days') RETURNING id`,
      [cameraId, event.rows[0].id],
    );
    clipId = clip.rows[0].id;

    // The officer's case: a request approved by a supervisor and the owner, then a download link.
    const investigationId = (
      (
        await as(officer)
          .post('/investigations', { caseNumber: 'HL-2026-00555', title: 'Trộm xe', summary: 'Xe máy bị lấy trước nhà 12' })
          .expect(201)
      ).body as { id: string }
    ).id;
    const now = Date.now();
    const request = (
      await as(officer)
        .post(`/investigations/${investigationId}/footage-requests`, {
          cameraIds: [cameraId],
          from: new Date(now - 2 * 3_600_000).toISOString(),
          to: new Date(now - 30 * 60_000).toISOString(),
          reason: 'Nghi phạm dắt xe qua cổng nhà 12',
          legalBasis: 'Bộ luật Tố tụng hình sự 2015, điều 88',
        })
        .expect(201)
    ).body as { id: string };
    await as(approver).post(`/footage-requests/${request.id}/supervisor-decision`, { decision: 'approve' }).expect(200);
    await as(resident).post(`/owner/footage-requests/${request.id}/cameras/${cameraId}/decision`, { decision: 'approve' }).expect(200);
    await as(officer).post(`/clips/${clipId}/links`, { investigationId, kind: 'download', asset: 'clip' }).expect(201);
    // The officer's street search, for the case: it returns the camera.
    await as(officer)
      .get(
        `/search/cameras?street=${encodeURIComponent('hoang van thai')}&wardId=${wardId}&from=${encodeURIComponent(new Date(now - 2 * 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(now).toISOString())}`,
      )
      .expect(200);
  });
  afterAll(() => h?.close());

  it('finds who downloaded a clip, which searches returned a camera and who searched a street, verifies the chain and exports CSV', async () => {
    const { browser, page, problems, checked, check, shot, field } = await openJourney(VIEWPORT);
    const summary = page.getByTestId('audit-summary');
    const rows = page.getByRole('row');
    try {
      await page.goto(`${base}/sign-in`);
      await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor({ timeout: 15_000 });
      await field('Email').fill(supervisor.email);
      await field('Mật khẩu').fill(supervisor.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhật ký truy cập' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nhật ký truy cập' }).waitFor({ timeout: 15_000 });
      await summary.getByText('Mọi mục của nhật ký, mới nhất trước.').waitFor();
      await check('audit-all');

      // Who viewed or downloaded this clip: the clip's id, one click.
      await field('Mã đoạn video').first().fill(clipId);
      await page.getByRole('button', { name: 'Xem' }).first().click();
      await summary.getByText(/^Ai đã xem hoặc tải đoạn video/).waitFor();
      const download = rows.filter({ hasText: 'Cấp liên kết để xem hoặc tải' });
      await download.first().waitFor();
      expect(await download.count()).toBe(1);
      await download.getByText(`${OFFICER_NAME} (cán bộ công an)`).waitFor();
      await download.getByText('để tải về').waitFor();
      expect(new URL(page.url()).searchParams.get('clipId')).toBe(clipId);
      await check('audit-clip');

      // A deep link from elsewhere gives the same answer.
      await page.goto(`${base}/audit?clipId=${clipId}`);
      await rows.filter({ hasText: OFFICER_NAME }).first().waitFor({ timeout: 15_000 });

      // Which searches returned this camera: picked from the ward's camera layer.
      await page.getByRole('textbox', { name: 'Camera', exact: true }).first().click();
      await page.getByRole('option', { name: new RegExp(`^${CAMERA_LABEL}`) }).click();
      await page.getByRole('button', { name: 'Xem' }).nth(1).click();
      await summary.getByText(`Các lần tìm kiếm có kết quả gồm camera ${CAMERA_LABEL} · ${STREET} 12.`).waitFor();
      const search = rows.filter({ hasText: 'Tìm kiếm camera' });
      await search.first().waitFor();
      await search.getByText(OFFICER_NAME, { exact: false }).waitFor();
      await search.getByText(`đường: hoang van thai`, { exact: false }).waitFor();
      await check('audit-returned-camera');

      // Who searched this street: picked from the ward's streets.
      await page.getByRole('textbox', { name: 'Đường', exact: true }).click();
      await page.getByRole('option', { name: STREET }).click();
      await page.getByRole('button', { name: 'Xem' }).nth(2).click();
      await summary.getByText(`Các lần tìm kiếm theo đường ${STREET}`, { exact: false }).waitFor();
      await rows.filter({ hasText: OFFICER_NAME }).filter({ hasText: 'Tìm kiếm camera' }).first().waitFor();
      await check('audit-street');

      // The CSV of what is shown (that street's searches): a UTF-8 BOM, then the officer's name intact.
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Xuất CSV' }).click()]);
      const bytes = readFileSync(await file.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      expect(text.split('\r\n')[0]).toMatch(/^seq,at,actor_id,actor_role,actor_name,action,/);
      expect(text).toContain(`,officer,${OFFICER_NAME},search.performed,`);

      // Flags of the last seven days.
      await page.getByRole('tab', { name: 'Cảnh báo' }).click();
      await page.getByRole('heading', { level: 2, name: 'Cảnh báo' }).waitFor();
      await page.getByRole('button', { name: 'Xem cảnh báo' }).waitFor();
      await page
        .getByText('Không có cảnh báo nào trong khoảng thời gian này.')
        .or(page.getByRole('article').first())
        .waitFor({ timeout: 15_000 });
      await check('audit-flags');

      // Verify the chain: the progress bar runs to "intact".
      await page.getByRole('tab', { name: 'Kiểm tra chuỗi' }).click();
      await page.getByRole('button', { name: 'Kiểm tra chuỗi' }).click();
      await page.getByRole('progressbar', { name: 'Tiến độ kiểm tra' }).waitFor();
      await page.getByText('Chuỗi nhật ký còn nguyên vẹn').waitFor({ timeout: 60_000 });
      await page.getByText(/^Đã kiểm tra (\d+) trên \1 mục \(100\s?%\)$/).waitFor();
      await check('audit-chain-intact');

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
