import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { parseSearchCursor, SearchService } from '@wardwatch/search';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { CameraSearchPage, CameraSearchQueryDto } from './dto/search.dto';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('cameras')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'searchCameras',
    summary: 'Cameras at a place with their events, clips and gaps in a time window (audited)',
    description:
      'One place: street (optionally houseFrom/houseTo, and wardId to narrow it), lat+lon+radiusM, or wardId. ' +
      'from/to are required and at most SEARCH_MAX_WINDOW_HOURS apart. Only cameras whose consent allows police search appear. ' +
      'No footage, thumbnail or stream address is ever in a result.',
  })
  @ApiOkResponse({ type: CameraSearchPage })
  @ApiProblems({ status: 400, description: 'No place, two places, a window too long, or a malformed parameter: the message says which' })
  async cameras(@CurrentUser() user: Principal, @Query() q: CameraSearchQueryDto): Promise<CameraSearchPage> {
    const { cursor, ...params } = q;
    const page = await this.search.searchCameras(user, {
      ...params,
      after: cursor ? parseSearchCursor(decodeCursor(cursor, ['k1', 'k2', 'id'] as const)) : undefined,
    });
    const { cameras, ...understood } = page;
    return {
      ...understood,
      items: cameras,
      next: page.next ? encodeCursor({ k1: String(page.next.k1), k2: String(page.next.k2), id: page.next.id }) : null,
    };
  }
}
