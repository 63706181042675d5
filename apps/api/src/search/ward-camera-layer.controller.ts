import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { CAMERA_HEALTH } from '@wardwatch/cameras';
import { SearchService, type WardCameraLayer } from '@wardwatch/search';
import { GeoJsonPolygonResponse } from '../cameras/dto/camera.dto';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { uuidParam } from '../http/validation-problem';

class LayerLocation {
  @ApiProperty({ example: 21.3895 }) latitude: number;
  @ApiProperty({ example: 103.0312 }) longitude: number;
}

class LayerOpenGap {
  @ApiProperty({ enum: ['offline', 'subscription_lost', 'stream_lost', 'auth_failed', 'no_worker', 'no_capacity', 'network_refused'] })
  reason: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
}

class LayerCamera {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() label: string;
  @ApiProperty() street: string;
  @ApiProperty() houseNumber: string;
  @ApiProperty({ type: LayerLocation }) location: LayerLocation;
  @ApiProperty({ enum: CAMERA_HEALTH }) health: string;
  @ApiProperty({
    type: GeoJsonPolygonResponse,
    nullable: true,
    description: 'Where the camera looks; null when its owner gave no direction',
  })
  viewCone: GeoJsonPolygonResponse | null;
  @ApiProperty({ type: LayerOpenGap, nullable: true, description: 'A coverage gap still open (the service cannot see the camera now)' })
  openGap: LayerOpenGap | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When its latest event (inside the consent’s active hours) started',
  })
  lastEventAt: string | null;
  @ApiProperty({ enum: [true] }) searchable: true;
}

class LayerPosition {
  @ApiProperty({ type: LayerLocation }) location: LayerLocation;
}

export class WardCameraLayerResponse {
  @ApiProperty({ format: 'uuid' }) wardId: string;
  @ApiProperty({
    type: [LayerCamera],
    description: 'Cameras the police may search (consent in force given with police search, camera active)',
  })
  cameras: LayerCamera[];
  @ApiProperty({
    type: [LayerPosition],
    description:
      'Other enrolled cameras (pending, paused, or whose consent excludes police search): their position only, as seen from the street; ' +
      'no id, label, address or owner. Withdrawn and removed cameras are not listed.',
  })
  notSearchable: LayerPosition[];
}

/** The officers' map layer of a ward's cameras. */
@ApiTags('search')
@Controller('wards')
export class WardCameraLayerController {
  constructor(private readonly search: SearchService) {}

  @Get(':id/cameras')
  @Roles('officer', 'supervisor', 'admin')
  @ApiParam({ name: 'id', format: 'uuid', description: 'The ward' })
  @ApiOperation({
    operationId: 'getWardCameraLayer',
    summary: 'The ward’s cameras for the officers’ map: searchable ones with their view cones, the others by position only (audited)',
  })
  @ApiOkResponse({ type: WardCameraLayerResponse })
  @ApiProblems({ status: 404, description: 'No such ward' })
  layer(@CurrentUser() user: Principal, @Param('id', uuidParam('id')) wardId: string): Promise<WardCameraLayer> {
    return this.search.wardCameraLayer(user, wardId);
  }
}
