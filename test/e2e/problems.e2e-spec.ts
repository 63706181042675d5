import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { AccountsService } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { PROBLEM_CATALOGUE, problemType, type ProblemCode } from '@wardwatch/problems';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The response is an RFC 9457 problem of this code, with every member we promise. */
function expectProblem(res: Response, code: ProblemCode, instance: string): Record<string, unknown> {
  const body = res.body as Record<string, unknown>;
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.status).toBe(PROBLEM_CATALOGUE[code].status);
  expect(body).toMatchObject({
    type: problemType(code),
    title: PROBLEM_CATALOGUE[code].title,
    status: PROBLEM_CATALOGUE[code].status,
    code,
    instance,
  });
  expect(typeof body.detail).toBe('string');
  expect((body.detail as string).length).toBeGreaterThan(10);
  // None of the old shape, and no framework internals.
  expect(body).not.toHaveProperty('statusCode');
  expect(body).not.toHaveProperty('message');
  if (res.status >= 500) expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
  else expect(body).not.toHaveProperty('errorId');
  return body;
}

describe('every error is a problem (RFC 9457) with a catalogued code', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    h = await startApi({ HTTP_BODY_LIMIT: '2kb', LOGIN_RATE_LIMIT_PER_MINUTE: '2' });
    admin = await h.user('admin');
    officer = await h.user('officer');
  });
  afterAll(() => h.close());

  it('malformed JSON: request.invalid_json, without the parser’s words', async () => {
    const res = await h.http().post('/auth/register').set('Content-Type', 'application/json').send('{"email": "x@y.z", "password": ');
    const body = expectProblem(res, 'request.invalid_json', '/api/v1/auth/register');
    expect(body.detail).not.toMatch(/position|Unexpected|JSON\.parse|token/i);
  });

  it('a body over HTTP_BODY_LIMIT: request.too_large naming the limit', async () => {
    const res = await h
      .http()
      .post('/auth/register')
      .send({ email: 'big@test.wardwatch', password: 'a-long-password-1', displayName: 'x'.repeat(4000) });
    expect(expectProblem(res, 'request.too_large', '/api/v1/auth/register').detail).toMatch(/2048 bytes/);
  });

  it('an unknown route: http.not_found, the path as instance (no query)', async () => {
    const res = await h.http().get('/no-such-thing?x=1').set('Authorization', `Bearer ${admin.token}`);
    expect(expectProblem(res, 'http.not_found', '/api/v1/no-such-thing').detail).toMatch(/GET \/api\/v1\/no-such-thing/);
  });

  it('two invalid fields and an unknown one: validation.failed listing each as { field, detail }, in our words', async () => {
    const res = await h
      .http()
      .post('/auth/register')
      .send({ email: 'not-an-email', password: 'short', displayName: 'Two Errors', isSuperuser: true });
    const body = expectProblem(res, 'validation.failed', '/api/v1/auth/register');
    const errors = body.errors as { field: string; detail: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual(['email', 'isSuperuser', 'password']);
    for (const e of errors) expect(Object.keys(e).sort()).toEqual(['detail', 'field']);
    expect(errors.find((e) => e.field === 'isSuperuser')?.detail).toBe('isSuperuser is not a field of this request; remove it');
    expect(JSON.stringify(body)).not.toMatch(/should not exist|constraints|whitelistValidation|children/);
  });

  it('a nested field is named by its dotted path', async () => {
    const resident = await h.user('resident');
    const res = await h
      .http()
      .post('/cameras')
      .set('Authorization', `Bearer ${resident.token}`)
      .send({ consent: { purposes: 'all' } });
    const fields = (expectProblem(res, 'validation.failed', '/api/v1/cameras').errors as { field: string }[]).map((e) => e.field);
    expect(fields.some((f) => f.startsWith('consent.'))).toBe(true);
  });

  it('a malformed id in the path: validation.failed naming it, like a DTO field', async () => {
    const res = await h.http().get('/wards/not-a-uuid/streets').set('Authorization', `Bearer ${officer.token}`);
    const body = expectProblem(res, 'validation.failed', '/api/v1/wards/not-a-uuid/streets');
    expect(body.errors).toEqual([{ field: 'id', detail: 'id must be a UUID' }]);
  });

  it('a cursor that is not base64url JSON: validation.bad_cursor', async () => {
    const res = await h.http().get('/users?cursor=!!!nope').set('Authorization', `Bearer ${admin.token}`);
    expectProblem(res, 'validation.bad_cursor', '/api/v1/users');
  });

  it.each([
    ['garbage keys', { createdAt: 'not-a-date', id: 'nope' }],
    ['a non-UUID id', { createdAt: new Date().toISOString(), id: "1' OR '1'='1" }],
    ['an instant we never issue', { createdAt: '2026-01-01 00:00', id: randomUUID() }],
  ])('a forged, well-formed cursor (%s) is validation.bad_cursor, never a query that answers 500', async (_, forged) => {
    const res = await h
      .http()
      .get(`/users?cursor=${b64url(forged)}`)
      .set('Authorization', `Bearer ${admin.token}`);
    expectProblem(res, 'validation.bad_cursor', '/api/v1/users');
  });

  it('a limit out of range is a field error of the shared PageQuery, on search too', async () => {
    const res = await h
      .http()
      .get('/search/cameras?wardId=3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z&limit=500')
      .set('Authorization', `Bearer ${officer.token}`);
    const body = expectProblem(res, 'validation.failed', '/api/v1/search/cameras');
    expect(body.errors).toEqual([{ field: 'limit', detail: expect.stringMatching(/between 1 and 50/) }]);
  });

  it('no token: 401 auth.missing_token', async () => {
    expectProblem(await h.http().get('/auth/me'), 'auth.missing_token', '/api/v1/auth/me');
  });

  it('the wrong role: 403 auth.role_not_allowed, and the refusal is audited with the detail as its reason', async () => {
    const res = await h.http().get('/users').set('Authorization', `Bearer ${officer.token}`);
    const body = expectProblem(res, 'auth.role_not_allowed', '/api/v1/users');
    const [refused] = await h.app.get(AuditService).find({ action: 'access.refused', actorId: officer.id, limit: 1 });
    expect(refused.details).toMatchObject({ reason: body.detail, route: '/api/v1/users' });
  });

  it('an unknown user: 404 account.not_found', async () => {
    const id = randomUUID();
    const res = await h.http().get(`/users/${id}`).set('Authorization', `Bearer ${admin.token}`);
    expect(expectProblem(res, 'account.not_found', `/api/v1/users/${id}`).detail).toContain(id);
  });

  it('an e-mail registered twice: 409 account.email_taken', async () => {
    const body = { email: `twice.${h.db.name}@test.wardwatch`, password: 'a-long-password-1', displayName: 'Twice' };
    await h.http().post('/auth/register').send(body).expect(201);
    expectProblem(await h.http().post('/auth/register').send(body), 'account.email_taken', '/api/v1/auth/register');
  });

  it('too many sign-ins: 429 rate_limit.exceeded with Retry-After and retryAfterSeconds', async () => {
    const email = `guess.${h.db.name}@test.wardwatch`;
    await h.http().post('/auth/login').send({ email, password: 'wrong-password-1' }).expect(401);
    const wrong = await h.http().post('/auth/login').send({ email, password: 'wrong-password-2' });
    expectProblem(wrong, 'auth.invalid_credentials', '/api/v1/auth/login');
    const res = await h.http().post('/auth/login').send({ email, password: 'wrong-password-3' });
    const body = expectProblem(res, 'rate_limit.exceeded', '/api/v1/auth/login');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(body.retryAfterSeconds).toBe(retryAfter);
  });

  it('a crash: 500 internal.error with an errorId that is in the log, and none of the error’s text', async () => {
    const spy = jest.spyOn(h.app.get(AccountsService), 'get').mockRejectedValueOnce(new Error('secret internals at 10.1.2.3'));
    try {
      const id = randomUUID();
      const res = await h.http().get(`/users/${id}`).set('Authorization', `Bearer ${admin.token}`);
      const body = expectProblem(res, 'internal.error', `/api/v1/users/${id}`);
      expect(JSON.stringify(body)).not.toContain('secret internals');
      const line = h
        .logs()
        .split('\n')
        .find((l) => l.includes(body.errorId as string));
      expect(line).toMatch(/secret internals at 10\.1\.2\.3/);
    } finally {
      spy.mockRestore();
    }
  });
});
