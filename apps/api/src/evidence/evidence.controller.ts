import { Controller, Get, Inject, Logger, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@wardwatch/accounts';
import { ApiConfig } from '@wardwatch/config';
import {
  EVIDENCE_PACKAGE_SOURCE,
  EvidenceExportService,
  type AnyEvidenceManifest,
  type EvidencePackageSource,
  type PreparedEvidenceExport,
} from '@wardwatch/evidence';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { InvestigationIdParam, ReleaseIdParam } from './dto/evidence.dto';

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  private readonly logger = new Logger(EvidenceController.name);

  constructor(
    private readonly evidence: EvidenceExportService,
    @Inject(EVIDENCE_PACKAGE_SOURCE) private readonly packages: EvidencePackageSource,
    private readonly config: ApiConfig,
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
    await this.stream(prepared, res, { releaseId });
  }

  @Get('investigations/:id/evidence')
  @Roles('officer')
  @ApiOperation({
    operationId: 'exportInvestigationEvidence',
    summary:
      'Export the whole investigation as one evidence archive (tar, format wardwatch-evidence/2): the clips and thumbnails of ' +
      'every live release (a clip two releases cover is in it once), manifest.json listing every release, request and approval ' +
      'with the chain of custody, manifest.sha256. Named <caseNumber>-evidence-<date>.tar; for members of the investigation. ' +
      'Check it offline with `npm run verify-export -- <file>`. The export is audited.',
  })
  @ApiProduces('application/x-tar')
  @ApiOkResponse({
    description: 'The archive, streamed, with its exact Content-Length (so the browser shows progress)',
    content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(
    { status: 404, description: 'No such investigation' },
    { status: 409, description: 'Nothing released yet: the investigation has no live release (investigation.nothing_released)' },
  )
  async exportInvestigation(@CurrentUser() user: Principal, @Param() { id }: InvestigationIdParam, @Res() res: Response): Promise<void> {
    const actor = { userId: user.userId, role: user.role };
    // Membership and "something is released" are checked before any byte is sent.
    const pkg = await this.packages.packageForInvestigation(id, actor);
    const prepared = await this.evidence.prepareCase(pkg, actor, { timeZone: this.config.WARD_TIME_ZONE });
    await this.stream(prepared, res, { investigationId: id });
  }

  private async stream(prepared: PreparedEvidenceExport<AnyEvidenceManifest>, res: Response, context: object): Promise<void> {
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
      this.logger.error({ err: e, ...context }, 'evidence export stopped');
      res.destroy();
    }
  }
}
