import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '@wardwatch/audit';
import { ApiConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { normaliseEmail, toUserView, UserView } from './accounts.service';
import { PasswordHasher } from './password-hasher';
import { Principal } from './roles';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface LoginContext {
  ip?: string;
  userAgent?: string;
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserView;
}

interface AccessTokenClaims {
  sub: string;
  role: string;
  /** The user's credentials version when the token was issued (absent in tokens from before it existed: version 0). */
  cv?: number;
}

const INVALID_CREDENTIALS = 'invalid e-mail or password';

/** Login and access tokens. Tokens are short-lived; every request re-reads the user so that disabling takes effect at once. */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly config: ApiConfig,
  ) {}

  async login(emailInput: string, password: string, context: LoginContext): Promise<IssuedToken> {
    const user = await this.verifyCredentials(emailInput, password, context);
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, cv: user.credentialsVersion };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    await this.audit.record({
      actor: { userId: user.id, role: user.role },
      action: 'auth.login',
      subject: { type: 'user', id: user.id },
      details: { ip: context.ip ?? null, userAgent: context.userAgent ?? null },
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS, user: toUserView(user) };
  }

  /**
   * Checks an e-mail and password (for a bearer token or a browser session); a failure is audited
   * and answered without saying which of the two was wrong.
   */
  async verifyCredentials(emailInput: string, password: string, context: LoginContext): Promise<UserEntity> {
    const email = normaliseEmail(emailInput);
    const user = await this.users.findByEmail(email);
    // Verify against a dummy hash when the account is unknown so that response time does not reveal it.
    const valid = await this.hasher.verify(password, user?.passwordHash ?? (await this.hasher.dummyHash()));
    if (!user || !valid || user.status !== 'active') {
      const reason = !user
        ? 'unknown e-mail'
        : !valid
          ? 'wrong password'
          : user.status === 'pending'
            ? 'account pending'
            : 'account disabled';
      await this.audit.record({
        // The caller is unknown (that is the point of a failed login); the account is the subject.
        actor: { userId: null, role: 'anonymous' },
        action: 'auth.login_failed',
        subject: { type: 'user', id: user?.id ?? null },
        details: { email, reason, ip: context.ip ?? null, userAgent: context.userAgent ?? null },
      });
      // Only someone who knows the password learns that the account waits for its second admin.
      if (user && valid && user.status === 'pending') {
        throw problem(
          'auth.awaiting_confirmation',
          'this account waits for a second administrator to confirm it; ask an admin other than the one who created it',
        );
      }
      throw problem('auth.invalid_credentials', INVALID_CREDENTIALS);
    }
    if (this.hasher.needsRehash(user.passwordHash)) {
      // The only moment the password is at hand: re-hash it at today's cost. Not a password change,
      // so tokens and sessions stay valid (credentials_version is untouched).
      await this.users.replacePasswordHash(user.id, user.passwordHash, await this.hasher.hash(password));
    }
    return user;
  }

  /** Resolves a bearer token to the caller, or explains why it cannot. */
  async authenticate(token: string): Promise<Principal> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch (e) {
      const expired = e instanceof Error && e.name === 'TokenExpiredError';
      throw expired
        ? problem('auth.token_expired', 'The access token expired; log in again.')
        : problem('auth.invalid_token', 'The access token is not valid; log in again.');
    }
    const user = typeof claims.sub === 'string' ? await this.users.findById(claims.sub) : null;
    if (!user || user.status !== 'active') {
      throw problem('auth.account_unavailable', 'the account behind this token is disabled or no longer exists');
    }
    if ((claims.cv ?? 0) !== user.credentialsVersion) {
      throw problem('auth.invalid_token', "The account's password was changed after this access token was issued; log in again.");
    }
    // The stored role wins over the token's, so a role change applies to tokens already issued.
    return { userId: user.id, role: user.role, email: user.email };
  }
}
