import { startApi, type ApiHarness } from '../support/api-harness';

describe('error logs carry no query data', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());

  it('a query that fails during registration is logged with its error id and message, not its parameters (e-mail, password hash)', async () => {
    // A database that refuses the insert (a revoked grant, a read-only replica after failover): a 500 with a real QueryFailedError.
    const appRole = decodeURIComponent(new URL(h.db.appUrl).username);
    await h.db.owner.query(`REVOKE INSERT ON users FROM "${appRole}"`);
    try {
      const email = `leak-check.${h.db.name}@test.wardwatch`;
      const res = await h.http().post('/auth/register').send({ email, password: 'a-password-0123456789', displayName: 'Leak Check' });
      expect(res.status).toBe(500);
      const errorId = (res.body as { errorId: string }).errorId;
      const line = h
        .logs()
        .split('\n')
        .find((l) => l.includes(errorId));
      expect(line).toBeDefined();
      // What the operator needs is there ...
      expect(line).toMatch(/permission denied for table users/);
      // ... and the values bound into the query are not: no e-mail, no scrypt hash, no driver copy of them.
      expect(h.logs()).not.toContain('leak-check');
      expect(line).not.toMatch(/"parameters"|"driverError"|scrypt|\$s0\$|Leak Check/);
    } finally {
      await h.db.owner.query(`GRANT INSERT ON users TO "${appRole}"`);
    }
  });
});
