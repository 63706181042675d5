import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { ReleasesService } from '@wardwatch/investigations';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { IdParam, IssueLinkDto, LinkResponse } from './dto/investigation.dto';

@ApiTags('investigations')
@Controller('clips')
export class ClipLinksController {
  constructor(private readonly releases: ReleasesService) {}

  @Post(':id/links')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'issueClipLink',
    summary: 'A short-lived link to view or download a released clip (or its thumbnail); audited as link.issued',
    description: 'Only for members of an investigation with a live (not expired, not revoked) release covering the clip.',
  })
  @ApiCreatedResponse({ type: LinkResponse })
  @ApiProblems({ status: 403, description: 'Not a member, or no live release covers the clip' })
  issue(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: IssueLinkDto): Promise<LinkResponse> {
    return this.releases.issueLink(user, {
      clipId: id,
      investigationId: body.investigationId,
      kind: body.kind,
      asset: body.asset ?? 'clip',
    });
  }
}
