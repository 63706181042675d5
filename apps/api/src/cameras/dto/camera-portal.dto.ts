import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsLatitude, IsLongitude, IsOptional, IsString, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CAMERA_HEALTH, CAMERA_LIFECYCLES, VIEW_LIMITS } from '@wardwatch/cameras';
import type { CameraHealth, CameraLifecycle } from '@wardwatch/cameras';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const { azimuthDeg: AZ, fieldOfViewDeg: FOV, rangeM: RANGE } = VIEW_LIMITS;

/** Where the camera looks: the map draws it as a cone (`viewCone` in the camera's answer). */
export class ViewDirectionDto {
  @ApiProperty({ minimum: AZ.min, maximum: AZ.max, example: 90, description: 'Degrees clockwise from north (0 north, 90 east)' })
  @Type(() => Number)
  @IsInt({ message: 'azimuthDeg must be a whole number of degrees' })
  @Min(AZ.min, { message: `azimuthDeg must be ${AZ.min}-${AZ.max} degrees from north` })
  @Max(AZ.max, { message: `azimuthDeg must be ${AZ.min}-${AZ.max} degrees from north` })
  azimuthDeg: number;

  @ApiProperty({ minimum: FOV.min, maximum: FOV.max, example: 90, description: 'Field-of-view angle in degrees' })
  @Type(() => Number)
  @IsInt({ message: 'fieldOfViewDeg must be a whole number of degrees' })
  @Min(FOV.min, { message: `fieldOfViewDeg must be ${FOV.min}-${FOV.max} degrees` })
  @Max(FOV.max, { message: `fieldOfViewDeg must be ${FOV.min}-${FOV.max} degrees` })
  fieldOfViewDeg: number;

  @ApiProperty({ minimum: RANGE.min, maximum: RANGE.max, example: 30, description: 'How far the camera usefully sees, in metres' })
  @Type(() => Number)
  @IsInt({ message: 'rangeM must be a whole number of metres' })
  @Min(RANGE.min, { message: `rangeM must be ${RANGE.min}-${RANGE.max} metres` })
  @Max(RANGE.max, { message: `rangeM must be ${RANGE.min}-${RANGE.max} metres` })
  rangeM: number;
}

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

class WardRefResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

class CameraAddressResponse {
  @ApiProperty({ type: WardRefResponse, nullable: true }) ward: WardRefResponse | null;
  @ApiProperty() street: string;
  @ApiProperty() houseNumber: string;
  @ApiProperty({ nullable: true, type: String }) alley?: string | null;
  @ApiProperty({ nullable: true, type: String }) residentialGroup?: string | null;
}

class GeoJsonPolygonResponse {
  @ApiProperty({ enum: ['Polygon'] }) type: 'Polygon';
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } },
    description: 'One closed, counter-clockwise ring of [longitude, latitude]: the camera, then the arc at its range',
  })
  coordinates: [number, number][][];
}

class OnvifEndpointResponse {
  @ApiProperty() host: string;
  @ApiProperty() port: number;
  @ApiProperty() path: string;
}

class DeviceInfoResponse {
  @ApiProperty() manufacturer: string;
  @ApiProperty() model: string;
  @ApiProperty() firmwareVersion: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty() hardwareId: string;
}

class ProfileResponse {
  @ApiProperty() token: string;
  @ApiProperty() encoding: string;
  @ApiProperty() width: number;
  @ApiProperty() height: number;
}

class ClipSettingsResponse {
  @ApiProperty({ nullable: true, type: Number }) preRollSeconds: number | null;
  @ApiProperty({ nullable: true, type: Number }) postRollSeconds: number | null;
}

class ViewDirectionResponse {
  @ApiProperty() azimuthDeg: number;
  @ApiProperty() fieldOfViewDeg: number;
  @ApiProperty() rangeM: number;
}

/** A camera as its owner (or an admin) sees it: never credentials. */
export class CameraResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: CameraAddressResponse }) address: CameraAddressResponse;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty({ nullable: true, type: String }) facingNote: string | null;
  @ApiProperty({ type: ViewDirectionResponse, nullable: true }) direction: ViewDirectionResponse | null;
  @ApiProperty({ type: GeoJsonPolygonResponse, nullable: true, description: 'The direction of view as a polygon, for the map' })
  viewCone: GeoJsonPolygonResponse | null;
  @ApiProperty({ type: OnvifEndpointResponse }) onvif: OnvifEndpointResponse;
  @ApiProperty({ type: DeviceInfoResponse }) device: DeviceInfoResponse;
  @ApiProperty({ type: ProfileResponse }) profile: ProfileResponse;
  @ApiProperty() streamUri: string;
  @ApiProperty() clockOffsetMs: number;
  @ApiProperty({ type: ClipSettingsResponse }) clipSettings: ClipSettingsResponse;
  @ApiProperty({ enum: CAMERA_LIFECYCLES }) lifecycle: CameraLifecycle;
  @ApiProperty({ enum: CAMERA_HEALTH }) health: CameraHealth;
  @ApiProperty() lastProbedAt: Date;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) removedAt: Date | null;
}

class RemovalFootageResponse {
  @ApiProperty({
    description: 'Clips not on hold: deleted now (the workers purge on the withdrawal signal), or by retention at the latest',
  })
  clipsDeleted: number;
  @ApiProperty({
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
  @ApiProperty({ description: 'Police requests waiting for your answer about this camera, declined on your behalf' })
  requestsDeclined: number;
  @ApiProperty({ example: 'Consent withdrawn. …', description: 'What happens, in words for the owner' })
  outcome: string;
}

export class SnapshotErrorResponse {
  @ApiProperty() statusCode: number;
  @ApiProperty() message: string;
  @ApiProperty({
    enum: [
      'snapshot_too_large',
      'snapshot_not_jpeg',
      'snapshot_redirect',
      'snapshot_timeout',
      'snapshot_unreachable',
      'snapshot_auth_refused',
      'snapshot_http_error',
      'snapshot_forbidden_address',
      'snapshot_unavailable',
    ],
  })
  failure: string;
}
