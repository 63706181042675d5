import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiConfig } from '@wardwatch/config';
import { Public } from '../auth/access-policy';
import { basemapFile } from '../map/map.controller';

export class MapSettings {
  @ApiProperty({
    example: false,
    description:
      'Whether the deployment supplies an offline basemap: when true the web app loads GET /map/basemap.pmtiles (signed in) under its layers',
  })
  basemap: boolean;
}

export class PublicSettingsResponse {
  @ApiProperty({ example: 'Phường Him Lam, Điện Biên Phủ', description: 'What the web app calls this deployment' })
  wardName: string;

  @ApiProperty({
    example: 'Asia/Ho_Chi_Minh',
    description: "The ward's IANA time zone: the web app shows every instant in it, whatever the device's zone",
  })
  timeZone: string;

  @ApiProperty({ type: MapSettings, description: 'What the map can show' })
  map: MapSettings;
}

/** What the web app needs before anyone signs in. Nothing here is secret. */
@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly config: ApiConfig) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getPublicSettings',
    summary: "The ward's name and time zone, and whether the map has an offline basemap, for the web app (public)",
  })
  @ApiOkResponse({ type: PublicSettingsResponse })
  async get(): Promise<PublicSettingsResponse> {
    return {
      wardName: this.config.WARD_NAME,
      timeZone: this.config.WARD_TIME_ZONE,
      map: { basemap: (await basemapFile(this.config)) !== null },
    };
  }
}
