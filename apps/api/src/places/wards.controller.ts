import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { WardsService, type WardMap } from '@wardwatch/places';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { PageOf, wholeList } from '../http/page';
import { uuidParam } from '../http/validation-problem';

export class WardImportDto {
  @ApiProperty({ enum: ['FeatureCollection'] }) @IsIn(['FeatureCollection']) type: 'FeatureCollection';

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Polygon/MultiPolygon features with properties code and name' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsObject({ each: true })
  features: object[];
}

export class WardResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'him-lam' }) code: string;
  @ApiProperty({ example: 'Him Lam' }) name: string;
  @ApiProperty({ description: 'A boundary polygon was imported (cameras must stand inside it)' }) hasBoundary: boolean;
}

export class WardPage extends PageOf(WardResponse) {}

class WardMapPropertiesResponse {
  @ApiProperty({ enum: ['ward', 'street'], description: 'ward: the boundary; street: one street of the ward' }) layer: 'ward' | 'street';
  @ApiProperty({ format: 'uuid', description: 'The ward’s id, or the street’s' }) id: string;
  @ApiProperty({ example: 'Hoàng Văn Thái' }) name: string;
  @ApiPropertyOptional({ example: 'him-lam', description: 'The ward’s code (the boundary only)' }) code?: string;
}

class WardMapGeometryResponse {
  @ApiProperty({ enum: ['MultiPolygon', 'MultiLineString'], description: 'MultiPolygon for the boundary, MultiLineString for a street' })
  type: 'MultiPolygon' | 'MultiLineString';
  @ApiProperty({
    type: 'array',
    items: {},
    description: 'GeoJSON coordinates ([longitude, latitude], 6 decimals), nested as the geometry type says',
  })
  coordinates: unknown[];
}

class WardMapFeatureResponse {
  @ApiProperty({ enum: ['Feature'] }) type: 'Feature';
  @ApiProperty({ type: WardMapPropertiesResponse }) properties: WardMapPropertiesResponse;
  @ApiProperty({ type: WardMapGeometryResponse }) geometry: WardMapGeometryResponse;
}

/** GeoJSON (RFC 7946) a map draws without tiles: the boundary first, then the streets by name. */
export class WardMapResponse {
  @ApiProperty({ enum: ['FeatureCollection'] }) type: 'FeatureCollection';
  @ApiProperty({
    type: 'array',
    items: { type: 'number' },
    minItems: 4,
    maxItems: 4,
    nullable: true,
    example: [103.0195, 21.3788, 103.0436, 21.3991],
    description: '[west, south, east, north] of the boundary; null when the ward has no boundary yet',
  })
  bbox: [number, number, number, number] | null;
  @ApiProperty({ type: [WardMapFeatureResponse], description: 'The boundary (when imported), then every street that has a line' })
  features: WardMapFeatureResponse[];
}

@ApiTags('places')
@Controller('wards')
export class WardsController {
  constructor(private readonly wards: WardsService) {}

  @Get()
  @Roles('resident', 'officer', 'supervisor', 'admin')
  @ApiOperation({ operationId: 'listWards', summary: 'Wards cameras can be enrolled in' })
  @ApiOkResponse({ type: WardPage })
  async list(): Promise<WardPage> {
    // Bounded by nature: the wards one installation serves (an import takes at most 500), so one page.
    return wholeList(await this.wards.list());
  }

  @Get(':id/map')
  @Roles('resident', 'officer', 'supervisor', 'admin')
  @ApiParam({ name: 'id', format: 'uuid', description: 'The ward' })
  @ApiOperation({
    operationId: 'getWardMap',
    summary: "The ward's map as GeoJSON: its boundary and its streets' lines, drawn by the web app without any tile server",
  })
  @ApiOkResponse({ type: WardMapResponse })
  @ApiProblems({ status: 404, description: 'No such ward' })
  map(@Param('id', uuidParam('id')) wardId: string): Promise<WardMap> {
    return this.wards.map(wardId);
  }

  @Post('import')
  @Roles('admin')
  @ApiOperation({
    operationId: 'importWards',
    summary: 'Import or update wards from GeoJSON (all or nothing; audited). Body limit: HTTP_IMPORT_BODY_LIMIT',
  })
  @ApiCreatedResponse({ type: [WardResponse], description: 'Every ward imported or updated' })
  @ApiProblems({ status: 413, description: 'The body is larger than HTTP_IMPORT_BODY_LIMIT' })
  import(@CurrentUser() user: Principal, @Body() body: WardImportDto): Promise<WardResponse[]> {
    return this.wards.importGeoJson(user, body);
  }
}
