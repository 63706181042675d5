import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { WardsService } from '@wardwatch/places';
import { CurrentUser, Roles } from '../auth/access-policy';
import { wholeList } from '../http/page';

export class WardImportDto {
  @ApiProperty({ enum: ['FeatureCollection'] }) @IsIn(['FeatureCollection']) type: 'FeatureCollection';

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Polygon/MultiPolygon features with properties code and name' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsObject({ each: true })
  features: object[];
}

@ApiTags('places')
@Controller('wards')
export class WardsController {
  constructor(private readonly wards: WardsService) {}

  @Get()
  @Roles('resident', 'officer', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Wards cameras can be enrolled in' })
  async list() {
    // Bounded by nature: the wards one installation serves (an import takes at most 500), so one page.
    return wholeList(await this.wards.list());
  }

  @Post('import')
  @Roles('admin')
  @ApiOperation({ summary: 'Import or update wards from GeoJSON (all or nothing; audited)' })
  import(@CurrentUser() user: Principal, @Body() body: WardImportDto) {
    return this.wards.importGeoJson(user, body);
  }
}
