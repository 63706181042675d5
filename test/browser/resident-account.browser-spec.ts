import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startApi, type ApiHarness } from '../support/api-harness';
import { DESKTOP, openJourney, PHONE, type Viewport } from './browser';

/**
 * A resident's first visit, as a person does it (roles, labels and visible text, never CSS
 * classes): registers (a too-short password first, refused at its field), lands on their empty home, switches to English (and glances at the Hmong
 * outreach text), changes the password (a wrong current one first), signs out, signs in with the new password, signs out.
 * At a phone's viewport and a desktop's; axe-core checks every page visited; screenshots are kept.
 */
jest.setTimeout(180_000);

describe.each([PHONE, DESKTOP])('a resident in the browser at $name', (viewport: Viewport) => {
  let h: ApiHarness;
  let base: string;

  beforeAll(async () => {
    h = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../apps/web/dist'), WARD_NAME: 'Phường Him Lam' });
    await h.app.listen(0, '127.0.0.1');
    base = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => h.close());

  it('registers, sees the empty home, switches language, changes the password, signs out and back in', async () => {
    const { browser, page, problems, checked, check, field } = await openJourney(viewport);
    /** What a screen reader reads after the field's name: the texts its aria-describedby points to. */
    const describedBy = (locator: ReturnType<typeof field>) =>
      locator.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id: string) => (id ? (el.ownerDocument.getElementById(id)?.textContent ?? '') : ''))
          .join(' '),
      );
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
    const openMenuIfPhone = async (label: string) => {
      if (viewport.width < 768) await page.getByRole('button', { name: label }).click();
    };

    try {
      // Signed out: the home redirects to sign-in, in Vietnamese.
      await page.goto(`${base}/`);
      await heading('Đăng nhập');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
      await check('sign-in-vi');

      // Register (the name typed decomposed, as some Vietnamese keyboards send it).
      await page.getByRole('link', { name: 'Đăng ký cho người dân' }).click();
      await heading('Đăng ký tài khoản');
      await check('register-vi');
      const email = `browser-${viewport.width}.${h.db.name}@test.wardwatch`;
      await field('Họ và tên').fill('Nguyễn Thị Lan'.normalize('NFD'));
      await field('Email').fill(email);
      // Too short: the API refuses it (problem details, errors[] naming the field), shown at the field in Vietnamese.
      await field('Mật khẩu').fill('ngắn quá');
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.getByRole('alert').getByText('Vui lòng kiểm tra lại các ô đã điền.').waitFor();
      await page.getByText('Mật khẩu cần từ 10 đến 256 ký tự.').waitFor();
      expect(await field('Mật khẩu').getAttribute('aria-invalid')).toBe('true');
      expect(await field('Email').getAttribute('aria-invalid')).not.toBe('true');
      expect(await describedBy(field('Mật khẩu'))).toContain('Mật khẩu cần từ 10 đến 256 ký tự.');
      await check('register-refused-vi');
      await field('Mật khẩu').fill('mật khẩu đầu tiên 1');
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();

      // Signed in at once: the empty home.
      await heading('Camera của tôi');
      await page.getByText('Bạn chưa đăng ký camera nào.').waitFor();
      await page.getByText('Xin chào, Nguyễn Thị Lan').waitFor();
      await check('home-empty-vi');
      const { rows } = await h.db.owner.query<{ display_name: string }>('SELECT display_name FROM users WHERE email = $1', [email]);
      expect(rows[0].display_name).toBe('Nguyễn Thị Lan'.normalize('NFC'));

      // The session cookie as the browser holds it.
      const cookies = await browser.context.cookies(base);
      const session = cookies.find((c) => c.name === '__Host-wardwatch_session');
      expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
      expect(cookies.find((c) => c.name === '__Host-wardwatch_csrf')).toMatchObject({ httpOnly: false, secure: true, sameSite: 'Strict' });

      // Hmong outreach text, marked as a draft; then English, remembered across a reload.
      await page.getByLabel('Ngôn ngữ').selectOption('hmn');
      await page.getByRole('heading', { name: 'Npaj sau npe koj lub koob yees duab' }).waitFor();
      await page.getByText('tos ib tug neeg Hmoob kuaj xyuas').waitFor();
      await check('home-empty-hmn');
      await page.getByLabel('Ngôn ngữ').selectOption('en');
      await heading('My cameras');
      await page.reload();
      await heading('My cameras');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByText('You have not enrolled a camera yet.').waitFor();
      await check('home-empty-en');

      // Change the password through the navigation.
      await openMenuIfPhone('Open menu');
      await check('navigation-en');
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Change password' }).click();
      await heading('Change password');
      // A wrong current password: the API's auth.wrong_password, shown at that field.
      await field('Current password').fill('not my password at all');
      await field('New password').fill('a second password 2');
      await field('New password again').fill('a second password 2');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('alert').getByText('The current password is not correct.').waitFor();
      expect(await field('Current password').getAttribute('aria-invalid')).toBe('true');
      await field('Current password').fill('mật khẩu đầu tiên 1');
      await field('New password').fill('a second password 2');
      await field('New password again').fill('a second password 2');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed.').waitFor();
      await check('password-changed-en');

      // Sign out: back to sign-in, and the session is gone on the server too.
      await openMenuIfPhone('Open menu');
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Sign out' }).click();
      await heading('Sign in');
      expect((await browser.context.cookies(base)).map((c) => c.name)).not.toContain('__Host-wardwatch_session');
      await page.goto(`${base}/password`);
      await heading('Sign in');
      await check('signed-out-en');

      // The old password no longer works; the new one does.
      await field('E-mail').fill(email);
      await field('Password').fill('mật khẩu đầu tiên 1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').getByText('Wrong e-mail or password.').waitFor();
      await check('sign-in-refused-en');
      await field('Password').fill('a second password 2');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await heading('My cameras');
      await openMenuIfPhone('Open menu');
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Sign out' }).click();
      await heading('Sign in');

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

export type { Page };
