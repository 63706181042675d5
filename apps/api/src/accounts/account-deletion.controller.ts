import { Body, Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { ResidentPortalService } from '@wardwatch/residents';
import { CurrentUser, Roles } from '../auth/access-policy';
import { ApiProblems } from '../openapi/api-problems';
import { AccountDeletionPreviewResponse, AccountDeletionResponse, DeleteAccountDto } from './dto/account-deletion.dto';

/** A resident deletes their own account: first what will happen, then the deletion with the password re-entered. */
@ApiTags('auth')
@Controller('auth/me')
export class AccountDeletionController {
  constructor(private readonly residents: ResidentPortalService) {}

  @Get('deletion-preview')
  @Roles('resident')
  @ApiOperation({
    operationId: 'previewAccountDeletion',
    summary: 'What deleting your account would do: cameras removed, footage deleted or kept on hold, requests declined. Changes nothing',
  })
  @ApiOkResponse({ type: AccountDeletionPreviewResponse })
  preview(@CurrentUser() user: Principal): Promise<AccountDeletionPreviewResponse> {
    return this.residents.deletionPreview(user);
  }

  @Delete()
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({
    operationId: 'deleteAccount',
    summary:
      'Delete your account (residents): every camera removed as by DELETE /cameras/:id, pending requests declined, the account disabled and your name, e-mail and phone replaced by a pseudonym; the audit log keeps its entries',
  })
  @ApiOkResponse({ type: AccountDeletionResponse })
  @ApiProblems({
    status: 403,
    description:
      '`account.wrong_password` (nothing deleted), or `account.staff_cannot_self_delete` (an admin disables staff accounts), or not a resident',
  })
  remove(@CurrentUser() user: Principal, @Body() body: DeleteAccountDto): Promise<AccountDeletionResponse> {
    return this.residents.deleteAccount(user, body.password);
  }
}
