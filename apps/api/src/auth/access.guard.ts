import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationService, type Principal, SessionsService } from '@wardwatch/accounts';
import { ApiConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { ACCESS_POLICY, AccessPolicy, AuthenticatedRequest } from './access-policy';
import { CSRF_HEADER, readCookie, SESSION_COOKIE, UNSAFE_METHODS } from './session-cookies';

function bearerToken(req: AuthenticatedRequest): string {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || header.length === 0) {
    throw problem(
      'auth.missing_token',
      'missing Authorization header; send "Authorization: Bearer <token>" from POST /auth/login (browsers: sign in with POST /auth/session)',
    );
  }
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match) throw problem('auth.malformed_header', 'Authorization header must be "Bearer <token>"');
  return match[1];
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const header = (req: AuthenticatedRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Global guard: authenticates the caller and checks the route's role policy.
 *
 * Two ways in: a bearer token (API clients; browsers never attach it on their own, so it needs no
 * CSRF defence) or the web app's session cookie, whose unsafe requests must carry the session's
 * CSRF token in `X-CSRF-Token`. When both are sent the bearer token decides. Any unsafe request
 * that the browser itself marks as cross-site (`Sec-Fetch-Site`) and that carries no bearer token
 * is refused, public routes included (sign-in and registration: login CSRF).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionsService,
    private readonly config: ApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) throw problem('auth.route_closed', 'this route declares no access policy and is closed');
    const req = context.switchToHttp().getRequest<AuthenticatedRequest & { method: string }>();
    const unsafe = UNSAFE_METHODS.has(req.method);
    if (unsafe && !req.headers.authorization && header(req, 'sec-fetch-site') === 'cross-site') {
      throw problem('auth.cross_site_request', 'cross-site requests cannot change anything here');
    }
    switch (policy.kind) {
      case 'public':
        return true;
      case 'metrics-token':
        if (!sameSecret(bearerToken(req), this.config.METRICS_TOKEN)) {
          throw problem('auth.metrics_token_required', 'metrics need the scrape token configured as METRICS_TOKEN');
        }
        return true;
      case 'roles': {
        const principal = await this.caller(req, unsafe);
        req.principal = principal;
        if (!policy.roles.includes(principal.role)) {
          throw problem('auth.role_not_allowed', `this action is for ${policy.roles.join(' or ')}; you are signed in as ${principal.role}`);
        }
        return true;
      }
    }
  }

  private async caller(req: AuthenticatedRequest, unsafe: boolean): Promise<Principal> {
    const sessionToken = req.headers.authorization ? undefined : readCookie(req.headers.cookie, SESSION_COOKIE);
    if (sessionToken === undefined) return this.authentication.authenticate(bearerToken(req));
    const principal = await this.sessions.authenticate(sessionToken);
    if (unsafe && !this.sessions.csrfTokenMatches(sessionToken, header(req, CSRF_HEADER))) {
      throw problem(
        'auth.csrf_token_invalid',
        "missing or wrong CSRF token: send the __Host-wardwatch_csrf cookie's value in the X-CSRF-Token header",
      );
    }
    return principal;
  }
}
