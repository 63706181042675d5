import { scryptSync } from 'node:crypto';
import { PasswordHasher } from './password-hasher';
import type { CoreConfig } from '@wardwatch/config';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  const password = 'Mật khẩu đúng 123!';
  let stored: string;

  beforeAll(async () => {
    stored = await hasher.hash(password);
  });

  it('verifies the password it hashed', async () => {
    await expect(hasher.verify(password, stored)).resolves.toBe(true);
  });

  it('refuses a wrong password, including near misses', async () => {
    await expect(hasher.verify('Mật khẩu đúng 124!', stored)).resolves.toBe(false);
    await expect(hasher.verify('mật khẩu đúng 123!', stored)).resolves.toBe(false);
    await expect(hasher.verify('', stored)).resolves.toBe(false);
  });

  it('salts: two hashes of the same password differ, and both verify', async () => {
    const again = await hasher.hash(password);
    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
    await expect(hasher.verify(password, again)).resolves.toBe(true);
  });

  it('stores scrypt$N$r$p$salt$key with the parameters and a 16-byte salt and 32-byte key in base64', () => {
    expect(stored).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    const [, n, r, p, salt, key] = stored.split('$');
    expect(Number(n)).toBeGreaterThanOrEqual(2 ** 14);
    expect(Number.isInteger(Math.log2(Number(n)))).toBe(true);
    expect(Number(r)).toBeGreaterThanOrEqual(8);
    expect(Number(p)).toBeGreaterThanOrEqual(1);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
  });

  it('is plain scrypt: the key is scrypt(NFKC(password), salt, 32, {N, r, p})', () => {
    const [, n, r, p, salt, key] = stored.split('$');
    const N = Number(n);
    const expected = scryptSync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), 32, {
      N,
      r: Number(r),
      p: Number(p),
      maxmem: 256 * N * Number(r),
    });
    expect(expected.toString('base64')).toBe(key);
  });

  it('verifies with the parameters stored in the hash (so they can be raised later)', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('older password', salt, 32, { N: 2 ** 10, r: 8, p: 1 });
    const old = ['scrypt', 2 ** 10, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await expect(hasher.verify('older password', old)).resolves.toBe(true);
    await expect(hasher.verify('other password', old)).resolves.toBe(false);
  });

  it('normalises to NFKC: the "ﬁ" ligature and "fi" are the same password', async () => {
    const withLigature = await hasher.hash('ﬁsh-và-chips');
    await expect(hasher.verify('fish-và-chips', withLigature)).resolves.toBe(true);
    // Decomposed Vietnamese (a + combining marks) matches the composed form too.
    const composed = await hasher.hash('Hoàng Văn Thái');
    await expect(hasher.verify('Hoàng Văn Thái'.normalize('NFD'), composed)).resolves.toBe(true);
  });

  const malformed: [string, () => string][] = [
    ['an empty string', () => ''],
    ['a bcrypt hash', () => '$2b$10$abcdefghijklmnopqrstuuJ8l3iAxx2Sb2M5mQ0wB1ScN0uQWOq6i'],
    ['too few fields', () => stored.split('$').slice(0, 5).join('$')],
    ['too many fields', () => `${stored}$extra`],
    ['another algorithm name', () => stored.replace(/^scrypt/, 'argon2')],
    ['a non-numeric N', () => stored.replace(/^scrypt\$\d+/, 'scrypt$abc')],
    ['N not a power of two', () => stored.replace(/^scrypt\$\d+/, 'scrypt$1000')],
    [
      'a zero r',
      () =>
        stored
          .split('$')
          .map((part, i) => (i === 2 ? '0' : part))
          .join('$'),
    ],
    ['a truncated key', () => stored.slice(0, -8)],
    ['an empty key', () => stored.replace(/\$[^$]+$/, '$')],
  ];
  it.each(malformed)('a malformed stored hash (%s) verifies false without throwing', async (_, make) => {
    await expect(hasher.verify(password, make())).resolves.toBe(false);
  });

  it('dummyHash is a real hash, computed once, that the password "" does not match', async () => {
    const dummy = await hasher.dummyHash();
    expect(dummy).toMatch(/^scrypt\$/);
    await expect(hasher.dummyHash()).resolves.toBe(dummy);
    await expect(hasher.verify('', dummy)).resolves.toBe(false);
  });
});

describe('PasswordHasher cost', () => {
  const at = (p: number) => new PasswordHasher({ SCRYPT_PARALLELISM: p } as CoreConfig);

  it('uses OWASP’s baseline N=2^15, r=8, p=3 unless configured otherwise', async () => {
    expect((await new PasswordHasher().hash('x')).split('$').slice(1, 4)).toEqual(['32768', '8', '3']);
    expect((await at(1).hash('x')).split('$').slice(1, 4)).toEqual(['32768', '8', '1']);
  });

  it('asks for a re-hash only of hashes cheaper than its own, never of erased or malformed ones', async () => {
    const cheap = await at(1).hash('x');
    const current = await at(3).hash('x');
    expect(at(3).needsRehash(cheap)).toBe(true);
    expect(at(3).needsRehash(current)).toBe(false);
    expect(at(1).needsRehash(current)).toBe(false); // lowering the setting never downgrades stored hashes
    expect(at(3).needsRehash('erased$0123456789abcdef')).toBe(false);
    expect(at(3).needsRehash('scrypt$3$8$1$AAAA$AAAA')).toBe(false);
  });
});
