import { Controller, Get, Header, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { TransparencyService } from '@wardwatch/transparency';
import { Public } from '../auth/access-policy';
import { ApiProblems } from '../openapi/api-problems';
import { TransparencyQueryDto, TransparencyReportResponse } from './dto/transparency.dto';

/**
 * Reports per address and minute: generous for people and spreadsheets, a bound for scrapers (the
 * report is cached, so a burst costs memory reads, not queries).
 */
export const TRANSPARENCY_REQUESTS_PER_MINUTE = 120;

const PROBLEMS = [
  {
    status: 400 as const,
    description: 'A month is malformed, from is after to, to is after the current month, or the period is longer than 24 months',
  },
  { status: 404 as const, description: 'No ward has this wardId (`ward.not_found`)' },
  { status: 429 as const, description: 'Too many reports from this address in a minute; `Retry-After` says when to try again' },
];

/**
 * The public transparency report: no sign-in. Not audited per view, on purpose: it is an aggregate
 * of the audit log itself, carries no personal data, and recording anonymous readers would mean
 * keeping their addresses.
 */
@ApiTags('transparency')
@Controller('transparency')
@Public()
@UseGuards(ThrottlerGuard)
// One counter per address (the login throttler's per-account one would track the address too, at the login limit).
@SkipThrottle({ 'per-account': true })
@Throttle({ 'per-address': { limit: TRANSPARENCY_REQUESTS_PER_MINUTE, ttl: 60_000 } })
export class TransparencyController {
  constructor(private readonly transparency: TransparencyService) {}

  @Get('report')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getTransparencyReport',
    summary:
      "Public: per month (the ward's calendar) and ward, footage requests filed, supervisors' and owners' decisions, releases, " +
      'evidence exports, cameras enrolled, paused and withdrawn, counted from the audit log; counts from 1 to 4 suppressed',
  })
  @ApiOkResponse({ type: TransparencyReportResponse })
  @ApiProblems(...PROBLEMS)
  report(@Query() q: TransparencyQueryDto): Promise<TransparencyReportResponse> {
    return this.transparency.report(q);
  }

  @Get('report.csv')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getTransparencyReportCsv',
    summary: 'Public: the same rows as CSV (UTF-8 with a byte-order mark), one column per figure, suppressed cells written "<5"',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'month, ward_id, ward_name, requests_filed, ..., cameras_withdrawn',
    content: { 'text/csv': { schema: { type: 'string' }, example: '\uFEFFmonth,ward_id,ward_name,requests_filed,...\r\n' } },
  })
  @ApiProblems(...PROBLEMS)
  async csv(@Query() q: TransparencyQueryDto, @Res() res: Response): Promise<void> {
    const report = await this.transparency.report(q);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    res.setHeader('Content-Disposition', `attachment; filename="transparency-${report.from}-${report.to}.csv"`);
    res.send(this.transparency.csv(report));
  }
}
