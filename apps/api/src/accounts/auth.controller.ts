import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AccountsService, AuthenticationService, type Principal, ROLES, type SessionPrincipal, SessionsService } from '@wardwatch/accounts';
import { CurrentUser, Public, Roles } from '../auth/access-policy';
import { clearSessionCookies, setSessionCookies } from '../auth/session-cookies';
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
  @ApiOperation({ summary: 'Exchange e-mail and password for a short-lived bearer token (API clients)' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address; wait a minute' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<TokenResponse> {
    return this.authentication.login(body.email, body.password, { ip: req.ip, userAgent: req.get('user-agent') });
  }

  @Post('session')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary:
      'Sign in a browser: sets the HttpOnly session cookie and the CSRF cookie (Secure, SameSite=Strict). ' +
      'Unsafe requests made with the cookie must echo csrfToken in the X-CSRF-Token header',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address; wait a minute' })
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
  @ApiOperation({ summary: 'Sign out: ends this browser session on the server and clears its cookies' })
  @ApiNoContentResponse()
  async signOut(@CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (isSession(user)) await this.sessions.close(user);
    clearSessionCookies(res);
  }

  @Post('password')
  @HttpCode(204)
  @Roles(...ROLES)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: "Change one's own password (the current one is asked again); every other browser session of the account ends",
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'The current password is not correct' })
  changePassword(@CurrentUser() user: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    return this.accounts.changePassword(user, body.currentPassword, body.newPassword, isSession(user) ? user.sessionId : null);
  }

  @Post('register')
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Residents create their own account' })
  @ApiCreatedResponse({ type: UserResponse })
  register(@Body() body: RegisterResidentDto): Promise<UserResponse> {
    return this.accounts.registerResident(body);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: Principal): Promise<UserResponse> {
    return this.accounts.get(user.userId);
  }
}
