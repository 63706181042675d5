import { request } from 'node:http';
import { GuardedAgent, type DestinationCheck } from './guarded-agent';
import { chooseDigestChallenge, DigestChallengeError, digestAuthorization } from './http-digest';
import { isPathOnHost } from './onvif-probe';

/** Largest snapshot taken from a camera (a 1080p JPEG is a few hundred KiB). */
export const MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;
/** Room for the status line and headers on top of the body, for the socket-level cap. */
const HEADER_ALLOWANCE = 16 * 1024;

export const SNAPSHOT_FAILURES = [
  'snapshot_too_large',
  'snapshot_not_jpeg',
  'snapshot_redirect',
  'snapshot_timeout',
  'snapshot_unreachable',
  'snapshot_auth_refused',
  'snapshot_http_error',
  'snapshot_forbidden_address',
  'snapshot_unavailable',
] as const;
export type SnapshotFailure = (typeof SNAPSHOT_FAILURES)[number];

/** Why no snapshot could be taken, in words the camera's owner can act on. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
  constructor(
    readonly failure: SnapshotFailure,
    message: string,
  ) {
    super(message);
  }
}

/** What may be shown of camera-supplied text: printable, short, credentials masked. */
const shown = (text: string) =>
  text
    .slice(0, 120)
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');

/**
 * The snapshot URL to fetch, from the camera's GetSnapshotUri answer: only `http://host[:port]/path`
 * is taken, and it is rebuilt on the enrolled address (the camera's host is ignored, as for the
 * stream address: behind NAT it reports its LAN address), with the camera's port and path kept and
 * any credentials in it dropped (Digest with the sealed ones is answered instead). Null for an
 * address that is not plain HTTP (https, rtsp…): the caller takes a frame from the stream instead.
 */
export function pinnedSnapshotUrl(uri: string, enrolledHost: string): string | null {
  if (uri.length > 1024) throw new SnapshotError('snapshot_unavailable', 'the camera gave a snapshot address longer than 1024 characters');
  if (/[^\x21-\x7e]/.test(uri) || uri.includes('\\')) {
    throw new SnapshotError(
      'snapshot_unavailable',
      `the camera gave a snapshot address with characters it may not contain (${shown(uri)})`,
    );
  }
  if (!/^http:\/\//i.test(uri)) return null;
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw new SnapshotError('snapshot_unavailable', `the camera gave a snapshot address that is not a URL (${shown(uri)})`);
  }
  const path = `${parsed.pathname}${parsed.search}`;
  if (!isPathOnHost(path)) {
    throw new SnapshotError('snapshot_unavailable', `the camera gave a snapshot address whose path is not on the camera (${shown(uri)})`);
  }
  const host = enrolledHost.includes(':') && !enrolledHost.startsWith('[') ? `[${enrolledHost}]` : enrolledHost;
  const port = parsed.port === '' ? 80 : Number(parsed.port);
  const pinned = new URL(path, `http://${host}:${port}/`);
  if (pinned.hostname.replace(/^\[|\]$/g, '') !== enrolledHost.replace(/^\[|\]$/g, '')) {
    throw new SnapshotError('snapshot_forbidden_address', `the snapshot address would leave the enrolled host (${shown(uri)})`);
  }
  return pinned.href;
}

/** A JPEG by its bytes, whatever the camera's Content-Type says: SOI + a marker, and an EOI at the end (some pad a few bytes). */
export function looksLikeJpeg(bytes: Buffer): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return false;
  const tail = bytes.subarray(Math.max(0, bytes.length - 64));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
  return false;
}

