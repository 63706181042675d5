import { Body, Controller, Delete, Get, Header, Param, Patch, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { CameraRegistryService, CameraSnapshotService } from '@wardwatch/cameras';
import { ResidentPortalService } from '@wardwatch/residents';
import { CurrentUser, Roles } from '../auth/access-policy';
import { ApiProblems } from '../openapi/api-problems';
import { CameraIdParam, CameraResponse } from './dto/camera.dto';
import { CameraRemovalResponse, UpdateCameraDto } from './dto/camera-portal.dto';

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
  @ApiOkResponse({
    description: 'The JPEG, as the camera took it (never cached: `Cache-Control: no-store`)',
    content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(
    { status: 403, description: 'Not one of your cameras (staff never see camera pictures outside a release)' },
    { status: 409, description: '`snapshot.camera_withdrawn`: the camera was removed or its consent withdrawn' },
    {
      status: 429,
      description: '`snapshot.rate_limited`: too many snapshots from your account; `Retry-After` says when to try again',
    },
    {
      status: 502,
      description:
        'The camera misbehaved or could not be reached; `code` (and `failure`) name what: `snapshot.too_large`, `snapshot.not_jpeg`, `snapshot.redirect`, `snapshot.timeout`, `snapshot.unreachable`, `snapshot.auth_refused`, `snapshot.http_error`, `snapshot.forbidden_address`, `snapshot.unavailable`',
    },
    {
      status: 503,
      description: '`snapshot.busy` (too many snapshots being taken at once) or `snapshot.limiter_unavailable` (the rate limiter is down)',
    },
  )
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
  @ApiProblems(
    { status: 403, description: 'Not one of your cameras (the same answer whether it exists or not)' },
    { status: 409, description: '`camera.removed`: the camera was removed' },
    {
      status: 422,
      description:
        '`camera.outside_ward` (the position is outside the camera’s ward), `camera.unknown_street` (not one of the ward’s streets; `suggestions` lists close names), `camera.ward_without_boundary`',
    },
  )
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
  @ApiProblems(
    { status: 403, description: 'Not one of your cameras' },
    { status: 409, description: '`camera.already_removed`, or `camera.removed` when another removal ran at the same time' },
  )
  remove(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<CameraRemovalResponse> {
    return this.residents.removeCamera(user, id);
  }
}
