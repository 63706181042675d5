import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@wardwatch/audit';
import { ApiConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import type { LoginContext } from './authentication.service';
import { Principal } from './roles';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

/** A browser session as the HTTP layer sees it: the cookie's token is never stored. */
export interface IssuedSession {
  /** Goes into the HttpOnly session cookie only. */
  token: string;
  /** Goes into the readable CSRF cookie; the web app echoes it in `X-CSRF-Token`. */
  csrfToken: string;
  expiresAt: Date;
}

/** The caller of a cookie-authenticated request, with the session it came through. */
export interface SessionPrincipal extends Principal {
  sessionId: string;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Cookie tokens are 32 random bytes in base64url (43 characters). */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Browser sessions: an opaque random token in an HttpOnly cookie, looked up (by its hash) on every
 * request, so that signing out or changing the password ends the session at once, unlike a bearer
 * token that lives until it expires.
 *
 * CSRF: the token the page must echo is an HMAC of the session token ("signed double submit",
 * OWASP), so it cannot be forged without the server's key, is bound to this one session, and
 * needs no storage.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly config: ApiConfig,
  ) {}

  /** Opens a session for a user whose credentials were just checked (AuthenticationService.verifyCredentials). */
  async open(user: Principal, context: LoginContext): Promise<IssuedSession> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3_600_000);
    const session = await this.sessions.insert({
      userId: user.userId,
      tokenHash: hashToken(token),
      expiresAt,
      userAgent: context.userAgent?.slice(0, 256) ?? null,
    });
    await this.audit.record({
      actor: { userId: user.userId, role: user.role },
      action: 'auth.login',
      subject: { type: 'user', id: user.userId },
      details: { kind: 'session', sessionId: session.id, ip: context.ip ?? null, userAgent: context.userAgent ?? null },
    });
    return { token, csrfToken: this.csrfTokenFor(token), expiresAt };
  }

  /** Resolves a session cookie's token to the caller, or says why it cannot. */
  async authenticate(token: string): Promise<SessionPrincipal> {
    if (!SESSION_TOKEN_PATTERN.test(token)) throw problem('auth.session_invalid', 'the session cookie is not valid; sign in again');
    const session = await this.sessions.findByTokenHash(hashToken(token));
    if (!session || session.revokedAt !== null) throw problem('auth.session_invalid', 'you have signed out; sign in again');
    if (session.expiresAt.getTime() <= Date.now()) throw problem('auth.session_expired', 'your session has expired; sign in again');
    const user = await this.users.findById(session.userId);
    if (!user || user.status !== 'active') {
      throw problem('auth.account_unavailable', 'the account behind this session is disabled or no longer exists');
    }
    return { userId: user.id, role: user.role, email: user.email, sessionId: session.id };
  }

  /** The CSRF token that belongs to this session token. */
  csrfTokenFor(token: string): string {
    return createHmac('sha256', this.config.JWT_SECRET).update(`wardwatch-csrf:${token}`, 'utf8').digest('base64url');
  }

  /** True when `candidate` is this session's CSRF token (compared in constant time). */
  csrfTokenMatches(token: string, candidate: string | undefined): boolean {
    if (typeof candidate !== 'string' || candidate.length === 0) return false;
    const expected = Buffer.from(this.csrfTokenFor(token));
    const given = Buffer.from(candidate);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Sign-out. */
  async close(principal: SessionPrincipal): Promise<void> {
    const revoked = await this.sessions.revoke(principal.sessionId, new Date());
    if (!revoked) return;
    await this.audit.record({
      actor: { userId: principal.userId, role: principal.role },
      action: 'auth.logout',
      subject: { type: 'user', id: principal.userId },
      details: { sessionId: principal.sessionId },
    });
  }
}
