import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { ReleasesService } from '@wardwatch/investigations';
import { CurrentUser, Roles } from '../auth/access-policy';
import { ApiProblems } from '../openapi/api-problems';
import { IdParam, RevokedReleaseResponse, RevokeReleaseDto } from './dto/investigation.dto';

@ApiTags('investigations')
@Controller('releases')
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    operationId: 'revokeRelease',
    summary: 'End one live release early: no more links through it, its legal hold lifts, the lead is told',
    description:
      'Audited as footage.release_revoked (and hold.lifted) in the same transaction. Only this release ends: the other cameras of ' +
      'the same request, and the rest of the investigation, keep theirs. Any supervisor may revoke (it only takes access away), ' +
      'the one who filed the request included.',
  })
  @ApiOkResponse({ type: RevokedReleaseResponse })
  @ApiProblems({ status: 404, description: 'No such release' })
  @ApiProblems({ status: 409, description: 'The release was already revoked or has expired (release.ended)' })
  revoke(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: RevokeReleaseDto): Promise<RevokedReleaseResponse> {
    return this.releases.revoke(user, id, body.reason);
  }
}
