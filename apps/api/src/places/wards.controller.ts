import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { WardsService } from '@wardwatch/places';
import { CurrentUser, Roles } from '../auth/access-policy';
import { PageOf, wholeList } from '../http/page';

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

  @Post('import')
  @Roles('admin')
  @ApiOperation({ operationId: 'importWards', summary: 'Import or update wards from GeoJSON (all or nothing; audited)' })
  @ApiCreatedResponse({ type: [WardResponse], description: 'Every ward imported or updated' })
  import(@CurrentUser() user: Principal, @Body() body: WardImportDto): Promise<WardResponse[]> {
    return this.wards.importGeoJson(user, body);
  }
}
