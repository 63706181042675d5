import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
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

export class CameraNetworkPage extends PageOf(CameraNetworkResponse) {}

@ApiTags('cameras')
@Controller('camera-networks')
@Roles('admin')
export class CameraNetworksController {
  constructor(private readonly networks: CameraNetworksService) {}

  @Get()
  @ApiOperation({ operationId: 'listCameraNetworks', summary: 'Address ranges the service may connect to cameras in (one page)' })
  @ApiOkResponse({ type: CameraNetworkPage })
  async list(): Promise<CameraNetworkPage> {
    // Bounded by nature: a ward's allowed address ranges are a handful an admin types in, so one page.
    return wholeList(await this.networks.list());
  }

  @Post()
  @ApiOperation({ operationId: 'addCameraNetwork', summary: 'Allow a camera network (audited)' })
  @ApiCreatedResponse({ type: CameraNetworkResponse })
  @ApiProblems({ status: 409, description: 'Already an allowed camera network' })
  add(@CurrentUser() user: Principal, @Body() body: CameraNetworkDto): Promise<CameraNetworkResponse> {
    return this.networks.add(user, body.cidr, body.label);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removeCameraNetwork',
    summary: 'Remove a camera network (audited); cameras in it can no longer be reached',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  remove(@CurrentUser() user: Principal, @Param() { id }: NetworkIdParam): Promise<void> {
    return this.networks.remove(user, id);
  }
}
