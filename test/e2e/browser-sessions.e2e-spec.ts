import { startApi, type ApiHarness } from '../support/api-harness';

/** The cookies a response sets, by name: value and attributes (lower-cased). */
function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, { value: string; attributes: string[] }> {
  const header = res.headers['set-cookie'];
  const lines = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  return Object.fromEntries(
    lines.map((line) => {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), { value: decodeURIComponent(pair.slice(eq + 1)), attributes: attributes.map((a) => a.toLowerCase()) }];
    }),
  );
}

const SESSION = '__Host-wardwatch_session';
const CSRF = '__Host-wardwatch_csrf';

/** An error answer: RFC 9457 problem details with the catalogue's code. */
interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; detail: string }[];
}

describe('browser sessions: cookies, CSRF, sign-out and password change', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h.close());

  async function registerAndSignIn(name: string) {
    const email = `${name}.${h.db.name}@test.wardwatch`;
    const password = `pw-${name}-0123456789`;
    await h.http().post('/auth/register').send({ email, password, displayName: name }).expect(201);
    const res = await h.http().post('/auth/session').send({ email, password }).expect(200);
    const cookies = cookiesOf(res);
    const body = res.body as { csrfToken: string; user: { email: string; role: string } };
    return { email, password, res, body, cookies, cookie: `${SESSION}=${cookies[SESSION].value}; ${CSRF}=${cookies[CSRF].value}` };
  }

  it('sign-in sets a Secure HttpOnly SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const { res, body, cookies } = await registerAndSignIn('flags');
    expect(body.user.role).toBe('resident');
    expect(res.headers['cache-control']).toBe('no-store');
    const session = cookies[SESSION];
    expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict', 'path=/']));
    expect(session.attributes.some((a) => a.startsWith('domain='))).toBe(false);
    expect(session.attributes.some((a) => a.startsWith('expires='))).toBe(true);
    const csrf = cookies[CSRF];
    expect(csrf.value).toBe(body.csrfToken);
    expect(csrf.attributes).toEqual(expect.arrayContaining(['secure', 'samesite=strict', 'path=/']));
    expect(csrf.attributes).not.toContain('httponly');
    // The token itself is never stored, only its hash.
    const { rows } = await h.db.owner.query<{ token_hash: string }>('SELECT token_hash FROM user_sessions');
    expect(rows.map((r) => r.token_hash)).not.toContain(session.value);
  });

  it('the cookie authenticates reads; unsafe requests need the CSRF token, else 403 with a problem body', async () => {
    const { cookie, body, email } = await registerAndSignIn('csrf');
    expect((await h.http().get('/auth/me').set('Cookie', cookie).expect(200)).body).toMatchObject({ email });

    // What a cross-site form or script could make the browser send: the cookies, no token.
    const forged = await h
      .http()
      .post('/cameras')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .send({ label: 'not mine' })
      .expect(403);
    expect(forged.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(forged.body as Problem).toMatchObject({
      status: 403,
      code: 'auth.csrf_token_invalid',
      detail: expect.stringMatching(/CSRF token/),
    });
    expect(
      (await h.http().post('/auth/password').set('Cookie', cookie).set('X-CSRF-Token', 'wrong').send({}).expect(403)).body,
    ).toMatchObject({ code: 'auth.csrf_token_invalid' });
    // The browser's own marker of a cross-site request is refused even on public routes (login CSRF).
    const crossSite = await h
      .http()
      .post('/auth/session')
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ email, password: 'whatever-0123456789' })
      .expect(403);
    expect(crossSite.body).toMatchObject({ code: 'auth.cross_site_request' });

    // With the token the request reaches validation (400 for the empty body), so the check let it through.
    const invalid = await h.http().post('/auth/password').set('Cookie', cookie).set('X-CSRF-Token', body.csrfToken).send({}).expect(400);
    expect((invalid.body as Problem).code).toBe('validation.failed');
    expect((invalid.body as Problem).errors?.map((e) => e.field).sort()).toEqual(['currentPassword', 'newPassword']);
  });

  it('bearer tokens need no CSRF token, and a password change ends them at once', async () => {
    const resident = await h.user('resident');
    await h.http().get('/cameras').set('Authorization', `Bearer ${resident.token}`).expect(200);
    await h
      .http()
      .post('/auth/password')
      .set('Authorization', `Bearer ${resident.token}`)
      .send({ currentPassword: resident.password, newPassword: `${resident.password}-new` })
      .expect(204);
    // The change ends the tokens issued before it, the one that made it too: it does not live out its 15 minutes.
    const stale = await h.http().get('/cameras').set('Authorization', `Bearer ${resident.token}`).expect(401);
    expect(stale.body as Problem).toMatchObject({ code: 'auth.invalid_token', detail: expect.stringMatching(/password was changed/) });
    const fresh = await h
      .http()
      .post('/auth/login')
      .send({ email: resident.email, password: `${resident.password}-new` })
      .expect(200);
    await h
      .http()
      .get('/cameras')
      .set('Authorization', `Bearer ${(fresh.body as { accessToken: string }).accessToken}`)
      .expect(200);
  });

  it('sign-out ends the session on the server and clears both cookies', async () => {
    const { cookie, body } = await registerAndSignIn('signout');
    await h.http().delete('/auth/session').set('Cookie', cookie).expect(403);
    const out = await h.http().delete('/auth/session').set('Cookie', cookie).set('X-CSRF-Token', body.csrfToken).expect(204);
    const cleared = cookiesOf(out);
    for (const name of [SESSION, CSRF]) {
      expect(cleared[name].value).toBe('');
      expect(cleared[name].attributes.find((a) => a.startsWith('expires='))).toMatch(/1970/);
    }
    // A copy of the old cookie no longer works.
    const after = await h.http().get('/auth/me').set('Cookie', cookie).expect(401);
    expect(after.body as Problem).toMatchObject({ code: 'auth.session_invalid', detail: expect.stringMatching(/signed out/) });
    const { rows } = await h.db.owner.query(`SELECT 1 FROM audit_entries WHERE action = 'auth.logout'`);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('changing the password asks for the current one and ends the other sessions, not this one', async () => {
    const first = await registerAndSignIn('password');
    const second = await h.http().post('/auth/session').send({ email: first.email, password: first.password }).expect(200);
    const secondCookie = `${SESSION}=${cookiesOf(second)[SESSION].value}`;

    const change = (currentPassword: string, newPassword: string) =>
      h
        .http()
        .post('/auth/password')
        .set('Cookie', first.cookie)
        .set('X-CSRF-Token', first.body.csrfToken)
        .send({ currentPassword, newPassword });
    const wrong = await change('not-the-password', 'a-new-password-0123').expect(403);
    expect(wrong.body as Problem).toMatchObject({ code: 'auth.wrong_password', detail: expect.stringMatching(/current password/) });
    expect(((await change(first.password, 'short').expect(400)).body as Problem).errors).toEqual([
      { field: 'newPassword', detail: expect.stringMatching(/10 to 256/) },
    ]);
    expect(((await change(first.password, first.password).expect(400)).body as Problem).code).toBe('auth.password_unchanged');
    await change(first.password, 'a-new-password-0123').expect(204);

    await h.http().get('/auth/me').set('Cookie', first.cookie).expect(200);
    await h.http().get('/auth/me').set('Cookie', secondCookie).expect(401);
    await h.http().post('/auth/session').send({ email: first.email, password: first.password }).expect(401);
    await h.http().post('/auth/session').send({ email: first.email, password: 'a-new-password-0123' }).expect(200);
    const { rows } = await h.db.owner.query<{ details: { endedSessions: number } }>(
      `SELECT details FROM audit_entries WHERE action = 'account.password_changed' AND subject_id = (SELECT id::text FROM users WHERE email = $1)`,
      [first.email],
    );
    expect(rows).toEqual([{ details: { endedSessions: 1 } }]);
  });

  it('a wrong password signs nobody in and sets no cookie', async () => {
    const res = await h.http().post('/auth/session').send({ email: 'nobody@test.wardwatch', password: 'wrong-password-0' }).expect(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('registration stores names in Unicode NFC', async () => {
    const decomposed = 'Nguyễn Thị Lan'.normalize('NFD');
    const res = await h
      .http()
      .post('/auth/register')
      .send({ email: `nfc.${h.db.name}@test.wardwatch`, password: 'pw-nfc-0123456789', displayName: ` ${decomposed} ` })
      .expect(201);
    expect((res.body as { displayName: string }).displayName).toBe('Nguyễn Thị Lan'.normalize('NFC'));
  });

  it('GET /settings tells the web app the ward’s name, time zone, whether there is a basemap and the request limits, without signing in', async () => {
    const res = await h.http().get('/settings').expect(200);
    expect(res.body).toEqual({
      wardName: h.config.WARD_NAME,
      timeZone: 'Asia/Ho_Chi_Minh',
      map: { basemap: false },
      footageRequestLimits: {
        maxAreaKm2: 0.5,
        maxWindowHours: 12,
        justificationMinChars: 30,
        justificationMaxChars: 2000,
        absoluteMaxWindowHours: 744,
        maxCameras: 200,
        maxPolygonVertices: 200,
      },
    });
  });
});
