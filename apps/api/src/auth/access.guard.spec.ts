import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticationService, Principal, SessionsService } from '@wardwatch/accounts';
import type { ApiConfig } from '@wardwatch/config';
import { problem, ProblemException } from '@wardwatch/problems';
import { AccessGuard } from './access.guard';
import { AuthenticatedRequest, MetricsScrape, Public, Roles } from './access-policy';

/** The guard refused with a problem of this status (401: who are you; 403: not for you). */
async function refusedWith(attempt: Promise<unknown>, status: number): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemException);
  expect((error as ProblemException).getStatus()).toBe(status);
}

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';
/** Tokens the fake authentication service knows. */
const USERS: Record<string, Principal> = {
  'officer.jwt.token': { userId: 'u-officer', role: 'officer', email: 'officer@example.org' },
  'resident.jwt.token': { userId: 'u-resident', role: 'resident', email: 'resident@example.org' },
};

class Routes {
  unmarked() {}
  @Public() open() {}
  @Roles('officer', 'supervisor') search() {}
  @Roles('admin') adminOnly() {}
  @MetricsScrape() metrics() {}
}

@Roles('admin')
class AdminController {
  inherits() {}
  @Public() publicOverride() {}
}

class NoPolicyController {
  anything() {}
}

function contextFor(cls: new () => object, method: string, headers: AuthenticatedRequest['headers'] = {}, httpMethod = 'GET') {
  const req: AuthenticatedRequest & { method: string } = { headers, method: httpMethod };
  const handler = (cls.prototype as Record<string, () => void>)[method];
  const context = {
    getHandler: () => handler,
    getClass: () => cls,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}), getNext: () => undefined }),
  } as unknown as ExecutionContext;
  return { context, req };
}

describe('AccessGuard', () => {
  const authenticate = jest.fn((token: string): Promise<Principal> => {
    const principal = USERS[token];
    return principal ? Promise.resolve(principal) : Promise.reject(problem('auth.invalid_token', 'access token is not valid'));
  });
  /** The fake session store knows one cookie token, whose CSRF token is "csrf-of-" + token. */
  const SESSION = 'a'.repeat(43);
  const sessions = {
    authenticate: jest.fn((token: string) =>
      token === SESSION
        ? Promise.resolve({ ...USERS['resident.jwt.token'], sessionId: 's1' })
        : Promise.reject(problem('auth.session_invalid', 'you have signed out; sign in again')),
    ),
    csrfTokenMatches: (token: string, candidate: string | undefined) => candidate === `csrf-of-${token}`,
  };
  const guard = new AccessGuard(
    new Reflector(),
    { authenticate } as unknown as AuthenticationService,
    sessions as unknown as SessionsService,
    { METRICS_TOKEN } as ApiConfig,
  );
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeEach(() => {
    authenticate.mockClear();
    sessions.authenticate.mockClear();
  });

  describe('routes without a policy', () => {
    it('refuses a method without a policy (fails closed), even with a valid token', async () => {
      const { context } = contextFor(Routes, 'unmarked', bearer('officer.jwt.token'));
      await refusedWith(guard.canActivate(context), 403);
      await expect(guard.canActivate(context)).rejects.toThrow(/no access policy/);
    });

    it('refuses a controller without any policy', async () => {
      await refusedWith(guard.canActivate(contextFor(NoPolicyController, 'anything').context), 403);
    });
  });

  describe('public routes', () => {
    it('lets anyone in without a token and without authenticating', async () => {
      const { context, req } = contextFor(Routes, 'open');
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(authenticate).not.toHaveBeenCalled();
      expect(req.principal).toBeUndefined();
    });

    it('a method policy overrides the class policy', async () => {
      await expect(guard.canActivate(contextFor(AdminController, 'publicOverride').context)).resolves.toBe(true);
    });
  });

  describe('role routes', () => {
    it('without an Authorization header: Unauthorized, naming how to get a token', async () => {
      const { context } = contextFor(Routes, 'search');
      await refusedWith(guard.canActivate(context), 401);
      await expect(guard.canActivate(context)).rejects.toThrow(/Authorization/);
      expect(authenticate).not.toHaveBeenCalled();
    });

    it.each(['', 'Basic dXNlcjpwYXNz', 'Basic x', 'Bearer', 'Bearer ', 'Bearer two tokens', 'officer.jwt.token'])(
      'a malformed header %p: Unauthorized without asking the authentication service',
      async (header) => {
        const { context } = contextFor(Routes, 'search', { authorization: header });
        await refusedWith(guard.canActivate(context), 401);
        expect(authenticate).not.toHaveBeenCalled();
      },
    );

    it('an invalid token: the authentication service’s Unauthorized, and no principal set', async () => {
      const { context, req } = contextFor(Routes, 'search', bearer('forged.jwt.token'));
      await refusedWith(guard.canActivate(context), 401);
      expect(authenticate).toHaveBeenCalledWith('forged.jwt.token');
      expect(req.principal).toBeUndefined();
    });

    it('the right role: allowed, and the principal is set on the request', async () => {
      const { context, req } = contextFor(Routes, 'search', bearer('officer.jwt.token'));
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(authenticate).toHaveBeenCalledWith('officer.jwt.token');
      expect(req.principal).toEqual(USERS['officer.jwt.token']);
    });

    it('the wrong role: Forbidden, naming the allowed roles and the caller’s role', async () => {
      const { context } = contextFor(Routes, 'search', bearer('resident.jwt.token'));
      const error = await guard.canActivate(context).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'auth.role_not_allowed' });
      const message = (error as ProblemException).message;
      expect(message).toContain('officer');
      expect(message).toContain('supervisor');
      expect(message).toContain('resident');
    });

    it('a class-level role policy applies to its methods', async () => {
      await refusedWith(guard.canActivate(contextFor(AdminController, 'inherits', bearer('officer.jwt.token')).context), 403);
      await refusedWith(guard.canActivate(contextFor(AdminController, 'inherits').context), 401);
    });
  });

  describe('the metrics route', () => {
    it('the scrape token: allowed, without authenticating a user', async () => {
      const { context, req } = contextFor(Routes, 'metrics', bearer(METRICS_TOKEN));
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(authenticate).not.toHaveBeenCalled();
      expect(req.principal).toBeUndefined();
    });

    it.each([
      ['a wrong token of another length', 'wrong-token'],
      ['a wrong token of the same length', METRICS_TOKEN.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x'))],
      ['a user’s JWT', 'officer.jwt.token'],
    ])('%s: Unauthorized, naming METRICS_TOKEN', async (_, token) => {
      const { context } = contextFor(Routes, 'metrics', bearer(token));
      await refusedWith(guard.canActivate(context), 401);
      await expect(guard.canActivate(context)).rejects.toThrow(/METRICS_TOKEN/);
    });

    it('no token: Unauthorized', async () => {
      await refusedWith(guard.canActivate(contextFor(Routes, 'metrics').context), 401);
    });
  });

  it('an admin-only route refuses an officer and admits nobody without a token', async () => {
    await expect(guard.canActivate(contextFor(Routes, 'adminOnly', bearer('officer.jwt.token')).context)).rejects.toThrow(/admin/);
    await refusedWith(guard.canActivate(contextFor(Routes, 'adminOnly').context), 401);
  });
});
