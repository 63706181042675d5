import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { CurrentUser, Roles } from '../auth/access-policy';
import { AuditPage, AuditQueryDto, ChainVerificationResponse } from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit')
@Roles('supervisor')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('entries')
  @ApiOperation({ summary: 'Audit entries, newest first, filtered; reading the log is itself audited' })
  @ApiOkResponse({ type: AuditPage })
  async list(@CurrentUser() user: Principal, @Query() q: AuditQueryDto): Promise<AuditPage> {
    const limit = q.limit ?? 100;
    const { cursor, limit: _limit, ...filters } = q;
    await this.audit.record({
      actor: { userId: user.userId, role: user.role },
      action: 'audit.searched',
      subject: { type: 'audit_log' },
      details: { filters, cursor: cursor ?? null },
    });
    const items = await this.audit.find({ ...filters, beforeSeq: cursor, limit });
    const last = items.at(-1);
    return { items, nextCursor: items.length === limit && last ? last.seq : null };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Walk the whole hash chain and report the first broken entry' })
  @ApiOkResponse({ type: ChainVerificationResponse })
  async verify(@CurrentUser() user: Principal): Promise<ChainVerificationResponse> {
    const result = await this.audit.verifyAndAnchor();
    await this.audit.record({
      actor: { userId: user.userId, role: user.role },
      action: 'audit.verified',
      subject: { type: 'audit_log' },
      details: result.ok
        ? { ok: true, entries: result.entries, headHash: result.headHash }
        : { ok: false, firstBroken: result.firstBroken },
    });
    return result;
  }
}
