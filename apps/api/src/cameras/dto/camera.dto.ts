import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ACCESS_LOG_MAX_PAGE,
  CAMERA_HEALTH,
  CAMERA_LIFECYCLES,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  CONSENT_STATES,
  NOTICE_LANGUAGES,
  OWNER_VISIBLE_ACTIONS,
  SHARING_MODES,
  VIEW_LIMITS,
} from '@wardwatch/cameras';
import type {
  CameraHealth,
  CameraLifecycle,
  ConsentMethod,
  ConsentPurpose,
  ConsentState,
  NoticeLanguage,
  SharingMode,
} from '@wardwatch/cameras';
import { PageOf, PageQuery } from '../../http/page';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Given in the ward's time zone (WARD_TIME_ZONE); the consent records that zone with the hours. */
export class ActiveHoursDto {
  @ApiProperty({ example: '22:00' }) @Matches(HHMM, { message: "from must be HH:MM (24-hour, the ward's time zone)" }) from: string;
  @ApiProperty({ example: '06:00' }) @Matches(HHMM, { message: "to must be HH:MM (24-hour, the ward's time zone)" }) to: string;
}

export class ConsentTermsDto {
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true, example: ['event_metadata', 'clips', 'police_search'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(CONSENT_PURPOSES.length)
  @IsIn(CONSENT_PURPOSES, { each: true, message: `each purpose must be one of ${CONSENT_PURPOSES.join(', ')}` })
  purposes: ConsentPurpose[];

  @ApiProperty({ minimum: 1, example: 7, description: 'Days clips and events are kept unless held for an investigation' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  retentionDays: number;

  @ApiProperty({ enum: SHARING_MODES, description: 'ask: approve each police request; auto_release: approved investigations get footage' })
  @IsIn(SHARING_MODES)
  sharingMode: SharingMode;

  @ApiPropertyOptional({ type: ActiveHoursDto, nullable: true, description: 'Only share footage in this daily window' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActiveHoursDto)
  activeHours?: ActiveHoursDto | null;

  @ApiProperty({ example: '2026-11', description: 'The notice version the resident read (GET /consent-notice)' })
  @Matches(/^[\w.-]{1,16}$/)
  noticeVersion: string;

  @ApiProperty({ enum: NOTICE_LANGUAGES })
  @IsIn(NOTICE_LANGUAGES)
  noticeLanguage: NoticeLanguage;

  @ApiPropertyOptional({ enum: CONSENT_METHODS, default: 'api' })
  @IsOptional()
  @IsIn(CONSENT_METHODS)
  method?: ConsentMethod;
}

export class CameraAddressDto {
  @ApiProperty({ example: 'tan-dinh', description: 'Ward code (GET /wards)' })
  @Matches(/^[A-Za-z0-9_.-]{1,32}$/, { message: 'wardCode must be a ward code from GET /wards' })
  wardCode: string;
  @ApiProperty({ example: 'Hoàng Văn Thái' }) @Transform(trim) @IsString() @Length(1, 160) street: string;
  @ApiProperty({ example: '12A' }) @Transform(trim) @IsString() @Length(1, 32) houseNumber: string;
  @ApiPropertyOptional({ example: 'Ngõ 34' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 120) alley?: string;
  @ApiPropertyOptional({ example: 'Tổ 5' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 32) residentialGroup?: string;
}

export class OnvifEndpointDto {
  @ApiProperty({ example: '10.88.3.17', description: 'IP or host name on an allowed camera network' })
  @Transform(trim)
  @IsString()
  @Length(1, 253)
  host: string;

  @ApiProperty({ example: 80 }) @Type(() => Number) @IsInt() @Min(1) @Max(65535) port: number;

  @ApiPropertyOptional({ example: '/onvif/device_service', default: '/onvif/device_service' })
  @IsOptional()
  @Matches(/^\/[\w./-]{0,254}$/, { message: 'path must start with / and contain only letters, digits, . _ - /' })
  path?: string;

  @ApiProperty({ example: 'admin' }) @IsString() @Length(1, 64) username: string;
  @ApiProperty({ writeOnly: true }) @IsString() @Length(1, 128) password: string;
}

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

export class EnrolCameraDto {
  @ApiProperty({ example: 'Cổng trước' }) @Transform(trim) @IsString() @Length(1, 80) label: string;
  @ApiProperty({ type: CameraAddressDto }) @ValidateNested() @Type(() => CameraAddressDto) address: CameraAddressDto;
  @ApiProperty({ example: 10.7905 }) @Type(() => Number) @IsLatitude() latitude: number;
  @ApiProperty({ example: 106.6903 }) @Type(() => Number) @IsLongitude() longitude: number;
  @ApiPropertyOptional({ example: 'Looks east along the alley' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 240)
  facingNote?: string;
  @ApiPropertyOptional({ type: ViewDirectionDto, description: 'Where the camera looks (a cone on the map)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ViewDirectionDto)
  direction?: ViewDirectionDto;
  @ApiProperty({ type: OnvifEndpointDto }) @ValidateNested() @Type(() => OnvifEndpointDto) onvif: OnvifEndpointDto;
  @ApiPropertyOptional({
    type: ConsentTermsDto,
    description:
      'Omit it to enrol the camera pending (nothing captured or shared), look at GET /cameras/:id/snapshot, then consent with PUT /cameras/:id/consent',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentTermsDto)
  consent?: ConsentTermsDto;
}

export class CameraIdParam {
  @ApiProperty({ format: 'uuid', description: 'The camera' }) @IsUUID('4', { message: 'id must be a UUID' }) id: string;
}

export class NoticeQueryDto {
  @ApiPropertyOptional({ enum: NOTICE_LANGUAGES, default: 'vi' }) @IsOptional() @IsIn(NOTICE_LANGUAGES) language?: NoticeLanguage;
}

export class CameraCredentialsDto {
  @ApiProperty({ example: 'admin' }) @IsString() @Length(1, 64) username: string;
  @ApiProperty({ writeOnly: true }) @IsString() @Length(1, 128) password: string;
}

export class ClipSettingsDto {
  @ApiProperty({
    nullable: true,
    type: 'integer',
    example: 5,
    description: 'Seconds of video before motion (null: the default); at most CLIP_MAX_PRE_ROLL_S',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  preRollSeconds: number | null;

  @ApiProperty({
    nullable: true,
    type: 'integer',
    example: 10,
    description: 'Seconds of video after motion (null: the default); at most CLIP_MAX_POST_ROLL_S',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  postRollSeconds: number | null;
}

/** Keyset paging over the audit log, newest first. */
export class AuditCursorQueryDto extends PageQuery({ defaultLimit: 50, maxLimit: ACCESS_LOG_MAX_PAGE }) {}

/** A camera list: oldest first. Residents have a few; an admin sees the whole ward's (hundreds), so it pages. */
export class CameraListQueryDto extends PageQuery({ defaultLimit: 100, maxLimit: 500 }) {}

// Responses

export class ConsentNoticeResponse {
  @ApiProperty({ example: '2026-11', description: 'Send it back as consent.noticeVersion' }) version: string;
  @ApiProperty({ enum: NOTICE_LANGUAGES }) language: NoticeLanguage;
  @ApiProperty({ description: 'The notice, as the resident reads it' }) text: string;
}

class WardNameResponse {
  @ApiProperty({ example: 'him-lam' }) code: string;
  @ApiProperty({ example: 'Him Lam' }) name: string;
}

export class CameraAddressResponse {
  @ApiProperty({ type: WardNameResponse, nullable: true }) ward: WardNameResponse | null;
  @ApiProperty({ example: 'Hoàng Văn Thái' }) street: string;
  @ApiProperty({ example: '12A' }) houseNumber: string;
  @ApiProperty({ nullable: true, type: String, example: 'Ngõ 34' }) alley: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Tổ 5' }) residentialGroup: string | null;
}

class OnvifAddressResponse {
  @ApiProperty({ example: '10.88.3.17' }) host: string;
  @ApiProperty({ type: 'integer', example: 80 }) port: number;
  @ApiProperty({ example: '/onvif/device_service' }) path: string;
}

class DeviceInfoResponse {
  @ApiProperty() manufacturer: string;
  @ApiProperty() model: string;
  @ApiProperty() firmwareVersion: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty() hardwareId: string;
}

class StreamProfileResponse {
  @ApiProperty() token: string;
  @ApiProperty({ example: 'H264' }) encoding: string;
  @ApiProperty({ type: 'integer', example: 320 }) width: number;
  @ApiProperty({ type: 'integer', example: 240 }) height: number;
}

class ClipSettingsResponse {
  @ApiProperty({ type: 'integer', nullable: true, description: 'null: the default' }) preRollSeconds: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null: the default' }) postRollSeconds: number | null;
}

class ViewDirectionResponse {
  @ApiProperty({ type: 'integer', example: 90, description: 'Degrees clockwise from north' }) azimuthDeg: number;
  @ApiProperty({ type: 'integer', example: 90, description: 'Field-of-view angle in degrees' }) fieldOfViewDeg: number;
  @ApiProperty({ type: 'integer', example: 30, description: 'How far the camera usefully sees, in metres' }) rangeM: number;
}

export class GeoJsonPolygonResponse {
  @ApiProperty({ enum: ['Polygon'] }) type: 'Polygon';
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } },
    description: 'One closed, counter-clockwise ring of [longitude, latitude]: the camera, then the arc at its range',
  })
  coordinates: [number, number][][];
}

export class CameraResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ example: 'Cổng trước' }) label: string;
  @ApiProperty({ type: CameraAddressResponse }) address: CameraAddressResponse;
  @ApiProperty({ example: 21.39 }) latitude: number;
  @ApiProperty({ example: 103.03 }) longitude: number;
  @ApiProperty({ nullable: true, type: String }) facingNote: string | null;
  @ApiProperty({ type: ViewDirectionResponse, nullable: true, description: 'Where the camera looks; null: not given' })
  direction: ViewDirectionResponse | null;
  @ApiProperty({ type: GeoJsonPolygonResponse, nullable: true, description: 'The direction of view as a polygon, for the map' })
  viewCone: GeoJsonPolygonResponse | null;
  @ApiProperty({ type: OnvifAddressResponse }) onvif: OnvifAddressResponse;
  @ApiProperty({ type: DeviceInfoResponse }) device: DeviceInfoResponse;
  @ApiProperty({ type: StreamProfileResponse }) profile: StreamProfileResponse;
  @ApiProperty({ description: 'RTSP address of the chosen profile (no credentials)' }) streamUri: string;
  @ApiProperty({ type: 'integer', description: 'Camera clock minus server clock, at the last probe' }) clockOffsetMs: number;
  @ApiProperty({ type: ClipSettingsResponse }) clipSettings: ClipSettingsResponse;
  @ApiProperty({ enum: CAMERA_LIFECYCLES }) lifecycle: CameraLifecycle;
  @ApiProperty({ enum: CAMERA_HEALTH }) health: CameraHealth;
  @ApiProperty({ type: String, format: 'date-time' }) lastProbedAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When its owner removed it (it then leaves their list); null while enrolled',
  })
  removedAt: Date | null;
}

export class CameraPage extends PageOf(CameraResponse) {}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) cameraId: string;
  @ApiProperty({ type: 'integer', description: 'Versions count from 1; a change is a new version, never an edit' }) version: number;
  @ApiProperty({ enum: CONSENT_STATES }) state: ConsentState;
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true }) purposes: ConsentPurpose[];
  @ApiProperty({ type: 'integer', example: 7 }) retentionDays: number;
  @ApiProperty({ enum: SHARING_MODES }) sharingMode: SharingMode;
  @ApiProperty({ type: ActiveHoursDto, nullable: true }) activeHours: ActiveHoursDto | null;
  @ApiProperty({ example: '2026-11' }) noticeVersion: string;
  @ApiProperty({ enum: NOTICE_LANGUAGES }) noticeLanguage: NoticeLanguage;
  @ApiProperty({ enum: CONSENT_METHODS }) method: ConsentMethod;
  @ApiProperty({ format: 'uuid' }) givenBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) givenAt: Date;
}

