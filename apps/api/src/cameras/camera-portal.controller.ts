import { Body, Controller, Delete, Param, Patch } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { CameraRegistryService } from '@wardwatch/cameras';
import { ResidentPortalService } from '@wardwatch/residents';
import { CurrentUser, Roles } from '../auth/access-policy';
import { CameraIdParam } from './dto/camera.dto';
import { CameraRemovalResponse, CameraResponse, UpdateCameraDto } from './dto/camera-portal.dto';

/** The residents' portal's own camera routes: edit and remove (the snapshot has its own controller). */
@ApiTags('cameras')
@Controller('cameras/:id')
export class CameraPortalController {
  constructor(
    private readonly registry: CameraRegistryService,
    private readonly residents: ResidentPortalService,
  ) {}

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