export interface SnapshotFetchOptions {
  /** Every socket's destination is checked (the camera network policy, pinned to the enrolled address). */
  checkDestination: DestinationCheck;
  username: string;
  password: string;
  /** The whole fetch (every round trip, all bytes) ends by then, however the camera trickles. */
  deadlineMs: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

interface Reply {
  status: number;
  location: string | undefined;
  challenges: string[];
  body: Buffer;
}

/**
 * Fetches a camera's snapshot: GET with HTTP Digest (RFC 7616, never Basic) when the camera asks,
 * through the GuardedAgent (destination re-checked, bytes capped), under one overall deadline.
 * No redirect is followed: a 3xx is refused and named. The body must be a JPEG by its bytes.
 */
export async function fetchSnapshot(url: string, options: SnapshotFetchOptions): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? MAX_SNAPSHOT_BYTES;
  const agent = new GuardedAgent(options.checkDestination, maxBytes + HEADER_ALLOWANCE);
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const target = new URL(url);
  const uri = `${target.pathname}${target.search}`;
  try {
    let reply = await get(url, agent, signal, maxBytes, options.deadlineMs);
    if (reply.status === 401) {
      let challenge;
      try {
        challenge = chooseDigestChallenge(reply.challenges);
      } catch (e) {
        if (e instanceof DigestChallengeError)
          throw new SnapshotError('snapshot_auth_refused', `the camera asked for authentication that cannot be answered: ${e.message}`);
        throw e;
      }
      if (!challenge) {
        throw new SnapshotError(
          'snapshot_auth_refused',
          'the camera asked for a password without HTTP Digest (only Digest is answered, never Basic)',
        );
      }
      const authorization = digestAuthorization(challenge, {
        method: 'GET',
        uri,
        username: options.username,
        password: options.password,
        nc: 1,
      });
      reply = await get(url, agent, signal, maxBytes, options.deadlineMs, authorization);
      if (reply.status === 401)
        throw new SnapshotError(
          'snapshot_auth_refused',
          'the camera refused the stored username or password for its snapshot; update them with PUT /cameras/:id/credentials',
        );
    }
    if (reply.status >= 300 && reply.status < 400) {
      throw new SnapshotError(
        'snapshot_redirect',
        `the camera answered its snapshot address with a redirect (HTTP ${reply.status}${reply.location ? ` to ${shown(reply.location)}` : ''}); redirects are not followed`,
      );
    }
    if (reply.status !== 200)
      throw new SnapshotError('snapshot_http_error', `the camera answered its snapshot address with HTTP ${reply.status}`);
    if (!looksLikeJpeg(reply.body)) {
      throw new SnapshotError(
        'snapshot_not_jpeg',
        `the camera's snapshot is not a JPEG image (${reply.body.length} bytes that do not start and end as a JPEG does)`,
      );
    }
    return reply.body;
  } finally {
    agent.destroy();
  }
}

function get(
  url: string,
  agent: GuardedAgent,
  signal: AbortSignal,
  maxBytes: number,
  deadlineMs: number,
  authorization?: string,
): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'image/jpeg' };
    if (authorization) headers.authorization = authorization;
    const req = request(url, { method: 'GET', agent, headers, signal });
    const fail = (error: SnapshotError) => {
      reject(error);
      req.destroy();
    };
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof SnapshotError) return reject(e);
      if (e.name === 'AbortError' || signal.aborted) {
        return reject(
          new SnapshotError(
            'snapshot_timeout',
            `the camera did not finish sending its snapshot within ${Math.round(deadlineMs / 100) / 10} s`,
          ),
        );
      }
      if (e.code === 'EDESTINATIONREFUSED') return reject(new SnapshotError('snapshot_forbidden_address', e.message));
      if (e.code === 'EREPLYTOOLARGE')
        return reject(new SnapshotError('snapshot_too_large', `the camera's snapshot is larger than ${maxBytes} bytes`));
      reject(new SnapshotError('snapshot_unreachable', `the camera's snapshot address could not be reached (${e.code ?? e.message})`));
    });
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (res.statusCode === 200 && declared > maxBytes) {
        return fail(
          new SnapshotError('snapshot_too_large', `the camera's snapshot is ${declared} bytes, more than the ${maxBytes} allowed`),
        );
      }
      const challenges: string[] = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        if (res.rawHeaders[i].toLowerCase() === 'www-authenticate') challenges.push(res.rawHeaders[i + 1]);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) return fail(new SnapshotError('snapshot_too_large', `the camera's snapshot is larger than ${maxBytes} bytes`));
        chunks.push(c);
      });
      res.on('error', (e: NodeJS.ErrnoException) => req.emit('error', e));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: typeof res.headers.location === 'string' ? res.headers.location : undefined,
          challenges,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.end();
  });
}
