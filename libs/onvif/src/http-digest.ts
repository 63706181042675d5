import { createHash, randomBytes } from 'node:crypto';

/** A WWW-Authenticate Digest challenge we can answer (RFC 7616, qop=auth). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: 'MD5' | 'SHA-256';
  stale: boolean;
}

/** A camera's Digest challenge that we cannot or will not answer. */
export class DigestChallengeError extends Error {
  override name = 'DigestChallengeError';
}

/** Longest WWW-Authenticate value read; real challenges are about 150 bytes. */
export const MAX_CHALLENGE_LENGTH = 1024;
const MAX_PARAMS = 12;

/**
 * Parses one WWW-Authenticate value strictly: `Digest` then comma-separated `name=token` or
 * `name="quoted"` pairs, each name at most once, bounded in length and count. Returns null for
 * another scheme (Basic, which would send the password in the clear, is never answered).
 */
export function parseDigestChallenge(header: string): DigestChallenge | null {
  if (header.length > MAX_CHALLENGE_LENGTH)
    throw new DigestChallengeError(`the Digest challenge is longer than ${MAX_CHALLENGE_LENGTH} bytes`);
  const scheme = /^\s*([A-Za-z]+)(?:\s+|$)/.exec(header);
  if (!scheme || scheme[1].toLowerCase() !== 'digest') return null;
  const params = new Map<string, string>();
  let rest = header.slice(scheme[0].length);
  const pair = /^\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\\r\n]|\\[^\r\n])*)"|([!#$%&'*+.^_`|~0-9A-Za-z:/-]+))\s*(?:,|$)/;
  while (rest.trim() !== '') {
    const m = pair.exec(rest);
    if (!m) throw new DigestChallengeError('the Digest challenge is not a list of name=value pairs');
    const name = m[1].toLowerCase();
    if (params.has(name)) throw new DigestChallengeError(`the Digest challenge names "${name}" twice`);
    if (params.size >= MAX_PARAMS) throw new DigestChallengeError('the Digest challenge has too many parameters');
    params.set(name, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
    rest = rest.slice(m[0].length);
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || !nonce) throw new DigestChallengeError('the Digest challenge has no realm or nonce');
  const qop = (params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
  if (!qop.includes('auth'))
    throw new DigestChallengeError('the Digest challenge does not offer qop=auth (the only protection level supported)');
  const algorithmName = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (algorithmName !== 'MD5' && algorithmName !== 'SHA-256') {
    throw new DigestChallengeError(`the Digest algorithm ${algorithmName} is not supported (MD5 or SHA-256)`);
  }
  const opaque = params.get('opaque');
  return { realm, nonce, opaque, algorithm: algorithmName, stale: (params.get('stale') ?? '').toLowerCase() === 'true' };
}

/** Of the challenges a 401 carried (cameras often send MD5 and SHA-256), the strongest one we answer. */
export function chooseDigestChallenge(headers: string[]): DigestChallenge | null {
  const parsed = headers.map(parseDigestChallenge).filter((c): c is DigestChallenge => c !== null);
  return parsed.find((c) => c.algorithm === 'SHA-256') ?? parsed[0] ?? null;
}

const quote = (v: string) => `"${v.replace(/(["\\])/g, '\\$1')}"`;

/** The Authorization header answering `challenge` for one request (RFC 7616 section 3.4, qop=auth). */
export function digestAuthorization(
  challenge: DigestChallenge,
  request: { method: string; uri: string; username: string; password: string; nc: number },
  cnonce: string = randomBytes(16).toString('hex'),
): string {
  const hash = (s: string) =>
    createHash(challenge.algorithm === 'SHA-256' ? 'sha256' : 'md5')
      .update(s, 'utf8')
      .digest('hex');
  const nc = request.nc.toString(16).padStart(8, '0');
  const ha1 = hash(`${request.username}:${challenge.realm}:${request.password}`);
  const ha2 = hash(`${request.method}:${request.uri}`);
  const response = hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  const parts = [
    `username=${quote(request.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(request.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response=${quote(response)}`,
    `qop=auth`,
    `nc=${nc}`,
    `cnonce=${quote(cnonce)}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
