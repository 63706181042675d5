import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {} from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { StreetsService } from '@wardwatch/places';
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
    description: 'LineString/MultiLineString (or null geometry) features with properties.name',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
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
    summary: "Import or update a ward's streets: GeoJSON lines or a list of names (all or nothing; audited)",
  })
  @ApiCreatedResponse({ type: [StreetResponse], description: 'Every street imported or updated' })
  @ApiProblems({ status: 404, description: 'No such ward' })
  import(
    @CurrentUser() user: Principal,
    @Param('id', uuidParam('id')) wardId: string,
    @Body() body: StreetImportDto,
  ): Promise<StreetResponse[]> {
    return this.streets.importStreets(user, wardId, body);
  }
}
