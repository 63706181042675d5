import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiConfig } from '@wardwatch/config';
import {
  JUSTIFICATION_MAX_CHARS,
  JUSTIFICATION_MIN_CHARS,
  MAX_CAMERAS_PER_REQUEST,
  MAX_REQUEST_WINDOW_MS,
} from '@wardwatch/investigations';
import { MAX_POLYGON_VERTICES } from '@wardwatch/places';
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

export class FootageRequestLimitsResponse {
  @ApiProperty({ example: 0.5, description: 'The largest area (km²) a footage request may cover without a written justification' })
  maxAreaKm2: number;

  @ApiProperty({ example: 12, description: 'The longest window (hours) a footage request may cover without a written justification' })
  maxWindowHours: number;

  @ApiProperty({ example: JUSTIFICATION_MIN_CHARS, description: 'The shortest justification accepted for a request beyond either limit' })
  justificationMinChars: number;

  @ApiProperty({ example: JUSTIFICATION_MAX_CHARS, description: 'The longest justification accepted' })
  justificationMaxChars: number;

  @ApiProperty({ example: 744, description: 'The absolute cap on a window (hours), justification or not' })
  absoluteMaxWindowHours: number;

  @ApiProperty({ example: 200, description: 'The most cameras one request may name or an area may resolve to' })
  maxCameras: number;

  @ApiProperty({ example: 200, description: 'The most vertices a polygon selection may have' })
  maxPolygonVertices: number;
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

  @ApiProperty({
    type: FootageRequestLimitsResponse,
    description: 'What one footage request may cover without a justification, so that the request form can show it',
  })
  footageRequestLimits: FootageRequestLimitsResponse;
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
    summary:
      "The ward's name and time zone, whether the map has an offline basemap, and the footage request limits, for the web app (public)",
  })
  @ApiOkResponse({ type: PublicSettingsResponse })
  async get(): Promise<PublicSettingsResponse> {
    return {
      wardName: this.config.WARD_NAME,
      timeZone: this.config.WARD_TIME_ZONE,
      map: { basemap: (await basemapFile(this.config)) !== null },
      footageRequestLimits: {
        maxAreaKm2: this.config.FOOTAGE_REQUEST_MAX_AREA_KM2,
        maxWindowHours: this.config.FOOTAGE_REQUEST_MAX_WINDOW_HOURS,
        justificationMinChars: JUSTIFICATION_MIN_CHARS,
        justificationMaxChars: JUSTIFICATION_MAX_CHARS,
        absoluteMaxWindowHours: MAX_REQUEST_WINDOW_MS / 3_600_000,
        maxCameras: MAX_CAMERAS_PER_REQUEST,
        maxPolygonVertices: MAX_POLYGON_VERTICES,
      },
    };
  }
}
