import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';

const KEY_LENGTH = 32;
/** OWASP's scrypt baseline (N=2^17, r=8, p=1) costs ~128 MiB a hash; 2^15 keeps login under ~100 ms on 2 cores. */
const DEFAULTS = { N: 2 ** 15, r: 8, p: 1 };

function derive(password: string, salt: Buffer, opts: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...opts, maxmem: 128 * opts.N * opts.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseStoredHash(stored: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^\d{1,8}$/.test(x) ? Number(x) : NaN));
  const [salt, key] = parts.slice(4);
  const powerOfTwo = Number.isInteger(Math.log2(N));
  if (!powerOfTwo || N < 2 ** 10 || N > 2 ** 20 || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return null;
  if (!BASE64.test(salt) || !BASE64.test(key)) return null;
  return { N, r, p, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** Password hashing with Node's built-in scrypt; the parameters travel in the hash so they can be raised later. */
@Injectable()
export class PasswordHasher {
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, DEFAULTS);
    return ['scrypt', DEFAULTS.N, DEFAULTS.r, DEFAULTS.p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const params = parseStoredHash(stored);
    // A malformed or absurd stored hash (bad parameters, or an N that would need gigabytes) is a
    // failed verification, never an exception or a memory blow-up.
    if (!params) return false;
    const actual = await derive(password, params.salt, params);
    return actual.length === params.key.length && timingSafeEqual(actual, params.key);
  }

  /** A real hash of nothing, verified against when the e-mail is unknown so timing does not reveal accounts. */
  private dummy?: Promise<string>;
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    return this.dummy;
  }
}
