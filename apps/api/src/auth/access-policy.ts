import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, DECORATORS } from '@nestjs/swagger';
import type { Principal, Role } from '@wardwatch/accounts';
import { ApiProblems } from '../openapi/api-problems';
import { BEARER_SCHEME, METRICS_SCHEME, SESSION_SCHEME } from '../openapi/openapi-document';

export const ACCESS_POLICY = 'wardwatch:access-policy';

/**
 * Who may call a route. Every route must declare one: the guard refuses routes without a policy,
 * so a forgotten decorator fails closed instead of open.
 */
export type AccessPolicy = { kind: 'public' } | { kind: 'roles'; roles: Role[] } | { kind: 'metrics-token' };

/** Anyone, no token (login, registration, health, the API docs). */
export const Public = () =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy),
    // `security: []` in the document: no credentials, said explicitly rather than left out.
    SetMetadata(DECORATORS.API_SECURITY, []),
  );

/** A logged-in user whose role is one of these. Ownership of what the route touches is checked by the service. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy),
    // Either credential: a bearer token (API clients) or the web app's session cookie.
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(SESSION_SCHEME),
    ApiProblems(401, { status: 403, description: `Allowed roles: ${roles.join(', ')}; or what it touches is not yours` }),
  );

/** Prometheus: the scrape token from METRICS_TOKEN, not a user's token. */
export const MetricsScrape = () =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'metrics-token' } satisfies AccessPolicy),
    ApiSecurity(METRICS_SCHEME),
    ApiProblems({ status: 401, description: 'No token, or not the METRICS_TOKEN' }),
  );

export interface AuthenticatedRequest {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

/** The caller, set by the access guard on routes with a role policy. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentUser used on a route without a role policy');
  return principal;
});
