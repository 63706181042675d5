import { Body, Controller, Delete, Get, Header, Param, Patch, StreamableFile } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { CameraRegistryService, CameraSnapshotService } from '@wardwatch/cameras';
import { ResidentPortalService } from '@wardwatch/residents';
import { CurrentUser, Roles } from '../auth/access-policy';
import { CameraIdParam } from './dto/camera.dto';
import { CameraRemovalResponse, CameraResponse, SnapshotErrorResponse, UpdateCameraDto } from './dto/camera-portal.dto';

/** The residents' portal's own camera routes: snapshot, edit and remove. */
@ApiTags('cameras')
@Controller('cameras/:id')
export class CameraPortalController {
  constructor(
    private readonly registry: CameraRegistryService,
    private readonly residents: ResidentPortalService,
    private readonly snapshots: CameraSnapshotService,
  ) {}

  @Get('snapshot')
  @Roles('resident')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('image/jpeg')
  @ApiOperation({
    operationId: 'getCameraSnapshot',
    summary:
      'A picture from your camera now, so you see exactly what it shares (before consenting too: a camera enrolled without consent stays pending). From the camera’s ONVIF snapshot address, or one frame of its stream; audited in its access log; limited per owner',
  })
  @ApiOkResponse({ description: 'The JPEG', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } })
  @ApiForbiddenResponse({ description: 'Not one of your cameras (staff never see camera pictures outside a release)' })
  @ApiConflictResponse({ description: 'The camera was removed or its consent withdrawn' })
  @ApiBadGatewayResponse({
    type: SnapshotErrorResponse,
    description:
      'The camera misbehaved or could not be reached; `failure` names what: too large, not a JPEG, a redirect, too slow, unreachable, credentials refused',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many snapshots from your account; `Retry-After` says when to try again' })
  @ApiServiceUnavailableResponse({ description: 'Too many snapshots being taken at once, or the rate limiter is down' })
  async snapshot(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<StreamableFile> {
    const { jpeg } = await this.snapshots.take(user, id);
    return new StreamableFile(jpeg, { type: 'image/jpeg', length: jpeg.length });
  }

  @Patch()
  @Roles('resident')
  @ApiOperation({
    operationId: 'updateCamera',
    summary: 'Change your camera’s label, address, position (inside its ward) or direction of view; audited, shown in its access log',
  })
  @ApiOkResponse({ type: CameraResponse })
  @ApiForbiddenResponse({ description: 'Not one of your cameras (the same answer whether it exists or not)' })
  @ApiUnprocessableEntityResponse({
    description:
      '`failure`: outside_ward (the position is outside the camera’s ward), unknown_street (not one of the ward’s streets), ward_without_boundary',
  })
  @ApiConflictResponse({ description: 'The camera was removed' })
  update(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Body() body: UpdateCameraDto): Promise<CameraResponse> {
    return this.registry.update(user, id, {
      label: body.label,
      address: body.address,
      position:
        body.latitude !== undefined && body.longitude !== undefined ? { latitude: body.latitude, longitude: body.longitude } : undefined,
      direction: body.direction,
      facingNote: body.facingNote,
    });
  }

  @Delete()
  @Roles('resident')
  @ApiOperation({
    operationId: 'removeCamera',
    summary:
      'Remove your camera: consent is withdrawn (capture and the event subscription stop at once), police requests waiting for your answer are declined, footage not on hold is deleted, footage on legal hold for an investigation stays until the hold ends; the camera leaves your list',
  })
  @ApiOkResponse({ type: CameraRemovalResponse, description: 'What was done, with counts and a sentence for the owner' })
  @ApiForbiddenResponse({ description: 'Not one of your cameras' })
  @ApiConflictResponse({ description: 'Already removed' })
  remove(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<CameraRemovalResponse> {
    return this.residents.removeCamera(user, id);
  }
}
