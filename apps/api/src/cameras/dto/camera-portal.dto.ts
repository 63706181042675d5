import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsLatitude, IsLongitude, IsOptional, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import { CameraResponse, ViewDirectionDto } from './camera.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UpdateCameraAddressDto {
  @ApiPropertyOptional({ example: 'Hoàng Văn Thái', description: "One of the ward's streets (GET /wards/:id/streets), when it has any" })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 160)
  street?: string;

  @ApiPropertyOptional({ example: '12A' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 32) houseNumber?: string;

  @ApiPropertyOptional({ example: 'Ngõ 34', nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  alley?: string | null;

  @ApiPropertyOptional({ example: 'Tổ 5', nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Transform(trim)
  @IsString()
  @Length(1, 32)
  residentialGroup?: string | null;
}

/** What the owner may change; every field is optional, and only what is sent changes. */
export class UpdateCameraDto {
  @ApiPropertyOptional({ example: 'Cổng sau' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 80) label?: string;

  @ApiPropertyOptional({ type: UpdateCameraAddressDto, description: "The ward stays the camera's; enrol again for another ward" })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateCameraAddressDto)
  address?: UpdateCameraAddressDto;

  @ApiPropertyOptional({ example: 10.7905, description: 'With longitude; must lie inside the camera’s ward' })
  @ValidateIf((o: UpdateCameraDto) => o.latitude !== undefined || o.longitude !== undefined)
  @Type(() => Number)
  @IsLatitude({ message: 'latitude must be given with longitude, as a latitude' })
  latitude?: number;

  @ApiPropertyOptional({ example: 106.6903, description: 'With latitude' })
  @ValidateIf((o: UpdateCameraDto) => o.latitude !== undefined || o.longitude !== undefined)
  @Type(() => Number)
  @IsLongitude({ message: 'longitude must be given with latitude, as a longitude' })
  longitude?: number;

  @ApiPropertyOptional({ type: ViewDirectionDto, nullable: true, description: 'null removes the direction of view' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @ValidateNested()
  @Type(() => ViewDirectionDto)
  direction?: ViewDirectionDto | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Looks east along the alley' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Transform(trim)
  @IsString()
  @Length(1, 240)
  facingNote?: string | null;
}

class RemovalFootageResponse {
  @ApiProperty({
    type: 'integer',
    description: 'Clips not on hold: deleted now (the workers purge on the withdrawal signal), or by retention at the latest',
  })
  clipsDeleted: number;
  @ApiProperty({
    type: 'integer',
    description:
      'Clips on legal hold for an investigation you were told of (a request you were asked about, or footage released): kept until the hold ends, then deleted',
  })
  clipsKeptOnHold: number;
}

/** What removing a camera does (DELETE /cameras/:id) or would do (the account deletion preview). */
export class CameraRemovalResponse {
  @ApiProperty({ type: CameraResponse }) camera: CameraResponse;
  @ApiProperty({
    description: 'A consent in force was withdrawn (a new version, audited); capture and the event subscription stop at once',
  })
  consentWithdrawn: boolean;
  @ApiProperty({ type: RemovalFootageResponse }) footage: RemovalFootageResponse;
  @ApiProperty({ type: 'integer', description: 'Police requests waiting for your answer about this camera, declined on your behalf' })
  requestsDeclined: number;
  @ApiProperty({ example: 'Consent withdrawn. …', description: 'What happens, in words for the owner' })
  outcome: string;
}
