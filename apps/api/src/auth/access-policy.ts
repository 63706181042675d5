import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal, Role } from '@wardwatch/accounts';

export const ACCESS_POLICY = 'wardwatch:access-policy';

/**
 * Who may call a route. Every route must declare one: the guard refuses routes without a policy,
 * so a forgotten decorator fails closed instead of open.
 */
export type AccessPolicy = { kind: 'public' } | { kind: 'roles'; roles: Role[] } | { kind: 'metrics-token' };

/** Anyone, no token (login, registration, health, the API docs). */
export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/** A logged-in user whose role is one of these. Ownership of what the route touches is checked by the service. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No bearer token, or an invalid or expired one' }),
    ApiForbiddenResponse({ description: `Allowed roles: ${roles.join(', ')}` }),
  );

/** Prometheus: the scrape token from METRICS_TOKEN, not a user's token. */
export const MetricsScrape = () =>
  applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'metrics-token' } satisfies AccessPolicy), ApiSecurity('metrics-token'));

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
