import { PasswordHasher } from '@wardwatch/accounts';
import type { CoreConfig } from '@wardwatch/config';
import { startApi, type ApiHarness } from '../support/api-harness';

/**
 * Review F16: password hashes at OWASP's scrypt baseline (N=2^15, r=8, p=3). Accounts whose hash
 * was made at the old cost (p=1) are upgraded the next time their holder signs in, the only moment
 * the password is at hand, without ending their other sessions.
 */
describe('password hashes: today’s cost for new ones, old ones upgraded at sign-in', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({ SCRYPT_PARALLELISM: '3' });
  });
  afterAll(() => h.close());

  const storedHash = async (email: string) =>
    (await h.db.owner.query(`SELECT password_hash FROM users WHERE email = $1`, [email])).rows[0].password_hash as string;

  it('hashes at p=3 and upgrades a p=1 hash at the next login; the old token stays valid', async () => {
    const email = `rehash.${h.db.name}@test.wardwatch`;
    const password = 'pw-rehash-0123456789';
    await h.http().post('/auth/register').send({ email, password, displayName: 'Rehash' }).expect(201);
    expect((await storedHash(email)).split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '3']);

    // As an account made before the cost was raised: the same password at p=1.
    const old = await new PasswordHasher({ SCRYPT_PARALLELISM: 1 } as CoreConfig).hash(password);
    expect(old.split('$')[3]).toBe('1');
    await h.db.owner.query(`UPDATE users SET password_hash = $2 WHERE email = $1`, [email, old]);

    const first = await h.http().post('/auth/login').send({ email, password }).expect(200);
    const upgraded = await storedHash(email);
    expect(upgraded.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '3']);
    // Not a password change: the token issued by this login (and any before it) keeps working,
    // and the same password still signs in against the new hash.
    await h.http().get('/auth/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(200);
    await h.http().post('/auth/login').send({ email, password }).expect(200);
    expect(await storedHash(email)).toBe(upgraded); // upgraded once, not at every login
    // A wrong password upgrades nothing.
    await h.http().post('/auth/login').send({ email, password: 'not-the-password-1' }).expect(401);
    expect(await storedHash(email)).toBe(upgraded);
  });
});
