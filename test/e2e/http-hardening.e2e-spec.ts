import { startApi, type ApiHarness } from '../support/api-harness';

/** LOGIN_RATE_LIMIT_PER_MINUTE=1 makes the per-address bucket 20 attempts a minute (api.module.ts). */
const PER_ADDRESS = 20;

function failedLogin(h: ApiHarness, email: string, forwardedFor?: string) {
  const req = h.http().post('/auth/login');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password: 'wrong-password-0' });
}

/** The client addresses the audit log recorded for failed logins of e-mails containing `tag`. */
async function auditedAddresses(h: ApiHarness, tag: string): Promise<string[]> {
  const { rows } = await h.db.owner.query<{ ip: string }>(
    `SELECT details->>'ip' AS ip FROM audit_entries WHERE action = 'auth.login_failed' AND details->>'email' LIKE $1 ORDER BY seq`,
    [`%${tag}%`],
  );
  return rows.map((r) => r.ip);
}

describe('TRUST_PROXY: per-address login buckets behind a reverse proxy', () => {
  let h: ApiHarness;
  // The test client connects from 127.0.0.1: it plays the reverse proxy.
  beforeAll(async () => {
    h = await startApi({ LOGIN_RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => h.close());

  it('two clients behind the proxy get their own buckets, and the audit names each client', async () => {
    const statuses: number[] = [];
    // Different e-mails each time: only the per-address bucket can refuse.
    for (let i = 0; i <= PER_ADDRESS; i++) statuses.push((await failedLogin(h, `a${i}.proxy-a@test.wardwatch`, '203.0.113.7')).status);
    expect(statuses.slice(0, PER_ADDRESS).every((s) => s === 401)).toBe(true);
    const limited = await failedLogin(h, 'a-last.proxy-a@test.wardwatch', '203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);

    // Another resident behind the same proxy is not locked out by the first.
    expect((await failedLogin(h, 'b0.proxy-b@test.wardwatch', '198.51.100.20')).status).toBe(401);

    expect(new Set(await auditedAddresses(h, 'proxy-a'))).toEqual(new Set(['203.0.113.7']));
    expect(await auditedAddresses(h, 'proxy-b')).toEqual(['198.51.100.20']);
  });
});

describe('without TRUST_PROXY, X-Forwarded-For is ignored', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({ LOGIN_RATE_LIMIT_PER_MINUTE: '1' });
  });
  afterAll(() => h.close());

  it('a client cannot spread its attempts over made-up addresses, nor write one into the audit log', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= PER_ADDRESS; i++) {
      statuses.push((await failedLogin(h, `s${i}.spoof@test.wardwatch`, `192.0.2.${i + 1}`)).status);
    }
    expect(statuses.slice(0, PER_ADDRESS).every((s) => s === 401)).toBe(true);
    expect(statuses[PER_ADDRESS]).toBe(429);
    const addresses = new Set(await auditedAddresses(h, 'spoof'));
    expect([...addresses].every((a) => /^(::ffff:)?127\.0\.0\.1$|^::1$/.test(a))).toBe(true);
  });
});

describe('429 answers carry a standard Retry-After', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({ LOGIN_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => h.close());

  it('login throttling: Retry-After in whole seconds, at most the one-minute window', async () => {
    const email = `retry.${h.db.name}@test.wardwatch`;
    await failedLogin(h, email).expect(401);
    await failedLogin(h, email).expect(401);
    const limited = await failedLogin(h, email);
    expect(limited.status).toBe(429);
    const seconds = Number(limited.headers['retry-after']);
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
  });

  it('registration throttling too', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await h
          .http()
          .post('/auth/register')
          .send({ email: `reg.${h.db.name}@test.wardwatch`, password: 'a-long-password-1', displayName: 'R' }),
      );
    }
    const last = answers[answers.length - 1];
    expect(last.status).toBe(429);
    expect(last.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  });
});

describe('security headers', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h.close());

  it('every response carries the policy the same-origin web app needs', async () => {
    const res = await h.http().get('/auth/me').expect(401);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // Presigned clip and thumbnail links point at the object store's public endpoint.
    expect(csp).toContain(`media-src 'self' blob: ${new URL(h.config.S3_PUBLIC_ENDPOINT).origin}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Plain HTTP on loopback (development, tests): no HSTS; production sends it (unit test).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('Swagger UI still loads where docs are enabled (inline styles allowed on its pages only)', async () => {
    const page = await h.http().get('/docs/').expect(200);
    expect(page.text).toMatch(/swagger-ui/);
    expect(String(page.headers['content-security-policy'])).toContain("style-src 'self' 'unsafe-inline'");
    const scripts = [...page.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    // Every script is a file of this origin (the CSP allows no inline script): each one loads.
    expect(page.text).not.toMatch(/<script(?![^>]*src=)[^>]*>\s*\S/);
    for (const src of scripts) await h.raw().get(new URL(src, 'http://x/api/v1/docs/').pathname).expect(200);
  });
});
