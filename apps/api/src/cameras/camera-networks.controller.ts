import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { CameraNetworksService } from '@wardwatch/cameras';
import { CurrentUser, Roles } from '../auth/access-policy';
import { wholeList } from '../http/page';

export class CameraNetworkDto {
  @ApiProperty({ example: '10.88.0.0/16' })
  @Matches(/^[0-9a-fA-F.:]+\/\d{1,3}$/, { message: 'cidr must be a CIDR range such as 10.88.0.0/16' })
  cidr: string;

  @ApiProperty({ example: 'Tân Định WireGuard overlay' }) @IsString() @Length(1, 120) label: string;
}

export class NetworkIdParam {
  @IsUUID('4', { message: 'id must be a UUID' }) id: string;
}

@ApiTags('cameras')
@Controller('camera-networks')
@Roles('admin')
export class CameraNetworksController {
  constructor(private readonly networks: CameraNetworksService) {}

  @Get()
  @ApiOperation({ summary: 'Address ranges the service may connect to cameras in' })
  async list() {
    // Bounded by nature: a ward's allowed address ranges are a handful an admin types in, so one page.
    return wholeList(await this.networks.list());
  }

  @Post()
  @ApiOperation({ summary: 'Allow a camera network (audited)' })
  add(@CurrentUser() user: Principal, @Body() body: CameraNetworkDto) {
    return this.networks.add(user, body.cidr, body.label);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a camera network (audited); cameras in it can no longer be reached' })
  remove(@CurrentUser() user: Principal, @Param() { id }: NetworkIdParam) {
    return this.networks.remove(user, id);
  }
}
