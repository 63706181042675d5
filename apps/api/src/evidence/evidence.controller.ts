import { Controller, Get, Inject, Logger, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@wardwatch/accounts';
import { EVIDENCE_PACKAGE_SOURCE, EvidenceExportService, type EvidencePackageSource } from '@wardwatch/evidence';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { ReleaseIdParam } from './dto/evidence.dto';

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  private readonly logger = new Logger(EvidenceController.name);

  constructor(
    private readonly evidence: EvidenceExportService,
    @Inject(EVIDENCE_PACKAGE_SOURCE) private readonly packages: EvidencePackageSource,
  ) {}

  @Get('releases/:releaseId/evidence')
  @Roles('officer')
  @ApiOperation({
    operationId: 'exportReleaseEvidence',
    summary:
      'Export a release as an evidence archive (tar): the clips, manifest.json with their SHA-256 and the chain of custody, ' +
      'manifest.sha256. Check it offline with `npm run verify-export -- <file>`. The export is audited.',
  })
  @ApiProduces('application/x-tar')
  @ApiOkResponse({
    description: 'The archive, streamed, with its exact Content-Length',
    content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems({ status: 404, description: 'No such release' })
  async export(@CurrentUser() user: Principal, @Param() { releaseId }: ReleaseIdParam, @Res() res: Response): Promise<void> {
    const actor = { userId: user.userId, role: user.role };
    // Membership and release validity are checked here, before any byte is sent (4xx stay clean).
    const prepared = await this.evidence.prepare(await this.packages.packageForRelease(releaseId, actor), actor);
    res.status(200);
    res.setHeader('Content-Type', 'application/x-tar');
    res.setHeader('Content-Length', String(prepared.size));
    res.setHeader('Content-Disposition', `attachment; filename="${prepared.fileName}"`);
    try {
      await prepared.writeTo(res);
      res.end();
    } catch (e) {
      if (!res.headersSent) {
        // Nothing was sent (the export could not be put on the record first): a clean error response.
        for (const header of ['Content-Type', 'Content-Length', 'Content-Disposition']) res.removeHeader(header);
        throw e;
      }
      // Headers are gone: the download is cut short (shorter than Content-Length), and the log says why.
      this.logger.error({ err: e, releaseId }, 'evidence export stopped');
      res.destroy();
    }
  }
}
