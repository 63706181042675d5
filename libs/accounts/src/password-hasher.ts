import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { CoreConfig } from '@wardwatch/config';

const KEY_LENGTH = 32;
/**
 * OWASP's scrypt baselines are equivalent ways to spend the same work: N=2^17, r=8, p=1 needs
 * 128 MiB a hash; N=2^15, r=8, p=3 needs 32 MiB (p runs one after another in Node), which a
 * login burst on a small server can afford. p comes from SCRYPT_PARALLELISM.
 */
const N = 2 ** 15;
const R = 8;
const BASELINE_P = 3;

function derive(password: string, salt: Buffer, opts: { N: number; r: number; p: number }): Promise<Buffer> {
  // maxmem: scrypt needs 128·N·r bytes (p runs sequentially); twice that leaves room.
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
  private readonly params: { N: number; r: number; p: number };

  constructor(@Optional() config?: CoreConfig) {
    this.params = { N, r: R, p: config?.SCRYPT_PARALLELISM ?? BASELINE_P };
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const { N: n, r, p } = this.params;
    const key = await derive(password, salt, this.params);
    return ['scrypt', n, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /**
   * Whether a stored hash costs less than new ones do (made before the parameters were raised):
   * the caller, holding the password it just verified, stores a new hash.
   */
  needsRehash(stored: string): boolean {
    const params = parseStoredHash(stored);
    if (!params) return false; // erased or malformed: nothing a password can upgrade
    return params.N * params.r * params.p < this.params.N * this.params.r * this.params.p;
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
