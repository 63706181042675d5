import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService, type Principal } from '@wardwatch/accounts';
import { CurrentUser, Roles } from '../auth/access-policy';
import { ApiProblems } from '../openapi/api-problems';
import { cursorKeys, keysetPage } from '../http/page';
import { CreateStaffDto, ListUsersQueryDto, UpdateUserDto, UserIdParam, UserPage, UserResponse } from './dto/account.dto';

@ApiTags('users')
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiOperation({ operationId: 'createStaffUser', summary: 'Create an officer, supervisor or admin account' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems({ status: 409, description: 'An account with this e-mail exists' })
  create(@CurrentUser() actor: Principal, @Body() body: CreateStaffDto): Promise<UserResponse> {
    return this.accounts.createStaff(actor, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'List accounts, oldest first, by keyset pages' })
  @ApiOkResponse({ type: UserPage })
  async list(@Query() query: ListUsersQueryDto): Promise<UserPage> {
    const limit = query.limit ?? 50;
    const after = cursorKeys(query.cursor, ['createdAt', 'id'] as const);
    const rows = await this.accounts.list({
      role: query.role,
      status: query.status,
      after: after ? { createdAt: new Date(after.createdAt), id: after.id } : undefined,
      limit: limit + 1,
    });
    return keysetPage(rows, limit, (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id }));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getUser', summary: 'One account' })
  @ApiOkResponse({ type: UserResponse })
  get(@Param() { id }: UserIdParam): Promise<UserResponse> {
    return this.accounts.get(id);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'confirmUser',
    summary:
      'Confirm a new staff account or a proposed staff role: a second admin, not the one who proposed it. Until then the account cannot sign in, or keeps its old role; audited',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems({ status: 409, description: 'Nothing waits for confirmation on this account' })
  confirm(@CurrentUser() actor: Principal, @Param() { id }: UserIdParam): Promise<UserResponse> {
    return this.accounts.confirm(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateUser',
    summary:
      'Change role, status (disable/enable) or display name; audited. A change to a staff role waits for a second admin (POST /users/:id/confirm)',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems({ status: 409, description: 'Activating an account that a second admin has not confirmed yet' })
  update(@CurrentUser() actor: Principal, @Param() { id }: UserIdParam, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return this.accounts.update(actor, id, body);
  }
}
