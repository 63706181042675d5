import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Credentials } from './ws-security';

/** How long a nonce the camera issued stays acceptable, and how many it remembers. */
const NONCE_LIFETIME_MS = 5 * 60_000;
const MAX_NONCES = 1000;

/**
 * HTTP Digest (RFC 7616) as IP cameras do it: a 401 with two challenges, SHA-256 and MD5, qop=auth;
 * a request is accepted when its Authorization answers a nonce this camera issued recently, for
 * this request's method and target, with the camera's current credentials.
 */
export class HttpDigestVerifier {
  private readonly nonces = new Map<string, number>();

  constructor(private readonly realm: string) {}

  /** WWW-Authenticate values for a 401 (the strongest first, as cameras list them). */
  challenges(nowMs = Date.now()): string[] {
    const nonce = randomBytes(16).toString('hex');
    this.nonces.set(nonce, nowMs);
    if (this.nonces.size > MAX_NONCES) this.nonces.delete(this.nonces.keys().next().value as string);
    const opaque = createHash('md5').update(this.realm).digest('hex');
    return ['SHA-256', 'MD5'].map(
      (algorithm) => `Digest realm="${this.realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="${opaque}", stale=FALSE`,
    );
  }

  verify(authorization: string | undefined, method: string, target: string, expected: Credentials, nowMs = Date.now()): boolean {
    if (!authorization || authorization.length > 2048 || !/^Digest\s/i.test(authorization)) return false;
    const params = new Map<string, string>();
    for (const m of authorization.slice(7).matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
      params.set(m[1].toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
    }
    const nonce = params.get('nonce') ?? '';
    const issued = this.nonces.get(nonce);
    if (issued === undefined || nowMs - issued > NONCE_LIFETIME_MS) return false;
    const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
    if ((algorithm !== 'MD5' && algorithm !== 'SHA-256') || params.get('qop') !== 'auth') return false;
    if (params.get('uri') !== target || params.get('username') !== expected.username || params.get('realm') !== this.realm) return false;
    const hash = (s: string) =>
      createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
        .update(s, 'utf8')
        .digest('hex');
    const ha1 = hash(`${expected.username}:${this.realm}:${expected.password}`);
    const ha2 = hash(`${method}:${target}`);
    const want = Buffer.from(hash(`${ha1}:${nonce}:${params.get('nc') ?? ''}:${params.get('cnonce') ?? ''}:auth:${ha2}`));
    const got = Buffer.from(params.get('response') ?? '');
    return got.length === want.length && timingSafeEqual(got, want);
  }
}
