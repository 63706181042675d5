import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { CameraNetworksService } from '@wardwatch/cameras';
import { CurrentUser, Roles } from '../auth/access-policy';
import { PageOf, wholeList } from '../http/page';
import { ApiProblems } from '../openapi/api-problems';

export class CameraNetworkDto {
  @ApiProperty({ example: '10.88.0.0/16' })
  @Matches(/^[0-9a-fA-F.:]+\/\d{1,3}$/, { message: 'cidr must be a CIDR range such as 10.88.0.0/16' })
  cidr: string;

  @ApiProperty({ example: 'Tân Định WireGuard overlay' }) @IsString() @Length(1, 120) label: string;
}

export class NetworkIdParam {
  @ApiProperty({ format: 'uuid', description: 'The camera network' }) @IsUUID('4', { message: 'id must be a UUID' }) id: string;
}

export class CameraNetworkResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '10.88.0.0/16' }) cidr: string;
  @ApiProperty({ example: 'Tân Định WireGuard overlay' }) label: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null: from the configuration' }) createdBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class CameraNetworkCoverageResponse extends CameraNetworkResponse {
  @ApiProperty({ description: 'Enrolled cameras (not withdrawn or removed) whose ONVIF host is in this range' }) cameras: number;
}

export class CameraNetworkPage extends PageOf(CameraNetworkCoverageResponse) {
  @ApiProperty({ description: 'Enrolled cameras whose host is in no allowed range: the service cannot reach them' })
  camerasOutside: number;
  @ApiProperty({ description: 'Enrolled cameras on loopback, reachable only where CAMERA_ALLOW_LOOPBACK is set (development, tests)' })
  camerasOnLoopback: number;
}

export class RemoveNetworkQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'Remove it even though enrolled cameras are in it (they can no longer be reached)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'force must be true or false' })
  force?: boolean;
}

@ApiTags('cameras')
@Controller('camera-networks')
@Roles('admin')
export class CameraNetworksController {
  constructor(private readonly networks: CameraNetworksService) {}

  @Get()
  @ApiOperation({
    operationId: 'listCameraNetworks',
    summary:
      'Address ranges the service may connect to cameras in, with how many enrolled cameras each covers and how many none does (one page)',
  })
  @ApiOkResponse({ type: CameraNetworkPage })
  async list(): Promise<CameraNetworkPage> {
    // Bounded by nature: a ward's allowed address ranges are a handful an admin types in, so one page.
    const { networks, outside, loopback } = await this.networks.listWithCoverage();
    return { ...wholeList(networks), camerasOutside: outside, camerasOnLoopback: loopback };
  }

  @Post()
  @ApiOperation({ operationId: 'addCameraNetwork', summary: 'Allow a camera network (audited)' })
  @ApiCreatedResponse({ type: CameraNetworkResponse })
  @ApiProblems(
    {
      status: 400,
      description: 'Not a CIDR range (`camera_network.invalid_cidr`), or broader than /8 or /32 (`camera_network.too_broad`)',
    },
    { status: 409, description: 'Already an allowed camera network' },
  )
  add(@CurrentUser() user: Principal, @Body() body: CameraNetworkDto): Promise<CameraNetworkResponse> {
    return this.networks.add(user, body.cidr, body.label);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removeCameraNetwork',
    summary:
      'Remove a camera network (audited). Refused while enrolled cameras are in it (409 camera_network.in_use with their number) unless force=true: they can no longer be reached',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems({ status: 409, description: 'Enrolled cameras are in this network (`cameras`); send force=true to remove it anyway' })
  remove(@CurrentUser() user: Principal, @Param() { id }: NetworkIdParam, @Query() query: RemoveNetworkQueryDto): Promise<void> {
    return this.networks.remove(user, id, query.force === true);
  }
}
