import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { AccountsService, AuthenticationService, type Principal, ROLES } from '@wardwatch/accounts';
import { CurrentUser, Public, Roles } from '../auth/access-policy';
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
  @ApiOperation({ summary: 'Exchange e-mail and password for a short-lived bearer token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address; wait a minute' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<TokenResponse> {
    return this.authentication.login(body.email, body.password, { ip: req.ip, userAgent: req.get('user-agent') });
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
