import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { parseSearchCursor, placeParamsFromBody, SearchService, type CameraSearchParams, type SearchPage } from '@wardwatch/search';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { CameraSearchBodyDto, CameraSearchPage, CameraSearchQueryDto } from './dto/search.dto';

const afterOf = (cursor: string | undefined): CameraSearchParams['after'] =>
  cursor ? parseSearchCursor(decodeCursor(cursor, ['k1', 'k2', 'id'] as const)) : undefined;

/** The page as the API answers it: the list envelope, and for area searches the area and what no camera sees of it. */
function answer(page: SearchPage): CameraSearchPage {
  const { cameras, coverage, next, ...understood } = page;
  return {
    ...understood,
    items: cameras,
    next: next ? encodeCursor({ k1: String(next.k1), k2: String(next.k2), id: next.id }) : null,
    area: coverage?.area ?? null,
    areaM2: coverage?.areaM2 ?? null,
    uncovered: coverage?.uncovered ?? null,
    uncoveredFraction: coverage?.uncoveredFraction ?? null,
  };
}

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
      'A radius search ranks like POST /search/cameras with a circle (view cones into the area first) and answers its coverage. ' +
      'No footage, thumbnail or stream address is ever in a result.',
  })
  @ApiOkResponse({ type: CameraSearchPage })
  @ApiProblems({ status: 400, description: 'No place, two places, a window too long, or a malformed parameter: the message says which' })
  async cameras(@CurrentUser() user: Principal, @Query() q: CameraSearchQueryDto): Promise<CameraSearchPage> {
    const { cursor, ...params } = q;
    return answer(await this.search.searchCameras(user, { ...params, after: afterOf(cursor) }));
  }

  @Post('cameras')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'searchCamerasByBody',
    summary: 'The same search with the place as an object: street, circle, a drawn polygon, or ward (audited)',
    description:
      'For circle and polygon: cameras whose view cone reaches into the area come first (the more of the area they see, the earlier), ' +
      `then cameras inside or within ${50} m of it, nearest first; the page also carries the area and the parts of it that no ` +
      'consenting camera’s view cone covers (uncovered, over all such cameras, not only this page). Audited exactly like GET /search/cameras. ' +
      'A polygon is one closed ring of at most 200 [longitude, latitude] corners that does not cross itself, covering at most π·2000² m².',
  })
  @ApiOkResponse({ type: CameraSearchPage })
  @ApiProblems({
    status: 400,
    description: 'No or an unknown place, an invalid or too large polygon, a window too long, or a malformed field: the message says which',
  })
  async camerasByBody(@CurrentUser() user: Principal, @Body() body: CameraSearchBodyDto): Promise<CameraSearchPage> {
    const { place, cursor, ...rest } = body;
    return answer(await this.search.searchCameras(user, { ...placeParamsFromBody(place), ...rest, after: afterOf(cursor) }));
  }
}
