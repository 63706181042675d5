import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationService } from '@wardwatch/accounts';
import { ApiConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { ACCESS_POLICY, AccessPolicy, AuthenticatedRequest } from './access-policy';

function bearerToken(req: AuthenticatedRequest): string {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || header.length === 0) {
    throw problem('auth.missing_token', 'missing Authorization header; send "Authorization: Bearer <token>" from POST /auth/login');
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

/** Global guard: authenticates the caller and checks the route's role policy. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
    private readonly config: ApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) throw problem('auth.route_closed', 'this route declares no access policy and is closed');
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    switch (policy.kind) {
      case 'public':
        return true;
      case 'metrics-token':
        if (!sameSecret(bearerToken(req), this.config.METRICS_TOKEN)) {
          throw problem('auth.metrics_token_required', 'metrics need the scrape token configured as METRICS_TOKEN');
        }
        return true;
      case 'roles': {
        const principal = await this.authentication.authenticate(bearerToken(req));
        req.principal = principal;
        if (!policy.roles.includes(principal.role)) {
          throw problem('auth.role_not_allowed', `this action is for ${policy.roles.join(' or ')}; you are signed in as ${principal.role}`);
        }
        return true;
      }
    }
  }
}
