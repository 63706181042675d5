import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Logger, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Principal } from '@wardwatch/accounts';
import {
  AuditFlagsService,
  AuditService,
  AuditVerificationService,
  auditCsvHeader,
  auditCsvRow,
  type AuditFilter,
  type VerificationRun,
} from '@wardwatch/audit';
import { ApiConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { cursorKeys, keysetPage } from '../http/page';
import { uuidParam } from '../http/validation-problem';
import {
  AuditFilterDto,
  AuditFlagsQueryDto,
  AuditFlagsResponse,
  AuditPage,
  AuditQueryDto,
  ChainVerificationResponse,
  VerificationRunResponse,
} from './dto/audit.dto';

const DAY_MS = 24 * 3600 * 1000;
/** Flags scan the period's entries on demand: a quarter at most per call keeps that bounded. */
const MAX_FLAG_PERIOD_DAYS = 92;

@ApiTags('audit')
@Controller('audit')
@Roles('supervisor')
export class AuditController {
  private readonly logger = new Logger(AuditController.name);

  constructor(
    private readonly audit: AuditService,
    private readonly flagsService: AuditFlagsService,
    private readonly verifications: AuditVerificationService,
    private readonly config: ApiConfig,
  ) {}

  @Get('entries')
  @ApiOperation({ operationId: 'listAuditEntries', summary: 'Audit entries, newest first, filtered; reading the log is itself audited' })
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
    const rows = await this.audit.find({ ...filters, beforeSeq: cursorKeys(cursor, ['seq'] as const)?.seq, limit: limit + 1 });
    return keysetPage(rows, limit, (last) => ({ seq: last.seq }));
  }

  @Get('entries.csv')
  @ApiOperation({
    operationId: 'exportAuditEntriesCsv',
    summary: 'Every entry matching the filters as CSV (RFC 4180), oldest first, streamed; hashes included so the chain can be recomputed',
    description:
      'UTF-8 starting with a byte order mark (EF BB BF), so that spreadsheet programs read Vietnamese names correctly; strip it before parsing if your reader does not. ' +
      'actor_name is the only column the hashes do not cover (the display name now, empty for the system and deleted accounts).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'CSV with a header row: seq, at, actor_id, actor_role, actor_name, action, ..., details (JSON), prev_hash, hash',
    content: { 'text/csv': { schema: { type: 'string' }, example: 'seq,at,actor_id,actor_role,action,...\r\n' } },
  })
  async exportCsv(@CurrentUser() user: Principal, @Query() q: AuditFilterDto, @Res() res: Response): Promise<void> {
    const filter: AuditFilter = { ...q };
    // Recorded first: the export names itself (and appears in it when the filters match).
    const entry = await this.audit.record({
      actor: { userId: user.userId, role: user.role },
      action: 'audit.exported',
      subject: { type: 'audit_log' },
      details: { format: 'csv', filters: filter },
    });
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${entry.at.toISOString().replace(/[:.]/g, '-')}.csv"`);
    const audit = this.audit;
    const rows = async function* () {
      yield auditCsvHeader();
      for await (const e of audit.stream(filter)) yield auditCsvRow(e);
    };
    try {
      await pipeline(Readable.from(rows()), res);
    } catch (e) {
      // Headers are gone: the client sees a cut-off download; the log says why.
      this.logger.error({ err: e, exportSeq: entry.seq }, 'audit CSV export stopped');
      res.destroy();
    }
  }

  @Get('flags')
  @ApiOperation({
    operationId: 'listAuditFlags',
    summary:
      "Patterns to review in a period: officers' searches without an investigation, download bursts, requests declined by owners, refused access attempts",
  })
  @ApiOkResponse({ type: AuditFlagsResponse })
  @ApiProblems({ status: 400, description: `from after to, or a period longer than ${MAX_FLAG_PERIOD_DAYS} days` })
  async flags(@CurrentUser() user: Principal, @Query() q: AuditFlagsQueryDto): Promise<AuditFlagsResponse> {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 7 * DAY_MS);
    if (from >= to) throw problem('audit.period_reversed', 'from must be before to');
    if (to.getTime() - from.getTime() > MAX_FLAG_PERIOD_DAYS * DAY_MS) {
      throw problem('audit.period_too_long', `the period is longer than ${MAX_FLAG_PERIOD_DAYS} days; ask for it in parts`);
    }
    const downloadRule = {
      maxLinks: q.maxLinks ?? this.config.AUDIT_FLAG_DOWNLOAD_LINKS,
      windowMinutes: q.windowMinutes ?? this.config.AUDIT_FLAG_DOWNLOAD_WINDOW_MINUTES,
    };
    const flags = await this.flagsService.flags({ from, to }, downloadRule);
    await this.audit.record({
      actor: { userId: user.userId, role: user.role },
      action: 'audit.flags_viewed',
      subject: { type: 'audit_log' },
      details: { from, to, downloadRule, flags: flags.length },
    });
    return { from, to, downloadRule, items: flags, next: null };
  }

  @Post('verifications')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'startAuditVerification',
    summary:
      'Start walking the whole hash chain in the background (one run at a time: while one runs, this answers it); follow it with GET /audit/verifications/{id}. The result is audited as audit.verified',
  })
  @ApiAcceptedResponse({ type: VerificationRunResponse, description: 'The run started, or the one already running' })
  async startVerification(@CurrentUser() user: Principal): Promise<VerificationRunResponse> {
    return runView((await this.verifications.start({ userId: user.userId, role: user.role })).run);
  }

  @Get('verifications/:id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ operationId: 'getAuditVerification', summary: 'How far a chain verification run got, and its result once finished' })
  @ApiOkResponse({ type: VerificationRunResponse })
  @ApiProblems({ status: 404, description: 'No such verification run' })
  async verification(@Param('id', uuidParam('id')) id: string): Promise<VerificationRunResponse> {
    const run = await this.verifications.get(id);
    if (!run) throw problem('audit.verification_not_found', `no verification run ${id}; start one with POST /audit/verifications`);
    return runView(run);
  }

  @Get('verify')
  @ApiOperation({
    operationId: 'verifyAuditChain',
    summary: 'Walk the whole hash chain and report the first broken entry, in one request (the console uses POST /audit/verifications)',
  })
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

function runView({ requestedBy: _requestedBy, ...run }: VerificationRun): VerificationRunResponse {
  return run;
}
