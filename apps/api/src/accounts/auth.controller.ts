import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { AccountsService, AuthenticationService, type Principal, ROLES } from '@wardwatch/accounts';
import { CurrentUser, Public, Roles } from '../auth/access-policy';
import { ApiProblems } from '../openapi/api-problems';
import { LoginDto, RegisterResidentDto, TokenResponse, UserResponse } from './dto/account.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly accounts: AccountsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ operationId: 'login', summary: 'Exchange e-mail and password for a short-lived bearer token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems(
    { status: 401, description: 'Wrong e-mail or password, or the account is disabled or not yet confirmed' },
    { status: 429, description: 'Too many attempts for this account or from this address; `Retry-After` says when to try again' },
  )
  login(@Body() body: LoginDto, @Req() req: Request): Promise<TokenResponse> {
    return this.authentication.login(body.email, body.password, { ip: req.ip, userAgent: req.get('user-agent') });
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