export class ConsentPage extends PageOf(ConsentResponse) {}

export class CameraWithConsentResponse {
  @ApiProperty({ type: CameraResponse }) camera: CameraResponse;
  @ApiProperty({ type: ConsentResponse, nullable: true, description: 'The current consent version' }) consent: ConsentResponse | null;
}

class AccessLogActorResponse {
  @ApiProperty({ nullable: true, type: String, description: 'null for another resident who tried to enrol the camera' })
  name: string | null;
  @ApiProperty({ example: 'officer' }) role: string;
}

class AccessLogPurposeResponse {
  @ApiProperty({ nullable: true, type: String, example: 'HCM-2026-00417' }) investigationCaseNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class AccessLogEntryResponse {
  @ApiProperty({ example: '1042', description: 'Position in the audit chain' }) seq: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ enum: OWNER_VISIBLE_ACTIONS }) action: string;
  @ApiProperty({ type: AccessLogActorResponse }) actor: AccessLogActorResponse;
  @ApiProperty({ type: AccessLogPurposeResponse }) purpose: AccessLogPurposeResponse;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What, as far as it concerns this camera' })
  details: Record<string, unknown>;
}

export class AccessLogPage extends PageOf(AccessLogEntryResponse) {}

class ConflictAttemptResponse {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) id: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
}

class ConflictOwnerResponse {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) id: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class EnrolmentConflictResponse {
  @ApiProperty({ example: '1042' }) seq: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ type: ConflictAttemptResponse, description: 'The resident who tried' }) attemptedBy: ConflictAttemptResponse;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The enrolment that holds the device or address' })
  cameraId: string | null;
  @ApiProperty({ type: ConflictOwnerResponse }) owner: ConflictOwnerResponse;
  @ApiProperty({ description: 'What matched (same device, or same address and port)' }) matched: unknown;
  @ApiProperty({ description: 'The address that was tried' }) target: unknown;
}

export class EnrolmentConflictPage extends PageOf(EnrolmentConflictResponse) {}
