import { JwtService } from '@nestjs/jwt';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';

/** Counts that must not move when a request is refused. */
async function snapshot(h: ApiHarness) {
  const { rows } = await h.db.owner.query<{ users: number; audit: number }>(
    `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM audit_entries) AS audit`,
  );
  return rows[0];
}

describe('bad input gets a clear 4xx and changes nothing', () => {
  let h: ApiHarness;
  let admin: TestUser;

  beforeAll(async () => {
    h = await startApi({ HTTP_BODY_LIMIT: '2kb' });
    admin = await h.user('admin');
  });
  afterAll(() => h.close());

  const staff = (extra: object = {}) => ({
    email: 'new.officer@test.wardwatch',
    password: 'a-long-password-1',
    displayName: 'Officer',
    role: 'officer',
    ...extra,
  });

  it('malformed JSON -> 400 saying so', async () => {
    const before = await snapshot(h);
    const res = await h
      .http()
      .post('/users')
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Content-Type', 'application/json')
      .send('{"email": "x@y.z", "password": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, code: 'request.invalid_json' });
    expect(res.body.detail).toMatch(/not valid JSON/);
    expect(await snapshot(h)).toEqual(before);
  });

  it('unknown fields -> 400 naming them', async () => {
    const before = await snapshot(h);
    const res = await h
      .http()
      .post('/users')
      .set('Authorization', `Bearer ${admin.token}`)
      .send(staff({ isSuperuser: true }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors).toEqual([{ field: 'isSuperuser', detail: 'isSuperuser is not a field of this request; remove it' }]);
    expect(await snapshot(h)).toEqual(before);
  });

  it('invalid values -> 400 naming each field', async () => {
    const before = await snapshot(h);
    const res = await h
      .http()
      .post('/users')
      .set('Authorization', `Bearer ${admin.token}`)
      .send(staff({ email: 'not-an-email', password: 'short', role: 'resident' }));
    expect(res.status).toBe(400);
    const messages = (res.body.errors as { field: string; detail: string }[]).map((e) => `${e.field}: ${e.detail}`).join('\n');
    expect(messages).toMatch(/email: email must be an e-mail address/);
    expect(messages).toMatch(/password must be 10 to 256 characters/);
    expect(messages).toMatch(/role must be one of officer, supervisor, admin/);
    expect(await snapshot(h)).toEqual(before);
  });

  it('an oversized body -> 413 with the limit', async () => {
    const before = await snapshot(h);
    const res = await h
      .http()
      .post('/users')
      .set('Authorization', `Bearer ${admin.token}`)
      .send(staff({ displayName: 'x'.repeat(4000) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'request.too_large', detail: expect.stringMatching(/too large; the limit is 2048 bytes/) });
    expect(await snapshot(h)).toEqual(before);
  });

  it('a non-UUID id in the path -> 400', async () => {
    const res = await h.http().get('/users/42').set('Authorization', `Bearer ${admin.token}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation.failed', errors: [{ field: 'id', detail: 'id must be a UUID' }] });
  });

  describe('wrong tokens -> 401 with the reason, and nothing changes', () => {
    const attempt = async (authorization: string | undefined) => {
      const before = await snapshot(h);
      let req = h.http().post('/users');
      if (authorization !== undefined) req = req.set('Authorization', authorization);
      const res = await req.send(staff({ email: `t${Date.now()}@test.wardwatch` }));
      expect(res.status).toBe(401);
      expect(await snapshot(h)).toEqual(before);
      return res.body.detail as string;
    };

    it('missing', async () => expect(await attempt(undefined)).toMatch(/missing Authorization header/));
    it('not a bearer token', async () => expect(await attempt('Basic YWRtaW46YWRtaW4=')).toMatch(/must be "Bearer <token>"/));
    it('garbage', async () => expect(await attempt('Bearer not.a.jwt')).toMatch(/access token is not valid/));
    it('signed with another key', async () => {
      const forged = await new JwtService({ secret: 'another-secret-that-is-long-enough-0123' }).signAsync(
        { sub: admin.id, role: 'admin' },
        { issuer: 'wardwatch', expiresIn: 600 },
      );
      expect(await attempt(`Bearer ${forged}`)).toMatch(/access token is not valid/);
    });
    it('expired', async () => {
      const expired = await new JwtService({ secret: h.config.JWT_SECRET }).signAsync(
        { sub: admin.id, role: 'admin', exp: Math.floor(Date.now() / 1000) - 60 },
        { issuer: 'wardwatch' },
      );
      expect(await attempt(`Bearer ${expired}`)).toMatch(/expired; log in again/);
    });
    it('alg none', async () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: admin.id, role: 'admin', iss: 'wardwatch' })}.`;
      expect(await attempt(`Bearer ${unsigned}`)).toMatch(/access token is not valid/);
    });
  });

  it('a disabled account loses access at once, even with a token issued before', async () => {
    const officer = await h.user('officer');
    await h.http().get('/auth/me').set('Authorization', `Bearer ${officer.token}`).expect(200);
    await h.http().patch(`/users/${officer.id}`).set('Authorization', `Bearer ${admin.token}`).send({ status: 'disabled' }).expect(200);
    const res = await h.http().get('/auth/me').set('Authorization', `Bearer ${officer.token}`);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/disabled or no longer exists/);
    await h.http().post('/auth/login').send({ email: officer.email, password: officer.password }).expect(401);
  });

  it('a role change applies to tokens already issued', async () => {
    const officer = await h.user('officer');
    await h.http().get('/audit/verify').set('Authorization', `Bearer ${officer.token}`).expect(403);
    await h.http().patch(`/users/${officer.id}`).set('Authorization', `Bearer ${admin.token}`).send({ role: 'supervisor' }).expect(200);
    // A staff role change waits for a second admin (see separation-of-duties.e2e-spec.ts).
    await h.confirm(officer.id);
    await h.http().get('/audit/verify').set('Authorization', `Bearer ${officer.token}`).expect(200);
  });

  it('admins cannot lock themselves out', async () => {
    const res = await h.http().patch(`/users/${admin.id}`).set('Authorization', `Bearer ${admin.token}`).send({ status: 'disabled' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/cannot change their own role or status/);
  });

  it('registering an e-mail twice -> 409, case-insensitively', async () => {
    const body = { email: 'Twice@Test.Wardwatch', password: 'a-long-password-1', displayName: 'Twice' };
    await h.http().post('/auth/register').send(body).expect(201);
    const res = await h
      .http()
      .post('/auth/register')
      .send({ ...body, email: 'twice@test.wardwatch' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/already exists/);
  });
});
