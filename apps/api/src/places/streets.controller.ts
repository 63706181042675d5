import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {} from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { SKIP_EXAMPLES, STREET_SKIP_REASONS, StreetsService, type StreetImportResult, type StreetSkipReason } from '@wardwatch/places';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { cursorKeys, keysetPage, PageOf, PageQuery } from '../http/page';
import { uuidParam } from '../http/validation-problem';

export class StreetImportDto {
  @ApiPropertyOptional({ enum: ['FeatureCollection'], description: 'With features: a GeoJSON FeatureCollection' })
  @IsOptional()
  @IsIn(['FeatureCollection'])
  type?: 'FeatureCollection';

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description:
      'An OpenStreetMap-style export: LineString/MultiLineString (or null geometry) features named in properties `name:vi` or `name`; ' +
      'features without a name or with another geometry are skipped and counted. At most 20000 features (HTTP_IMPORT_BODY_LIMIT bounds the body)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20000)
  @IsObject({ each: true })
  features?: object[];

  @ApiPropertyOptional({ type: [String], example: ['Hoàng Văn Thái', 'Nguyễn Thị Minh Khai'], description: 'Or just the names' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  names?: string[];
}

export class StreetListQueryDto extends PageQuery({ defaultLimit: 500, maxLimit: 2000 }) {
  @ApiPropertyOptional({ description: 'Only streets resembling this name (diacritics ignored, typos tolerated), closest first' })
  @IsOptional()
  @IsString()
  @MaxLength(160)
  q?: string;
}

export class StreetResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) wardId: string;
  @ApiProperty() name: string;
  @ApiProperty() hasGeometry: boolean;
  @ApiPropertyOptional({ description: 'With q: similarity 0-1' }) similarity?: number;
}

export class StreetPage extends PageOf(StreetResponse) {}

class StreetSkipCounts {
  @ApiProperty({ description: 'Not a GeoJSON Feature' }) not_a_feature: number;
  @ApiProperty({ description: 'No `name:vi` or `name` (unnamed ways are common in OpenStreetMap exports)' }) no_name: number;
  @ApiProperty({ description: 'A geometry other than LineString/MultiLineString (points, areas), or malformed coordinates' })
  not_a_line: number;
  @ApiProperty({ description: 'A line PostGIS finds invalid' }) invalid_line: number;
}

class StreetSkipResponse {
  @ApiProperty({ description: 'Index of the feature in the import' }) feature: number;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ enum: STREET_SKIP_REASONS }) reason: StreetSkipReason;
  @ApiProperty({ type: String, nullable: true, description: 'The geometry type, or what PostGIS said of the line' }) detail: string | null;
}

export class StreetImportResponse {
  @ApiProperty({ description: 'Streets new to the ward' }) imported: number;
  @ApiProperty({ description: 'Streets the ward had (same name, diacritics and case ignored): spelling and line updated' }) updated: number;
  @ApiProperty({ type: StreetSkipCounts, description: 'Features left out, by reason' }) skipped: StreetSkipCounts;
  @ApiProperty({ type: [StreetSkipResponse], description: `The first ${SKIP_EXAMPLES} skipped features, in import order` })
  skippedExamples: StreetSkipResponse[];
  @ApiProperty({ description: 'Features read (0 for a list of names); the ways of one street become one street' }) features: number;
  @ApiProperty({ type: [StreetResponse], description: 'Every street imported or updated' }) streets: StreetResponse[];
}

@ApiTags('places')
@ApiParam({ name: 'id', format: 'uuid', description: 'The ward' })
@Controller('wards/:id/streets')
export class StreetsController {
  constructor(private readonly streets: StreetsService) {}

  @Get()
  @Roles('resident', 'officer', 'supervisor', 'admin')
  @ApiOperation({ operationId: 'listWardStreets', summary: "A ward's streets (its gazetteer), or those resembling q" })
  @ApiOkResponse({ type: StreetPage })
  @ApiProblems({ status: 404, description: 'No such ward' })
  async list(@Param('id', uuidParam('id')) wardId: string, @Query() query: StreetListQueryDto): Promise<StreetPage> {
    const limit = query.limit ?? 500;
    const after = cursorKeys(query.cursor, ['key', 'id'] as const);
    const rows = await this.streets.list(wardId, query.q, { after, limit: limit + 1 });
    const page = keysetPage(rows, limit, (last) => ({ key: last.sortKey ?? String(last.similarity), id: last.id }));
    return { items: page.items.map(({ sortKey: _sortKey, ...street }) => street), next: page.next };
  }

  @Post('import')
  @Roles('admin')
  @ApiOperation({
    operationId: 'importWardStreets',
    summary:
      "Import or update a ward's streets from an OpenStreetMap-style GeoJSON export or a list of names; says how many were imported, updated and skipped, and why (audited). Body limit: HTTP_IMPORT_BODY_LIMIT",
  })
  @ApiCreatedResponse({ type: StreetImportResponse })
  @ApiProblems({ status: 404, description: 'No such ward' }, { status: 413, description: 'The body is larger than HTTP_IMPORT_BODY_LIMIT' })
  import(
    @CurrentUser() user: Principal,
    @Param('id', uuidParam('id')) wardId: string,
    @Body() body: StreetImportDto,
  ): Promise<StreetImportResult> {
    return this.streets.importStreets(user, wardId, body);
  }
}
