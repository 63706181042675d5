import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AccountsService, AuthenticationService, type Principal, ROLES, type SessionPrincipal, SessionsService } from '@wardwatch/accounts';
import { CurrentUser, Public, Roles } from '../auth/access-policy';
import { clearSessionCookies, setSessionCookies } from '../auth/session-cookies';
import { ApiProblems } from '../openapi/api-problems';
import { ChangePasswordDto, LoginDto, RegisterResidentDto, SessionResponse, TokenResponse, UserResponse } from './dto/account.dto';

const isSession = (p: Principal): p is SessionPrincipal => typeof (p as Partial<SessionPrincipal>).sessionId === 'string';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ operationId: 'login', summary: 'Exchange e-mail and password for a short-lived bearer token (API clients)' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems(
    { status: 401, description: 'Wrong e-mail or password, or the account is disabled or not yet confirmed' },
    { status: 429, description: 'Too many attempts for this account or from this address; `Retry-After` says when to try again' },
  )
  login(@Body() body: LoginDto, @Req() req: Request): Promise<TokenResponse> {
    return this.authentication.login(body.email, body.password, { ip: req.ip, userAgent: req.get('user-agent') });
  }

  @Post('session')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    operationId: 'openSession',
    summary:
      'Sign in a browser: sets the HttpOnly session cookie and the CSRF cookie (Secure, SameSite=Strict). ' +
      'Unsafe requests made with the cookie must echo csrfToken in the X-CSRF-Token header',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(
    { status: 401, description: 'Wrong e-mail or password, or the account is disabled' },
    { status: 403, description: 'The account awaits confirmation, or the browser marked the request cross-site' },
    { status: 429, description: 'Too many attempts for this account or from this address; `Retry-After` says when to try again' },
  )
  async signIn(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const context = { ip: req.ip, userAgent: req.get('user-agent') };
    const user = await this.authentication.verifyCredentials(body.email, body.password, context);
    const session = await this.sessions.open({ userId: user.id, role: user.role, email: user.email }, context);
    setSessionCookies(res, session);
    res.setHeader('Cache-Control', 'no-store');
    return { user: await this.accounts.get(user.id), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  @Delete('session')
  @HttpCode(204)
  @Roles(...ROLES)
  @ApiOperation({ operationId: 'closeSession', summary: 'Sign out: ends this browser session on the server and clears its cookies' })
  @ApiNoContentResponse({ description: 'Signed out; the cookies are cleared' })
  async signOut(@CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (isSession(user)) await this.sessions.close(user);
    clearSessionCookies(res);
  }

  @Post('password')
  @HttpCode(204)
  @Roles(...ROLES)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    operationId: 'changePassword',
    summary: "Change one's own password (the current one is asked again); every other browser session of the account ends",
  })
  @ApiNoContentResponse({ description: 'Changed; this session stays signed in, every other one ends' })
  @ApiProblems(
    { status: 400, description: 'A field is not valid, or the new password is the current one (`auth.password_unchanged`)' },
    { status: 403, description: 'The current password is not correct (`auth.wrong_password`), or a CSRF token is missing or wrong' },
    { status: 429, description: 'Too many attempts; `Retry-After` says when to try again' },
  )
  changePassword(@CurrentUser() user: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    return this.accounts.changePassword(user, body.currentPassword, body.newPassword, isSession(user) ? user.sessionId : null);
  }

  @Post('register')
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ operationId: 'registerResident', summary: 'Residents create their own account' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(
    { status: 409, description: 'An account with this e-mail exists' },
    { status: 429, description: 'Too many attempts from this address; `Retry-After` says when to try again' },
  )
  register(@Body() body: RegisterResidentDto): Promise<UserResponse> {
    return this.accounts.registerResident(body);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOperation({ operationId: 'getCurrentUser', summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: Principal): Promise<UserResponse> {
    return this.accounts.get(user.userId);
  }
}
