import { PrivateRedis } from '../support/private-redis';
import { API_PREFIX } from '../../apps/api/src/app.factory';
import { startApi, type ApiHarness } from '../support/api-harness';

describe('health, metrics and API docs', () => {
  let redis: PrivateRedis;
  let h: ApiHarness;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    h = await startApi({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await h.close();
    await redis.stop();
  });

  it('/health is 200 with every dependency up', async () => {
    const res = await h.http().get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, redis: { status: 'up' }, objectStore: { status: 'up' } },
    });
  });

  it('/health is 503 naming Redis while Redis is stopped, and 200 again when it is back', async () => {
    await redis.stop();
    let down;
    let login;
    try {
      down = await h.http().get('/health');
      login = await h.http().post('/auth/login').send({ email: 'someone@test.wardwatch', password: 'whatever-123' });
    } finally {
      await redis.start();
    }
    // Sign-in fails closed without the shared rate-limit counter, and says why.
    expect(login.status).toBe(503);
    expect(login.body).toMatchObject({ code: 'auth.limiter_unavailable', errorId: expect.any(String) });
    expect(login.body.detail).toMatch(/rate limiter is not answering/);
    expect(down.status).toBe(503);
    // /health is public: it says what is down, never where or why (hosts, ports, error text); the log does.
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({ code: 'health.unavailable', status: 503, detail: expect.stringMatching(/redis/) });
    expect(down.body.checks.redis).toEqual({ status: 'down', message: 'Redis did not answer PING' });
    expect(down.body.checks.postgres).toEqual({ status: 'up' });
    expect(JSON.stringify(down.body)).not.toContain(new URL(redis.url).port);
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|writeable|bucket/i);
    expect(h.logs()).toMatch(/Redis did not answer PING: [^"\\]+/);

    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await h.http().get('/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });

  it('/metrics serves Prometheus text with request counters to the scrape token', async () => {
    await h.http().get('/auth/me').expect(401);
    const res = await h.http().get('/metrics').set('Authorization', `Bearer ${h.config.METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/wardwatch_http_requests_total\{method="GET",route="\/api\/v1\/auth\/me",status="401"\} \d+/);
    expect(res.text).toMatch(/wardwatch_process_resident_memory_bytes/);
  });

  it('the OpenAPI document lists every route with its security', async () => {
    const res = await h.http().get('/openapi.json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { security?: unknown[] }>>;
    // Paths are written without the version prefix, which is the document's one server (same origin as
    // the web app): the typed client adds it (libs/api-client), as any OpenAPI client does from `servers`.
    expect(res.body.servers).toEqual([expect.objectContaining({ url: API_PREFIX })]);
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/auth/login',
        '/auth/register',
        '/auth/me',
        '/auth/me/deletion-preview',
        '/users',
        '/users/{id}',
        '/audit/entries',
        '/audit/verify',
        '/health',
        '/metrics',
        '/cameras/{id}',
        '/cameras/{id}/snapshot',
      ]),
    );
    expect(Object.keys(paths).filter((path) => path.startsWith(API_PREFIX))).toEqual([]);
    // A bearer token (API clients) or the browser's session cookie (the web app).
    const roleSecurity = [{ bearer: [] }, { session: [] }];
    expect(paths['/users'].get.security).toEqual(roleSecurity);
    expect(paths['/metrics'].get.security).toEqual([{ 'metrics-token': [] }]);
    expect(paths['/auth/login'].post.security).toEqual([]);
    for (const [path, method] of [
      ['/cameras/{id}/snapshot', 'get'],
      ['/cameras/{id}', 'patch'],
      ['/cameras/{id}', 'delete'],
      ['/auth/me/deletion-preview', 'get'],
      ['/auth/me', 'delete'],
    ])
      expect({ path, method, security: paths[path][method]?.security }).toEqual({ path, method, security: roleSecurity });
  });

  it('every route is under /api/v1: the old unprefixed paths reach the web app, never the API', async () => {
    // Outside /api/ is the web app's: a client route gets its page (the test run builds it first).
    for (const path of ['/health', '/auth/me', '/cameras', '/']) {
      const res = await h.raw().get(path);
      expect({ path, status: res.status, type: res.type }).toEqual({ path, status: 200, type: 'text/html' });
    }
    // Under /api/ nothing falls back to the page: an unknown API path is a problem, not HTML.
    for (const path of ['/api/docs', '/api/docs/openapi.json', '/api/v2/health']) {
      const res = await h.raw().get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'http.not_found' });
    }
    await h.raw().get('/api/v1/health').expect(200);
    await h.raw().get('/api/v1/auth/me').expect(401);
    await h.raw().get('/api/v1/openapi.json').expect(200);
  });
});

describe('login: rate limit and audit', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => h.close());

  it('failed and successful logins are audited without the password; the fourth attempt on one account in a minute is refused', async () => {
    const resident = await h.user('resident'); // one login already counted
    await h.http().post('/auth/login').send({ email: resident.email, password: 'wrong-password-1' }).expect(401);
    await h.http().post('/auth/login').send({ email: resident.email.toUpperCase(), password: 'wrong-password-2' }).expect(401);
    const limited = await h.http().post('/auth/login').send({ email: resident.email, password: resident.password });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'rate_limit.exceeded', detail: expect.stringMatching(/too many attempts/i) });
    // Another account from the same address is not locked out by it.
    const stranger = `nobody.${h.db.name}@test.wardwatch`;
    await h.http().post('/auth/login').send({ email: stranger, password: 'whatever-123' }).expect(401);

    const { rows } = await h.db.owner.query<{
      action: string;
      details: Record<string, unknown>;
      actor_id: string | null;
      subject_id: string | null;
    }>(`SELECT action, details, actor_id, subject_id FROM audit_entries WHERE action LIKE 'auth.%' ORDER BY seq`);
    expect(rows.map((r) => [r.action, r.details.reason ?? null])).toEqual([
      ['auth.login', null],
      ['auth.login_failed', 'wrong password'],
      ['auth.login_failed', 'wrong password'],
      ['auth.login_failed', 'unknown e-mail'],
    ]);
    // The caller of a failed login is unknown: anonymous actor, the account as subject.
    expect(rows[1].actor_id).toBeNull();
    expect(rows[1].subject_id).toBe(resident.id);
    expect(JSON.stringify(rows)).not.toMatch(/wrong-password|whatever-123/);
    expect(JSON.stringify(rows)).not.toContain(resident.password);
  });

  it('the limit holds across API instances (counted in Redis, not per process)', async () => {
    // The same installation (one Redis prefix) on a second database: only Redis can carry the count.
    const other = await startApi({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: h.config.QUEUE_PREFIX });
    try {
      const resident = await h.user('resident');
      const statuses: number[] = [];
      for (const api of [other, h, other]) {
        statuses.push((await api.http().post('/auth/login').send({ email: resident.email, password: 'wrong-password-9' })).status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await other.close();
    }
  });

  it('installations with their own Redis prefix never share a bucket (test runs side by side stay apart)', async () => {
    const other = await startApi({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: `${h.config.QUEUE_PREFIX}-other` });
    try {
      const email = `shared.${h.db.name}@test.wardwatch`;
      const attempt = async (api: typeof h) => (await api.http().post('/auth/login').send({ email, password: 'wrong-password-7' })).status;
      expect([await attempt(h), await attempt(h), await attempt(h), await attempt(h)]).toEqual([401, 401, 401, 429]);
      // The same e-mail from the same address, in another installation: its own count.
      expect(await attempt(other)).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('both failures answer the same message, so accounts cannot be discovered', async () => {
    const h2 = await startApi();
    try {
      const r = await h2.user('resident');
      const a = await h2.http().post('/auth/login').send({ email: r.email, password: 'wrong-password-1' });
      const b = await h2.http().post('/auth/login').send({ email: 'nobody@test.wardwatch', password: 'wrong-password-1' });
      expect([a.status, b.status]).toEqual([401, 401]);
      expect(a.body).toEqual(b.body);
    } finally {
      await h2.close();
    }
  });
});
